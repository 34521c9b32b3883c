/** Vault Agent Injector annotations (hashicorp/vault-k8s agent-inject/agent/annotations.go). */
import { podSpecOf, K8sObject, PodSpecRef } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';

export const PREFIX = 'vault.hashicorp.com/';

/** Exact annotation names (without the prefix). */
export const KNOWN = [
  'agent-inject', 'agent-inject-status', 'role', 'auth-type', 'auth-path', 'auth-min-backoff', 'auth-max-backoff', 'namespace', 'service', 'proxy-address', 'agent-configmap',
  'agent-inject-default-template', 'agent-template-left-delim', 'agent-template-right-delim', 'error-on-missing-key', 'template-config-exit-on-retry-failure',
  'template-static-secret-render-interval', 'template-max-connections-per-host', 'template-lease-renewal-threshold', 'preserve-secret-case', 'secret-volume-path',
  'agent-inject-containers', 'agent-inject-token', 'agent-pre-populate', 'agent-pre-populate-only', 'agent-init-first', 'agent-revoke-on-shutdown', 'agent-revoke-grace',
  'agent-enable-quit', 'agent-auto-auth-exit-on-err', 'agent-cache-enable', 'agent-cache-use-auto-auth-token', 'agent-cache-listener-port', 'agent-cache-exit-on-err',
  'agent-disable-idle-connections', 'agent-disable-keep-alives', 'go-max-procs', 'log-level', 'log-format', 'agent-image', 'agent-run-as-user', 'agent-run-as-group',
  'agent-run-as-same-user', 'agent-set-security-context', 'agent-share-process-namespace', 'agent-copy-volume-mounts', 'agent-service-account-token-volume-name',
  'agent-extra-secret', 'agent-limits-cpu', 'agent-limits-mem', 'agent-limits-ephemeral', 'agent-requests-cpu', 'agent-requests-mem', 'agent-requests-ephemeral',
  'agent-json-patch', 'agent-init-json-patch', 'tls-skip-verify', 'tls-secret', 'tls-server-name', 'ca-cert', 'ca-key', 'client-cert', 'client-key', 'client-max-retries', 'client-timeout',
];
/** Families `<prefix><name>`, longest first so that `agent-inject-template-file-` wins over `agent-inject-template-`. */
export const FAMILIES = [
  'agent-inject-template-file-', 'agent-inject-secret-', 'agent-inject-template-', 'agent-inject-file-', 'agent-inject-perms-', 'agent-inject-command-',
  'agent-template-left-delim-', 'agent-template-right-delim-', 'error-on-missing-key-', 'auth-config-', 'agent-telemetry-',
];

export interface VaultAnnotations { pod: PodSpecRef; ann: YView; entries: [string, YView][] }

/** Vault annotations of the pod (template) of a workload, without the prefix. */
export function vaultAnnotations(obj: K8sObject): VaultAnnotations | undefined {
  const pod = podSpecOf(obj);
  if (!pod) return undefined;
  const ann = pod.meta.get('annotations');
  const entries = ann.entries().filter(([k]) => k.startsWith(PREFIX)).map(([k, v]) => [k.slice(PREFIX.length), v] as [string, YView]);
  if (!entries.length) return undefined;
  return { pod, ann, entries };
}

export function annTrue(v: YView): boolean {
  const s = (v.str ?? '').toLowerCase();
  return s === 'true' || s === '1' || s === 't';
}

export function family(name: string): { prefix: string; suffix: string } | undefined {
  for (const p of FAMILIES) if (name.startsWith(p) && name.length > p.length) return { prefix: p, suffix: name.slice(p.length) };
  return undefined;
}


/**
 * `vault.hashicorp.com/` annotations on a workload's own metadata (a Deployment, StatefulSet, Job...),
 * which the injector never sees: it reads only the annotations of the pods it admits, that is of the
 * pod template. Undefined for Pods and objects without a pod template.
 */
export function workloadVaultAnnotations(obj: K8sObject): [string, YView][] | undefined {
  const pod = podSpecOf(obj);
  if (!pod || pod.path.length <= 1) return undefined;
  const entries = obj.view.get('metadata').get('annotations').entries().filter(([k]) => k.startsWith(PREFIX)).map(([k, v]) => [k.slice(PREFIX.length), v] as [string, YView]);
  return entries.length ? entries : undefined;
}

/** Vault annotations of a pod template whose `agent-inject` is true: the settings the injector applies. */
export function injectedAnnotations(obj: K8sObject): VaultAnnotations | undefined {
  const va = vaultAnnotations(obj);
  if (!va) return undefined;
  const inject = va.entries.find(([k]) => k === 'agent-inject')?.[1];
  return inject && annTrue(inject) ? va : undefined;
}
