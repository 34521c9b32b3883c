/** PodSecurityPolicy rules K8S060-K8S069 (policy/v1beta1, removed in Kubernetes 1.25). */
import { runRuleTests } from '../ruleTester';

const restricted = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
  annotations:
    seccomp.security.alpha.kubernetes.io/defaultProfileName: runtime/default
spec:
  privileged: false
  allowPrivilegeEscalation: false
  requiredDropCapabilities: [ALL]
  hostNetwork: false
  hostIPC: false
  hostPID: false
  runAsUser:
    rule: MustRunAsNonRoot
`;

const permissive = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: privileged
  annotations:
    seccomp.security.alpha.kubernetes.io/allowedProfileNames: '*'
spec:
  privileged: true
  allowPrivilegeEscalation: yes
  allowedCapabilities:
    - '*'
  hostNetwork: true
  hostIPC: true
  hostPID: true
  runAsUser:
    rule: RunAsAny
`;

const minimal = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: minimal
spec:
  runAsUser:
    rule: MustRunAs
    ranges:
      - min: 0
        max: 65535
`;

const notPsp = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: nginx:1.27\n';

/** The cases of K8S060-K8S063 (one boolean field each); each rule's runRuleTests call names its id (test/engine/rule-conventions.test.ts looks for it). */
const bool = (field: string, line: number) => ({
  valid: [
    { code: restricted },
    { name: 'unset means false', code: minimal },
    { name: 'false in YAML 1.1 spelling', code: restricted.replace(`${field}: false`, `${field}: no`) },
    { name: 'pods are checked by the Pod Security Standards rules', code: notPsp },
  ],
  invalid: [
    { code: permissive, errors: [{ line, column: 3, endLine: line, endColumn: 3 + field.length + 6, message: `PodSecurityPolicy 'privileged': ${field} is true, so the policy admits pods with` }] },
    { name: 'in a multi-document file, after a Pod', code: `${notPsp}---\n${restricted.replace(`${field}: false`, `${field}: true`)}`, errors: [{ line: 9 + restrictedLine(field) + 1, column: 3, message: `PodSecurityPolicy 'restricted': ${field} is true` }] },
  ],
});
/** 1-based line of `field` in `restricted`. */
const restrictedLine = (field: string) => restricted.split('\n').findIndex((l) => l.startsWith(`  ${field}:`)) + 1;
runRuleTests('K8S060', bool('privileged', 8));
runRuleTests('K8S061', bool('hostPID', 14));
runRuleTests('K8S062', bool('hostIPC', 13));
runRuleTests('K8S063', bool('hostNetwork', 12));

runRuleTests('K8S064', {
  valid: [{ code: restricted }],
  invalid: [
    { name: 'YAML 1.1 yes', code: permissive, errors: [{ line: 9, column: 3, endLine: 9, endColumn: 32, message: "PodSecurityPolicy 'privileged': allowPrivilegeEscalation is true" }] },
    { name: 'unset means allowed', code: minimal, errors: [{ line: 5, column: 1, endLine: 5, endColumn: 5, message: 'allowPrivilegeEscalation is not set, which allows privilege escalation' }] },
  ],
});

runRuleTests('K8S065', {
  valid: [{ code: restricted }, { name: 'MustRunAs from UID 1', code: minimal.replace('min: 0', 'min: 1') }],
  invalid: [
    { code: permissive, errors: [{ line: 16, column: 5, endLine: 16, endColumn: 19, message: 'runAsUser rule RunAsAny admits containers running as root' }] },
    { code: minimal, errors: [{ line: 8, column: 5, message: 'runAsUser MustRunAs ranges include UID 0' }] },
  ],
});

runRuleTests('K8S066', {
  valid: [{ code: restricted }, { code: restricted.replace('[ALL]', '[NET_RAW, SYS_ADMIN]') }],
  invalid: [
    { code: restricted.replace('[ALL]', '[SYS_ADMIN]'), errors: [{ line: 10, column: 3, endLine: 10, endColumn: 40, message: "PodSecurityPolicy 'restricted': requiredDropCapabilities does not contain NET_RAW or ALL" }] },
    { code: minimal, errors: [{ line: 5, column: 1, message: 'requiredDropCapabilities does not contain NET_RAW or ALL' }] },
  ],
});

runRuleTests('K8S067', {
  valid: [{ code: restricted }, { name: 'empty list', code: restricted.replace('spec:\n', 'spec:\n  allowedCapabilities: []\n') }],
  invalid: [{ code: permissive, errors: [{ line: 10, column: 3, endLine: 11, endColumn: 10, message: 'allowedCapabilities lets containers add *' }] }],
});

runRuleTests('K8S068', {
  valid: [{ code: restricted }, { code: restricted.replace('runtime/default', 'docker/default') }],
  invalid: [
    { name: 'only allowed names, no default', code: permissive, errors: [{ line: 4, column: 9, endLine: 4, endColumn: 19, message: 'no default seccomp profile' }] },
    { name: 'wrong default', code: restricted.replace('runtime/default', 'unconfined'), errors: [{ line: 6, column: 5, message: 'default seccomp profile is unconfined' }] },
  ],
});

runRuleTests('K8S069', {
  valid: [{ code: restricted }],
  invalid: [
    { code: permissive, errors: [{ line: 7, column: 1, endLine: 7, endColumn: 5, message: 'requiredDropCapabilities is not set' }] },
    { code: restricted.replace('[ALL]', '[]'), errors: [{ line: 10, column: 3, message: 'requiredDropCapabilities is empty' }] },
  ],
});
