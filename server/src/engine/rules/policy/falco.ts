/** Falco rules files: a YAML sequence of `rule`, `macro` and `list` items (https://falco.org/docs/reference/rules/). */
import type { DocModel } from '../../yaml/parse';
import type { YView } from '../../yaml/nodes';

const TOP = new Set(['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions']);

export interface FalcoItem { kind: 'rule' | 'macro' | 'list'; name: string; view: YView; nameView: YView }

/** Items of a Falco rules document, or undefined when the document is not a Falco rules file. */
export function falcoItems(doc: DocModel): FalcoItem[] | undefined {
  const root = doc.root;
  if (!root.isSeq) return undefined;
  const items = root.items();
  if (!items.length) return undefined;
  const out: FalcoItem[] = [];
  for (const i of items) {
    if (!i.isMap) return undefined;
    const keys = i.entries().map(([k]) => k);
    const top = keys.filter((k) => TOP.has(k));
    if (top.length !== 1) return undefined;
    const kind = top[0];
    if (kind === 'rule' || kind === 'macro' || kind === 'list') {
      const nv = i.get(kind);
      out.push({ kind, name: nv.str ?? '', view: i, nameView: nv });
    }
  }
  return out.length ? out : undefined;
}

/** Whether an item appends to or overrides a definition made elsewhere (then it may be partial). */
export function isPartial(i: FalcoItem): boolean {
  return i.view.get('append').bool === true || i.view.get('override').isMap;
}

export const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'info', 'debug'];

/** Macro and list names of the default ruleset (falcosecurity/rules falco_rules.yaml and its incubating/sandbox files). */
export const DEFAULT_NAMES = new Set([
  'open_write', 'open_read', 'open_directory', 'open_file_failed', 'never_true', 'always_true', 'proc_name_exists', 'spawned_process', 'create_symlink', 'create_hardlink',
  'kevt', 'kevt_started', 'chmod', 'modify', 'rename', 'mkdir', 'remove', 'dup', 'bin_dir', 'bin_dir_mkdir', 'bin_dir_rename', 'etc_dir', 'root_dir', 'sensitive_files',
  'sensitive_file_names', 'sensitive_directory_names', 'sensitive_mount', 'container', 'container_started', 'interactive', 'shell_binaries', 'shell_procs', 'shell_mgmt_binaries',
  'login_binaries', 'passwd_binaries', 'shadowutils_binaries', 'sysdigcloud_binaries', 'docker_binaries', 'k8s_binaries', 'lxd_binaries', 'http_server_binaries', 'db_server_binaries',
  'nosql_server_binaries', 'gitlab_binaries', 'interpreted_binaries', 'coreutils_binaries', 'network_tool_binaries', 'network_tool_procs', 'package_mgmt_binaries', 'package_mgmt_procs',
  'vpn_binaries', 'user_mgmt_binaries', 'dev_creation_binaries', 'hids_binaries', 'rpm_procs', 'deb_binaries', 'userexec_binaries', 'user_known_chmod_applications',
  'monitored_dir', 'user_known_write_monitored_dir_conditions', 'user_known_write_below_binary_dir_activities', 'user_known_write_etc_conditions', 'user_known_write_root_conditions',
  'user_known_read_sensitive_files_activities', 'user_known_shell_spawn_activities', 'user_known_change_thread_namespace_activities', 'user_known_network_tool_activities',
  'user_known_packet_socket_binaries', 'user_known_system_user_login', 'user_known_stand_streams_redirect_activities', 'user_known_non_sudo_setuid_conditions',
  'user_known_create_files_below_dev_activities', 'user_known_mount_in_privileged_containers', 'user_known_ptrace_activities', 'user_known_container_drift_activities',
  'user_known_update_package_registry', 'user_trusted_containers', 'user_privileged_containers', 'user_sensitive_mount_containers', 'user_shell_container_exclusions',
  'trusted_images_query_miner_domain_dns', 'falco_privileged_images', 'falco_sensitive_mount_images', 'falco_hostnetwork_images', 'trusted_containers', 'container_entrypoint',
  'k8s_containers', 'k8s_api_server', 'k8s_audit_stage', 'sensitive_procs', 'allowed_k8s_users', 'known_user_in_container', 'system_users', 'system_procs', 'system_binaries',
  'known_shell_spawn_cmdlines', 'known_shell_spawn_binaries', 'run_by_package_mgmt_binaries', 'inbound', 'outbound', 'inbound_outbound', 'ssh_port', 'allowed_ssh_hosts',
  'allowed_ssh_proc', 'ssh_non_standard_ports', 'ssh_non_standard_ports_network', 'cron_binaries', 'minerpool_https', 'minerpool_http', 'minerpool_other', 'miner_ports', 'miner_domains',
  'https_miner_domains', 'http_miner_domains', 'net_miner_pool', 'private_key_or_password', 'c2_server_ip_list', 'c2_server_fqdn_list', 'trusted_logging_images', 'log_files',
  'data_remove_commands', 'clear_data_procs', 'consider_packet_socket_communication', 'mount_info', 'linux_so_dirs', 'user_ssh_directory', 'proc_is_new', 'container_running_as_root',
  'ptrace_attach_or_injection', 'ptrace_syscall', 'ptrace_anti_debug', 'known_ptrace_procs', 'exe_running_docker_save', 'rename_writable_dir', 'parent_java_running_zookeeper',
  'parent_java_running_kafka', 'parent_java_running_elasticsearch', 'parent_java_running_activemq', 'parent_java_running_cassandra', 'parent_java_running_jboss_wildfly',
  'parent_java_running_glassfish', 'parent_java_running_hadoop', 'parent_java_running_datastax', 'parent_java_running_sumologic', 'parent_python_running_sdchecks',
  'shell_spawning_containers', 'trusted_images', 'allowed_shell_containers', 'java_running_sdjagent', 'safe_etc_dirs', 'sensitive_file_names', 'known_drop_and_execute_containers',
  'known_memfd_execution_processes', 'known_memfd_execution_binaries', 'proc_name_exists', 'user_known_shell_config_modifiers', 'shell_config_files', 'shell_config_directories',
  'user_known_cron_jobs', 'access_repositories', 'modify_repositories', 'repository_files', 'repository_directories', 'package_mgmt_ancestor_procs', 'privileged_procs',
  'known_root_files', 'known_root_directories', 'known_root_conditions', 'user_known_kernel_module_activities', 'user_known_ingress_remote_file_copy_activities',
  'curl_download', 'known_binaries_to_read_environment_variables_from_proc_files', 'bpf_profiled_procs', 'bpf_profiled_binaries', 'allowed_k8s_containers',
]);

const OPS = new Set(['and', 'or', 'not', 'in', 'intersects', 'pmatch', 'exists', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']);
const COMPARE = new Set(['in', 'intersects', 'pmatch', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex', '=', '==', '!=', '<', '<=', '>', '>=']);

export interface CondRef { name: string; kind: 'macro' | 'list'; start: number; end: number }

/**
 * Names a condition refers to: macros (bare identifiers in boolean position) and lists (a bare
 * identifier alone inside `in (...)`-style value lists). Offsets are into the condition string.
 */
export function conditionRefs(cond: string): CondRef[] {
  const toks: { v: string; s: number; e: number; str?: boolean }[] = [];
  const re = /\s+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[()=,]|!=|<=|>=|==|<|>|[^\s()=,<>!"']+|!/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cond))) {
    if (/^\s+$/.test(m[0])) continue;
    toks.push({ v: m[0], s: m.index, e: m.index + m[0].length, str: m[0][0] === '"' || m[0][0] === "'" });
  }
  const out: CondRef[] = [];
  const stack: ('bool' | 'values')[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.v === '(') { stack.push(COMPARE.has(toks[i - 1]?.v ?? '') ? 'values' : 'bool'); continue; }
    if (t.v === ')') { stack.pop(); continue; }
    if (t.str || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.v) || OPS.has(t.v)) continue;
    const prev = toks[i - 1]?.v;
    const next = toks[i + 1]?.v;
    if (stack[stack.length - 1] === 'values') {
      if (prev === '(' && next === ')' && t.v.includes('_')) out.push({ name: t.v, kind: 'list', start: t.s, end: t.e });
      continue;
    }
    const boolBefore = prev === undefined || prev === '(' || prev === 'and' || prev === 'or' || prev === 'not';
    const boolAfter = next === undefined || next === ')' || next === 'and' || next === 'or';
    if (boolBefore && boolAfter) out.push({ name: t.v, kind: 'macro', start: t.s, end: t.e });
  }
  return out;
}

/** Default Falco rules whose disabling removes a security detection. */
export const DEFAULT_RULES = new Set([
  'Terminal shell in container', 'Read sensitive file untrusted', 'Read sensitive file trusted after startup', 'Write below binary dir', 'Write below etc', 'Write below root',
  'Run shell untrusted', 'Contact K8S API Server From Container', 'Netcat Remote Code Execution in Container', 'Search Private Keys or Passwords', 'Clear Log Activities',
  'Remove Bulk Data from Disk', 'Create Symlink Over Sensitive Files', 'Create Hardlink Over Sensitive Files', 'Packet socket created in container',
  'Redirect STDOUT/STDIN to Network Connection in Container', 'Linux Kernel Module Injection Detected', 'Debugfs Launched in Privileged Container',
  'Detect release_agent File Container Escapes', 'PTRACE attached to process', 'PTRACE anti-debug attempt', 'Find AWS Credentials', 'Execution from /dev/shm',
  'Drop and execute new binary in container', 'Disallowed SSH Connection Non Standard Port', 'Fileless execution via memfd_create', 'Launch Privileged Container',
  'Launch Sensitive Mount Container', 'System user interactive', 'Modify binary dirs', 'Mkdir binary dirs', 'Create files below dev', 'Change thread namespace',
  'Modify Shell Configuration File', 'Schedule Cron Jobs', 'Update Package Repository', 'Outbound Connection to C2 Servers', 'Java Process Class File Download',
  'BPF Program Not Profiled', 'Polkit Local Privilege Escalation Vulnerability (CVE-2021-4034)', 'Directory traversal monitored file read', 'Launch Package Management Process in Container',
  'Set Setuid or Setgid bit', 'Non sudo setuid', 'User mgmt binaries', 'Delete or rename shell history', 'Unexpected K8s NodePort Connection', 'Launch Suspicious Network Tool in Container',
]);
