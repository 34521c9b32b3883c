import { runRuleTests } from '../ruleTester';

/** A Role or ClusterRole; its first rule starts on line 7 (line 6 is `rules:`). */
function role(rules: string, opts: { kind?: 'Role' | 'ClusterRole'; namespace?: string } = {}): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${opts.kind ?? 'ClusterRole'}
metadata:
  name: app
  namespace: ${opts.namespace ?? 'shop'}
rules:
${rules}`;
}

runRuleTests('RBAC018', {
  valid: [{ name: 'read logs', code: role('  - apiGroups: [""]\n    resources: ["pods/log"]\n    verbs: ["get", "list"]\n') }],
  invalid: [{
    name: 'delete logs',
    code: role('  - apiGroups: [""]\n    resources: ["pods/log"]\n    verbs: ["get", "delete"]\n'),
    errors: [{ message: `ClusterRole 'app', rules[0]: 'delete' on 'pods/log' lets the subject delete container logs`, line: 9, column: 20, endLine: 9, endColumn: 28 }],
  }],
});

runRuleTests('RBAC019', {
  valid: [
    { name: 'named ConfigMaps', code: role('  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["app-config"]\n    verbs: ["update"]\n') },
    { name: 'read-only', code: role('  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get", "list", "watch"]\n') },
  ],
  invalid: [{
    name: 'patch all ConfigMaps in a Role',
    code: role('  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["patch"]\n', { kind: 'Role' }),
    errors: [{ message: `Role 'app', rules[0]: 'patch' on 'configmaps' lets the subject change every ConfigMap in namespace 'shop'`, line: 8, column: 17 }],
  }],
});

runRuleTests('RBAC020', {
  valid: [
    { name: 'Role in another namespace', code: role('  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["update"]\n', { kind: 'Role' }) },
    { name: 'another named ConfigMap in kube-system', code: role('  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["coredns"]\n    verbs: ["update"]\n', { kind: 'Role', namespace: 'kube-system' }) },
    { name: 'read aws-auth', code: role('  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["aws-auth"]\n    verbs: ["get"]\n', { kind: 'Role', namespace: 'kube-system' }) },
  ],
  invalid: [
    {
      name: 'update aws-auth by name',
      code: role('  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["aws-auth"]\n    verbs: ["update"]\n', { kind: 'Role', namespace: 'kube-system' }),
      errors: [{ message: `'update' on the 'aws-auth' ConfigMap lets the subject map any AWS IAM identity to system:masters`, line: 9, column: 21, endLine: 9, endColumn: 31 }],
    },
    {
      name: 'ClusterRole writing all ConfigMaps',
      code: role('  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n'),
      errors: [{ message: `'*' on '*' in kube-system`, line: 8, column: 17 }],
    },
  ],
});

runRuleTests('RBAC021', {
  valid: [{ name: 'read networking', code: role('  - apiGroups: ["", "networking.k8s.io"]\n    resources: ["services", "networkpolicies"]\n    verbs: ["get", "list", "watch"]\n') }],
  invalid: [{
    name: 'delete NetworkPolicies; patch endpoints',
    code: role('  - apiGroups: ["networking.k8s.io"]\n    resources: ["networkpolicies"]\n    verbs: ["delete"]\n  - apiGroups: [""]\n    resources: ["endpoints"]\n    verbs: ["patch"]\n'),
    errors: [
      { message: `rules[0]: 'delete' on 'networkpolicies'`, line: 8, column: 17 },
      { message: `rules[1]: 'patch' on 'endpoints' lets the subject redirect or expose traffic`, line: 11, column: 17 },
    ],
  }],
});

runRuleTests('RBAC022', {
  valid: [{ name: 'read bindings', code: role('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["get", "list"]\n') }],
  invalid: [{
    name: 'create clusterrolebindings',
    code: role('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["configmaps", "clusterrolebindings"]\n    verbs: ["create"]\n'),
    errors: [{ message: `'create' on 'clusterrolebindings' lets the subject change RBAC`, line: 8, column: 31 }],
  }],
});
