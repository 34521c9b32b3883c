import { runRuleTests } from '../ruleTester';

/** A binding: roleRef name on line 9, first subject's name on line 12. */
function binding(roleRef: { kind: string; name: string }, subjects: string, opts: { kind?: string; name?: string; namespace?: string } = {}): string {
  const kind = opts.kind ?? 'ClusterRoleBinding';
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${opts.name ?? 'b'}
  namespace: ${opts.namespace ?? 'shop'}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleRef.kind}
  name: ${roleRef.name}
subjects:
${subjects}`;
}
const user = '  - kind: User\n    name: jane\n    apiGroup: rbac.authorization.k8s.io\n';

runRuleTests('RBAC012', {
  valid: [
    { name: 'binding to a dedicated role', code: binding({ kind: 'ClusterRole', name: 'deployer' }, user) },
    { name: 'Kubernetes bootstrap binding cluster-admin', code: binding({ kind: 'ClusterRole', name: 'cluster-admin' }, '  - kind: Group\n    name: system:masters\n', { name: 'cluster-admin' }) },
    { name: 'a Role named cluster-admin is not the ClusterRole', code: binding({ kind: 'Role', name: 'cluster-admin' }, user, { kind: 'RoleBinding' }) },
    { name: 'GKE-managed binding (gce: prefix, reconciled by the addon manager)', code: binding({ kind: 'ClusterRole', name: 'cluster-admin' }, user, { name: 'gce:podsecuritypolicy:calico-sa' }) },
    { name: 'EKS-managed binding (eks: prefix)', code: binding({ kind: 'ClusterRole', name: 'cluster-admin' }, user, { name: 'eks:addon-cluster-admin' }) },
  ],
  invalid: [
    {
      name: 'ClusterRoleBinding to cluster-admin',
      code: binding({ kind: 'ClusterRole', name: 'cluster-admin' }, user),
      errors: [{ message: `ClusterRoleBinding 'b': roleRef grants cluster-admin to its subjects over the whole cluster`, line: 9, column: 9, endLine: 9, endColumn: 22 }],
    },
    {
      name: 'RoleBinding to cluster-admin',
      code: binding({ kind: 'ClusterRole', name: 'cluster-admin' }, user, { kind: 'RoleBinding' }),
      errors: [{ message: `over namespace 'shop'`, line: 9, column: 9 }],
    },
  ],
});

runRuleTests('RBAC013', {
  valid: [{ name: 'view', code: binding({ kind: 'ClusterRole', name: 'view' }, user) }],
  invalid: [
    {
      name: 'edit cluster-wide',
      code: binding({ kind: 'ClusterRole', name: 'edit' }, user),
      errors: [{ message: `the built-in 'edit' ClusterRole in every namespace, kube-system included`, line: 9, column: 9 }],
    },
    {
      name: 'admin in a namespace',
      code: binding({ kind: 'ClusterRole', name: 'admin' }, user, { kind: 'RoleBinding' }),
      errors: [{ message: `'admin' ClusterRole in namespace 'shop' (read all Secrets, exec into pods, create workloads, manage RoleBindings)`, line: 9, column: 9 }],
    },
  ],
});

runRuleTests('RBAC014', {
  valid: [
    { name: 'authenticated user', code: binding({ kind: 'ClusterRole', name: 'view' }, user) },
    { name: 'bootstrap binding system:public-info-viewer', code: binding({ kind: 'ClusterRole', name: 'system:public-info-viewer' }, '  - kind: Group\n    name: system:unauthenticated\n', { name: 'system:public-info-viewer' }) },
    { name: 'a ServiceAccount that happens to be called system:anonymous is not the anonymous user', code: binding({ kind: 'ClusterRole', name: 'view' }, '  - kind: ServiceAccount\n    name: system:anonymous\n    namespace: x\n') },
  ],
  invalid: [{
    name: 'anonymous user and unauthenticated group',
    code: binding({ kind: 'ClusterRole', name: 'view' }, `${user}  - kind: User\n    name: system:anonymous\n  - kind: Group\n    name: "system:unauthenticated"\n`),
    errors: [
      { message: `subjects[1] is user 'system:anonymous'`, line: 15, column: 11, endLine: 15, endColumn: 27 },
      { message: `subjects[2] is group 'system:unauthenticated'`, line: 17, column: 11 },
    ],
  }],
});

runRuleTests('RBAC015', {
  valid: [{ name: 'bootstrap system:discovery', code: binding({ kind: 'ClusterRole', name: 'system:discovery' }, '  - kind: Group\n    name: system:authenticated\n', { name: 'system:discovery' }) }],
  invalid: [{
    name: 'all authenticated users',
    code: binding({ kind: 'ClusterRole', name: 'view' }, '  - kind: Group\n    name: system:authenticated\n'),
    errors: [{ message: `subjects[0] is group 'system:authenticated'`, line: 12, column: 11 }],
  }],
});

runRuleTests('RBAC016', {
  valid: [{ name: 'regular group', code: binding({ kind: 'ClusterRole', name: 'view' }, '  - kind: Group\n    name: ops\n') }],
  invalid: [{
    name: 'system:masters',
    code: binding({ kind: 'ClusterRole', name: 'view' }, '  - kind: Group\n    name: system:masters\n'),
    errors: [{ message: `group 'system:masters', whose members bypass RBAC`, line: 12, column: 11 }],
  }],
});

runRuleTests('RBAC017', {
  valid: [
    { name: 'dedicated service account', code: binding({ kind: 'Role', name: 'r' }, '  - kind: ServiceAccount\n    name: checkout\n    namespace: shop\n', { kind: 'RoleBinding' }) },
    { name: 'a user named default', code: binding({ kind: 'Role', name: 'r' }, '  - kind: User\n    name: default\n', { kind: 'RoleBinding' }) },
  ],
  invalid: [
    {
      name: 'default service account of another namespace',
      code: binding({ kind: 'ClusterRole', name: 'view' }, '  - kind: ServiceAccount\n    name: default\n    namespace: whoa\n'),
      errors: [{ message: `subjects[0] is the 'default' service account of namespace 'whoa'`, line: 12, column: 11, endLine: 12, endColumn: 18 }],
    },
    {
      name: 'namespace taken from the RoleBinding; anchors resolved',
      code: binding({ kind: 'Role', name: 'r' }, '  - &sa {kind: ServiceAccount, name: default}\n  - *sa\n', { kind: 'RoleBinding' }),
      errors: [
        { message: `subjects[0] is the 'default' service account of namespace 'shop'`, line: 11, column: 38 },
        { message: `subjects[1] is the 'default' service account`, line: 11, column: 38 },
      ],
    },
  ],
});
