import { runRuleTests } from '../ruleTester';

/** A Role or ClusterRole; `rules:` is line 5, so its first rule starts on line 6. */
function role(rules: string, opts: { kind?: 'Role' | 'ClusterRole'; name?: string } = {}): string {
  const kind = opts.kind ?? 'ClusterRole';
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${opts.name ?? 'app'}
rules:
${rules}`;
}

runRuleTests('RBAC001', {
  valid: [
    { name: 'explicit groups, resources and verbs', code: role(`  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list"]\n`) },
    { name: 'Kubernetes bootstrap ClusterRole cluster-admin', code: role(`  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n`, { name: 'cluster-admin' }) },
    { name: 'system: prefix is reserved for Kubernetes', code: role(`  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n`, { name: 'system:controller:foo' }) },
    { name: 'not an RBAC object', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  verbs: "*"\n' },
    { name: 'a wildcard inside a name is not a wildcard', code: role(`  - apiGroups: [""]\n    resources: ["pods/*"]\n    verbs: ["get"]\n`) },
  ],
  invalid: [
    {
      name: 'wildcards in all three fields, flow style',
      code: role(`  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n`),
      errors: [
        { message: `ClusterRole 'app', rules[0]: "*" in apiGroups`, line: 6, column: 17, endLine: 6, endColumn: 20 },
        { message: '"*" in resources grants every resource', line: 7, column: 17 },
        { message: '"*" in verbs grants every verb', line: 8, column: 13 },
      ],
    },
    {
      name: 'block style, single-quoted verb',
      code: role(`  - apiGroups:\n      - ""\n    resources:\n      - pods\n    verbs:\n      - '*'\n`, { kind: 'Role' }),
      errors: [{ message: `Role 'app', rules[0]: "*" in verbs`, line: 11, column: 9, endLine: 11, endColumn: 12 }],
    },
    {
      name: 'a Role named admin is not the bootstrap ClusterRole',
      code: role(`  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get"]\n`, { kind: 'Role', name: 'admin' }),
      errors: [{ message: '"*" in resources', line: 7, column: 17 }],
    },
    {
      name: 'second rule, nonResourceURLs',
      code: role(`  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n  - nonResourceURLs: ["*"]\n    verbs: ["get"]\n`),
      errors: [{ message: 'rules[1]: "*" in nonResourceURLs', line: 9, column: 23 }],
    },
  ],
});

runRuleTests('RBAC002', {
  valid: [
    { name: 'named secrets only', code: role(`  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["tls"]\n    verbs: ["get"]\n`) },
    { name: 'write-only access', code: role(`  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["create"]\n`) },
    { name: 'secrets in another API group', code: role(`  - apiGroups: ["example.com"]\n    resources: ["secrets"]\n    verbs: ["get"]\n`) },
  ],
  invalid: [
    {
      name: 'list secrets in a ClusterRole',
      code: role(`  - apiGroups: [""]\n    resources: ["pods", "secrets"]\n    verbs: ["list"]\n`),
      errors: [{ message: `ClusterRole 'app', rules[0]: grants 'list' on 'secrets', i.e. read access to all Secrets in every namespace`, line: 7, column: 25, endLine: 7, endColumn: 34 }],
    },
    {
      name: 'wildcard resource and verb in a namespaced Role',
      code: `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: shop\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n`,
      errors: [{ message: `in namespace 'shop'`, line: 8, column: 17 }],
    },
  ],
});

runRuleTests('RBAC003', {
  valid: [
    { name: 'list on pods/exec does not allow exec', code: role(`  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["list"]\n`) },
    { name: 'bootstrap edit role', code: role(`  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n`, { name: 'edit' }) },
    { name: 'pods only', code: role(`  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "create"]\n`) },
  ],
  invalid: [
    {
      name: 'create pods/exec',
      code: role(`  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n`),
      errors: [{ message: `'create' on 'pods/exec' lets the subject exec into running containers`, line: 7, column: 17, endLine: 7, endColumn: 28 }],
    },
    {
      name: 'get on pods/attach (WebSocket attach)',
      code: role(`  - apiGroups: ["*"]\n    resources: ["pods/attach"]\n    verbs: [get]\n`, { kind: 'Role' }),
      errors: [{ message: `Role 'app', rules[0]: 'get' on 'pods/attach' lets the subject attach`, line: 7, column: 17 }],
    },
    {
      name: 'subresource wildcard */exec',
      code: role(`  - apiGroups: [""]\n    resources: ["*/exec"]\n    verbs: ["*"]\n`),
      errors: [{ message: `'*' on '*/exec'`, line: 7, column: 17 }],
    },
  ],
});

runRuleTests('RBAC004', {
  valid: [{ name: 'no port-forward', code: role(`  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n`) }],
  invalid: [{
    name: 'create pods/portforward',
    code: role(`  - apiGroups: [""]\n    resources: ["services", "pods/portforward"]\n    verbs: ["create"]\n`),
    errors: [{ message: `'create' on 'pods/portforward' lets the subject tunnel`, line: 7, column: 29 }],
  }],
});

runRuleTests('RBAC005', {
  valid: [
    { name: 'read-only on deployments', code: role(`  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch"]\n`) },
    { name: 'deployments in the wrong group', code: role(`  - apiGroups: [""]\n    resources: ["deployments"]\n    verbs: ["create"]\n`) },
  ],
  invalid: [
    {
      name: 'patch deployments',
      code: role(`  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["patch"]\n`),
      errors: [{ message: `'patch' on 'deployments' lets the subject run any image as any service account in every namespace`, line: 7, column: 17 }],
    },
    {
      name: 'create pods in a Role (one finding per rule)',
      code: role(`  - apiGroups: ["", "batch"]\n    resources: ["pods", "jobs"]\n    verbs: ["create"]\n`, { kind: 'Role' }),
      errors: [{ message: `in namespace 'default'`, line: 7, column: 17 }],
    },
  ],
});

runRuleTests('RBAC006', {
  valid: [{ name: 'read roles', code: role(`  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs: ["get", "list"]\n`) }],
  invalid: [
    {
      name: 'escalate on roles',
      code: role(`  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs: ["get", "escalate"]\n`),
      errors: [{ message: `'escalate' on 'roles' includes escalate`, line: 8, column: 20, endLine: 8, endColumn: 30 }],
    },
    {
      name: 'all verbs on clusterroles',
      code: role(`  - apiGroups: ["*"]\n    resources: ["clusterroles"]\n    verbs: ["*"]\n`),
      errors: [{ message: `'*' on 'clusterroles'`, line: 8, column: 13 }],
    },
  ],
});

runRuleTests('RBAC007', {
  valid: [
    { name: 'bind on rolebindings grants nothing', code: role(`  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["rolebindings"]\n    verbs: ["bind"]\n`) },
    { name: 'bind limited to the view role', code: role(`  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    resourceNames: ["view"]\n    verbs: ["bind"]\n`) },
  ],
  invalid: [
    {
      name: 'bind on clusterroles',
      code: role(`  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["bind"]\n`),
      errors: [{ message: `'bind' on 'clusterroles' includes bind`, line: 8, column: 13 }],
    },
    {
      name: 'bind limited to cluster-admin is still cluster-admin',
      code: role(`  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    resourceNames: ["cluster-admin"]\n    verbs: ["bind"]\n`),
      errors: [{ message: 'includes bind', line: 9, column: 13 }],
    },
  ],
});

runRuleTests('RBAC008', {
  valid: [{ name: 'impersonate one named service account', code: role(`  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    resourceNames: ["ci"]\n    verbs: ["impersonate"]\n`) }],
  invalid: [{
    name: 'impersonate groups',
    code: role(`  - apiGroups: [""]\n    resources: ["users", "groups"]\n    verbs: ["impersonate"]\n`),
    errors: [{ message: `'impersonate' on 'users' lets the subject impersonate other identities`, line: 8, column: 13 }],
  }],
});

runRuleTests('RBAC009', {
  valid: [{ name: 'node metrics', code: role(`  - apiGroups: [""]\n    resources: ["nodes/metrics", "nodes/stats"]\n    verbs: ["get"]\n`) }],
  invalid: [{
    name: 'get nodes/proxy',
    code: role(`  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]\n`),
    errors: [{ message: `'get' on 'nodes/proxy' opens the kubelet API of every node`, line: 7, column: 17 }],
  }],
});

runRuleTests('RBAC010', {
  valid: [{ name: 'read webhooks', code: role(`  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["validatingwebhookconfigurations"]\n    verbs: ["get", "list", "watch"]\n`) }],
  invalid: [{
    name: 'patch validating webhooks',
    code: role(`  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["validatingwebhookconfigurations"]\n    verbs: ["patch"]\n`),
    errors: [{ message: `'patch' on 'validatingwebhookconfigurations' lets the subject change admission control`, line: 8, column: 13 }],
  }],
});

runRuleTests('RBAC011', {
  valid: [
    { name: 'approve without update on the approval subresource', code: role(`  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["approve"]\n`) },
    { name: 'approve limited to a custom signer', code: role(`  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests/approval"]\n    verbs: ["update"]\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    resourceNames: ["example.com/my-signer"]\n    verbs: ["approve"]\n`) },
  ],
  invalid: [{
    name: 'update approval and approve signers',
    code: role(`  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests/approval"]\n    verbs: ["update"]\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    verbs: ["approve"]\n`),
    errors: [{ message: `rules[1]: 'approve' on 'signers', with 'update' on 'certificatesigningrequests/approval' (rules[0])`, line: 11, column: 13 }],
  }],
});
