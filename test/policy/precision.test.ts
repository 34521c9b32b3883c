/** Issue #20: Falco rule precision against the upstream rulesets (regression tests from minimal examples). */
import { runRuleTests } from '../ruleTester';

const rule = (name: string, condition: string, extra = '') => `- rule: ${name}
  desc: d
  condition: ${condition}
  output: o (proc=%proc.name)
  priority: WARNING
${extra}`;

runRuleTests('FAL003', {
  valid: [
    {
      name: 'macro and list names of the upstream stable, incubating and sandbox files',
      code: rule('Uses upstream names', 'spawned_process and container and not user_expected_terminal_shell_in_container_conditions and kernel_module_load and fd.sip in (rfc_1918_addresses)'),
    },
    { name: 'k8saudit plugin names', code: rule('Audit', 'kevt and pod and kcreate and not allowed_k8s_containers') },
  ],
  invalid: [
    {
      name: 'a name that is only folklore, not upstream',
      code: rule('Folklore', 'spawned_process and container_running_as_root'),
      errors: [{ message: "macro 'container_running_as_root' is not defined", line: 3, column: 34 }],
    },
  ],
});

runRuleTests('FAL005', {
  valid: [
    {
      name: "upstream's sandbox file defines its own disabled rule (a full definition, not an override)",
      code: rule('Unexpected K8s NodePort Connection', 'inbound_outbound and fd.sport >= 30000 and fd.sport <= 32767 and container', '  enabled: false\n'),
    },
    { name: 'an incubating or sandbox rule is not a default detection', code: '- rule: Container Run as Root User\n  enabled: false\n' },
  ],
  invalid: [
    {
      name: 'an override disabling a default rule',
      code: '- rule: Terminal shell in container\n  override:\n    enabled: replace\n  enabled: false\n',
      errors: [{ message: 'default security rule', line: 4, column: 3 }],
    },
  ],
});
