/**
 * RBAC001 and RBAC050 name, on each finding, only the peer checks whose own condition that finding
 * meets (#20): the conditions of checkov CKV_K8S_49, kube-linter wildcard-in-rules, access-to-secrets
 * and access-to-create-pods, trivy KSV-0044/0045/0046/0112 and Polaris' binding checks, read from
 * their sources (see the rules' docs).
 */
import * as assert from 'assert';
import { findingsOf } from '../ruleTester';
import { getRule } from '../../server/src/engine/rules';

const role = (kind: string, rules: string, name = 'r') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: shop
rules:
${rules}`;
const rule = (groups: string, resources: string, verbs: string, extra = '') => `  - apiGroups: [${groups}]\n    resources: [${resources}]\n    verbs: [${verbs}]\n${extra}`;

/** field of the wildcard -> peers of its finding */
function rbac001(kind: string, rules: string): Record<string, string[]> {
  const code = role(kind, rules);
  const out: Record<string, string[]> = {};
  for (const f of findingsOf('RBAC001', { code })) out[/"\*" in (\w+)/.exec(f.message)![1]] = f.references.peers;
  return out;
}

describe('RBAC001: per-finding peer references', () => {
  it('"*" in apiGroups, resources and verbs of one rule: KSV-0044 on each, kube-linter not on apiGroups', () => {
    assert.deepStrictEqual(rbac001('ClusterRole', rule('"*"', '"*"', '"*"')), {
      apiGroups: ['checkov:CKV_K8S_49', 'trivy:KSV-0044'],
      resources: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', 'trivy:KSV-0044', 'trivy:KSV-0046'],
      verbs: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', 'trivy:KSV-0044'],
    });
  });

  it('KSV-0044 needs "*" in apiGroups too; a Role\'s "*" resources are KSV-0112', () => {
    assert.deepStrictEqual(rbac001('Role', rule('"apps"', '"*"', '"*"')), {
      resources: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', 'trivy:KSV-0112'],
      verbs: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules'],
    });
  });

  it('KSV-0045: a "*" verb on a resource of its list, not on any resource', () => {
    assert.deepStrictEqual(rbac001('Role', rule('""', '"secrets"', '"*"')).verbs, ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', 'trivy:KSV-0045']);
    assert.deepStrictEqual(rbac001('Role', rule('""', '"configmaps"', '"*"')).verbs, ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules']);
  });

  it('KSV-0046 only with one of its verbs on "*" resources (watch and patch are not)', () => {
    assert.deepStrictEqual(rbac001('ClusterRole', rule('"metrics.k8s.io"', '"*"', '"watch", "patch"')).resources, ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules']);
    assert.deepStrictEqual(rbac001('ClusterRole', rule('"metrics.k8s.io"', '"*"', '"get"')).resources, ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', 'trivy:KSV-0046']);
  });

  it('no peer checks "*" in nonResourceURLs', () => {
    assert.deepStrictEqual(rbac001('ClusterRole', '  - nonResourceURLs: ["*"]\n    verbs: ["get"]\n'), { nonResourceURLs: [] });
  });

  it('every peer id a finding names is one of the rule\'s references, and each reference is named by some finding', () => {
    const peers = getRule('RBAC001')!.meta.references.peers;
    const named = new Set<string>();
    for (const kind of ['Role', 'ClusterRole']) {
      for (const ps of Object.values(rbac001(kind, rule('"*"', '"*", "pods"', '"*"')))) for (const p of ps) { assert.ok(peers.includes(p), p); named.add(p); }
    }
    assert.deepStrictEqual([...named].sort(), [...peers].sort());
  });
});

const binding = (kind: string, refKind: string, ref = 'r') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: b
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${refKind}
  name: ${ref}
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: shop
`;
function rbac050(roleKind: string, bindingKind: string, rules: string): string[][] {
  return findingsOf('RBAC050', { files: { 'role.yaml': role(roleKind, rules), 'binding.yaml': binding(bindingKind, roleKind) } }).map((f) => f.references.peers);
}

describe('RBAC050: per-finding peer references', () => {
  it('a wildcard role: Polaris\' exec/attach and cluster-admin checks of the binding kind, kube-linter\'s secrets and create-pods', () => {
    const wild = rule('"*"', '"*"', '"*"');
    assert.deepStrictEqual(rbac050('ClusterRole', 'ClusterRoleBinding', wild), [[
      'polaris:clusterrolebindingPodExecAttach', 'polaris:clusterrolebindingClusterAdmin', 'kube-linter:access-to-secrets', 'kube-linter:access-to-create-pods',
    ]]);
    assert.deepStrictEqual(rbac050('Role', 'RoleBinding', wild), [[
      'polaris:rolebindingRolePodExecAttach', 'polaris:rolebindingClusterAdminRole', 'kube-linter:access-to-secrets', 'kube-linter:access-to-create-pods',
    ]]);
    // kube-linter looks a RoleBinding's role up among Roles only
    assert.deepStrictEqual(rbac050('ClusterRole', 'RoleBinding', wild), [['polaris:rolebindingClusterRolePodExecAttach', 'polaris:rolebindingClusterAdminClusterRole']]);
  });

  it('Polaris\' cluster-admin checks: exactly the seven verbs, not the seven plus another', () => {
    const seven = '"get", "list", "watch", "create", "update", "patch", "delete"';
    assert.ok(rbac050('ClusterRole', 'ClusterRoleBinding', rule('"*"', '"*"', seven))[0].includes('polaris:clusterrolebindingClusterAdmin'));
    const eight = rbac050('ClusterRole', 'ClusterRoleBinding', rule('"*"', '"*"', `${seven}, "deletecollection"`));
    assert.strictEqual(eight.length, 1); // still every verb on every resource for RBAC050
    assert.ok(!eight[0].includes('polaris:clusterrolebindingClusterAdmin'));
    assert.ok(eight[0].includes('polaris:clusterrolebindingPodExecAttach'));
  });

  it('"*/exec" is exec for RBAC050 but not one of Polaris\' values', () => {
    assert.deepStrictEqual(rbac050('Role', 'RoleBinding', rule('""', '"*/exec"', '"create"')), [[]]);
    assert.deepStrictEqual(rbac050('Role', 'RoleBinding', rule('""', '"pods/attach"', '"get"')), [['polaris:rolebindingRolePodExecAttach']]);
  });

  it('reading Secrets: kube-linter access-to-secrets only; escalate, impersonate and nodes/proxy: no peer', () => {
    assert.deepStrictEqual(rbac050('Role', 'RoleBinding', rule('""', '"secrets"', '"list"')), [['kube-linter:access-to-secrets']]);
    assert.deepStrictEqual(rbac050('ClusterRole', 'ClusterRoleBinding', rule('"rbac.authorization.k8s.io"', '"clusterroles"', '"escalate"')), [[]]);
    assert.deepStrictEqual(rbac050('ClusterRole', 'ClusterRoleBinding', rule('""', '"users"', '"impersonate"')), [[]]);
    assert.deepStrictEqual(rbac050('ClusterRole', 'ClusterRoleBinding', rule('""', '"nodes/proxy"', '"get"')), [[]]);
  });

  it('workloads: access-to-create-pods for create, not for patch', () => {
    assert.deepStrictEqual(rbac050('Role', 'RoleBinding', rule('"apps"', '"deployments"', '"create"')), [['kube-linter:access-to-create-pods']]);
    assert.deepStrictEqual(rbac050('Role', 'RoleBinding', rule('"apps"', '"deployments"', '"patch"')), [[]]);
  });
});
