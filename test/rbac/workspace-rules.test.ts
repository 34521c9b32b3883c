/** RuleTester cases for RBAC050, a cross-file rule: the role in one file, the binding in another, analysed together (#19). */
import { runRuleTests } from '../ruleTester';

const role = (kind: 'Role' | 'ClusterRole', name: string, rules: string, ns = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}rules:
${rules}`;
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', refKind: string, ref: string, name = 'ci-deployer') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${kind === 'RoleBinding' ? '  namespace: shop\n' : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${refKind}
  name: ${ref}
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: shop
`;
const WILD = '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n';
const SECRETS = '  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list", "watch"]\n';
const EXEC = '  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list"]\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n';
const VIEW = '  - apiGroups: ["apps"]\n    resources: ["deployments", "replicasets"]\n    verbs: ["get", "list", "watch"]\n';
const NAMED_SECRET = '  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["ci-token"]\n    verbs: ["get"]\n';

runRuleTests('RBAC050', {
  valid: [
    { name: 'a read-only role', files: { 'rbac/roles.yaml': role('ClusterRole', 'deploy-viewer', VIEW), 'rbac/bindings.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'deploy-viewer') } },
    { name: 'reading one named Secret', files: { 'roles.yaml': role('Role', 'token-reader', NAMED_SECRET, 'shop'), 'bindings.yaml': binding('RoleBinding', 'Role', 'token-reader') } },
    { name: 'a Role of another namespace', files: { 'roles.yaml': role('Role', 'secret-reader', SECRETS, 'billing'), 'bindings.yaml': binding('RoleBinding', 'Role', 'secret-reader') } },
    { name: 'a role no file defines', files: { 'roles.yaml': role('ClusterRole', 'deploy-viewer', VIEW), 'bindings.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'ops-admin') } },
    { name: 'the built-in cluster-admin is left to RBAC012', files: { 'roles.yaml': role('ClusterRole', 'cluster-admin', WILD), 'bindings.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin') } },
    { name: 'a bootstrap binding', files: { 'roles.yaml': role('ClusterRole', 'ops-admin', WILD), 'bindings.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'ops-admin', 'system:ops') } },
  ],
  invalid: [
    {
      name: 'every verb on every resource, bound cluster-wide from another file',
      files: { 'rbac/roles.yaml': role('ClusterRole', 'ops-admin', WILD), 'rbac/bindings.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'ops-admin') },
      errors: [{
        file: 'rbac/bindings.yaml', line: 8, column: 9, endLine: 8, endColumn: 18, severity: 'warning',
        message: "ClusterRoleBinding 'ci-deployer' grants ClusterRole 'ops-admin' (defined in rbac/roles.yaml) to its subjects across the whole cluster; that role grants every verb on every resource (cluster-admin-like) (and 6 more dangerous permission(s)). Bind a role",
      }],
    },
    {
      name: 'reading Secrets through a RoleBinding to a Role of the namespace',
      files: { 'roles.yaml': role('Role', 'secret-reader', SECRETS, 'shop'), 'bindings.yaml': binding('RoleBinding', 'Role', 'secret-reader') },
      errors: [{ file: 'bindings.yaml', line: 9, column: 9, message: "RoleBinding 'ci-deployer' (namespace 'shop') grants Role 'secret-reader' (defined in roles.yaml) to its subjects in namespace 'shop'; that role grants 'get' on Secrets (reads every Secret in scope)" }],
    },
    {
      name: 'pods/exec in the second rule of a ClusterRole bound in a namespace',
      files: { 'roles.yaml': role('ClusterRole', 'debugger', EXEC), 'bindings.yaml': binding('RoleBinding', 'ClusterRole', 'debugger') },
      errors: [{ file: 'bindings.yaml', line: 9, column: 9, message: "grants ClusterRole 'debugger' (defined in roles.yaml) to its subjects in namespace 'shop'; that role grants 'create' on pods/exec (run commands in pods)." }],
    },
    {
      name: 'the role and the binding in one file; the Secrets rule and the 7 dangers of the wildcard rule counted, the worst named',
      code: `${role('ClusterRole', 'ops', SECRETS + WILD)}---\n${binding('ClusterRoleBinding', 'ClusterRole', 'ops')}`,
      errors: [{ line: 20, column: 9, message: "grants ClusterRole 'ops' to its subjects across the whole cluster; that role grants every verb on every resource (cluster-admin-like) (and 7 more dangerous permission(s))" }],
    },
  ],
});
