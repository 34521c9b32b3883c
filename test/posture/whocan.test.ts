import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { modelOf } from '../../server/src/engine/posture/common';
import { rbacOf, whoCan, whatCan, ruleAllows, parseRequest, parseSubject, showSubject, PolicyRule, Request, Rbac } from '../../server/src/engine/posture/whocan';

const FIX = path.join(__dirname, 'fixtures');
const fixture = (p: string) => ({ file: p, text: fs.readFileSync(path.join(FIX, p), 'utf8') });
function world(files: { file: string; text: string }[]): Rbac {
  const { model, problems } = modelOf(files);
  assert.deepEqual(problems, []);
  return rbacOf(model);
}
function req(verb: string, resource: string, namespace?: string, name?: string): Request {
  const r = parseRequest(verb, resource, namespace, name);
  if ('error' in r) throw new Error(r.error);
  return r;
}
const who = (rbac: Rbac, r: Request) => [...new Set(whoCan(rbac, r).rows.map((x) => showSubject(x.subject)))].sort();

describe('posture: who-can, rule matching (kubectl-who-can scenarios A-L)', () => {
  const rule = (r: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [''], resources: [], resourceNames: [], nonResourceURLs: [], index: 0, role: 't', ...r });
  const cases: [string, Request, Partial<PolicyRule>, boolean][] = [
    ['A', req('get', 'services'), { verbs: ['get', 'list'], resources: ['services'] }, true],
    ['B', req('get', 'services'), { verbs: ['get', 'list'], resources: ['*'] }, true],
    ['C', req('get', 'services'), { verbs: ['*'], resources: ['services'] }, true],
    ['D', req('get', 'services', undefined, 'mongodb'), { verbs: ['get', 'list'], resources: ['services'] }, true],
    ['E', req('get', 'services', undefined, 'mongodb'), { verbs: ['get', 'list'], resources: ['services'], resourceNames: ['mongodb', 'nginx'] }, true],
    ['F', req('get', 'services', undefined, 'mongodb'), { verbs: ['get', 'list'], resources: ['services'], resourceNames: ['nginx'] }, false],
    ['G', req('get', 'services'), { verbs: ['get', 'list'], resources: ['services'], resourceNames: ['nginx'] }, false],
    ['H', req('get', 'pods'), { verbs: ['create'], resources: ['pods'] }, false],
    ['I', req('get', 'persistentvolumes'), { verbs: ['get'], resources: ['pods'] }, false],
    ['J', req('get', '/logs'), { verbs: ['get'], nonResourceURLs: ['/logs'], apiGroups: [] }, true],
    ['K', req('get', '/logs'), { verbs: ['post'], nonResourceURLs: ['/logs'], apiGroups: [] }, false],
    ['L', req('get', '/logs'), { verbs: ['get'], nonResourceURLs: ['/api'], apiGroups: [] }, false],
  ];
  for (const [name, r, pr, want] of cases) it(`scenario ${name}`, () => assert.equal(ruleAllows(rule(pr), r), want));

  it('roles of TestMatcher_MatchesRole / MatchesClusterRole, bound, answer who-can', () => {
    const binding = { file: 'b.yaml', text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: svc, namespace: default}\nsubjects: [{kind: User, name: ann}]\nroleRef: {kind: Role, name: view-services, apiGroup: rbac.authorization.k8s.io}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: dep}\nsubjects: [{kind: User, name: bo}]\nroleRef: {kind: ClusterRole, name: edit-deployments, apiGroup: rbac.authorization.k8s.io}\n' };
    const rbac = world([fixture('kubectl-who-can/roles.yaml'), binding]);
    assert.deepEqual(who(rbac, req('list', 'endpoints', 'default')), ['User ann']);
    assert.deepEqual(who(rbac, req('list', 'endpoints', 'other')), []);
    assert.deepEqual(who(rbac, req('update', 'deployments/scale', 'default')), ['User bo']);
    assert.deepEqual(who(rbac, req('patch', 'deployments/scale', 'default')), [], 'patch is granted on deployments, not on their scale subresource');
  });
  it('the exact resource rules of the authorizer: */subresource, resource/* is no wildcard, API groups', () => {
    const r = (x: Partial<PolicyRule>): PolicyRule => ({ verbs: ['*'], apiGroups: ['*'], resources: [], resourceNames: [], nonResourceURLs: [], index: 0, role: 't', ...x });
    assert.equal(ruleAllows(r({ resources: ['*/exec'] }), req('create', 'pods/exec')), true);
    assert.equal(ruleAllows(r({ resources: ['*/exec'] }), req('create', 'pods')), false);
    assert.equal(ruleAllows(r({ resources: ['pods/*'] }), req('create', 'pods/exec')), false);
    assert.equal(ruleAllows(r({ resources: ['pods'] }), req('create', 'pods/exec')), false);
    assert.equal(ruleAllows(r({ resources: ['deployments'], apiGroups: ['extensions'] }), req('get', 'deployments')), false);
    assert.equal(ruleAllows(r({ resources: ['deployments'], apiGroups: ['apps'] }), req('get', 'deployments.apps')), true);
    assert.equal(ruleAllows(r({ nonResourceURLs: ['/healthz/*'] }), req('get', '/healthz/etcd')), true);
    assert.equal(ruleAllows(r({ nonResourceURLs: ['/healthz/*'] }), req('get', '/healthz')), false);
    assert.equal(ruleAllows(r({ resources: ['*'] }), req('get', '/healthz')), false, 'resource rules never grant URLs');
  });
});

describe('posture: who-can, Kubernetes RBAC documentation examples', () => {
  const rbac = () => world([fixture('kubernetes-website/rbac.yaml')]);

  it('read-pods: jane reads pods in default only; the binding and rule are located', () => {
    const a = whoCan(rbac(), req('get', 'pods', 'default'));
    const jane = a.rows.filter((x) => x.subject.name === 'jane');
    assert.equal(jane.length, 1);
    assert.equal(jane[0].binding.name, 'read-pods');
    assert.equal(jane[0].role.name, 'pod-reader');
    assert.equal(jane[0].rule.where?.file, 'kubernetes-website/rbac.yaml');
    assert.equal(jane[0].rule.where?.range.start.line, 7, 'rules[0] of pod-reader, line 8');
    assert.equal(jane[0].scope, 'default');
    assert.deepEqual(who(rbac(), req('get', 'pods', 'development')), []);
    assert.deepEqual(who(rbac(), req('delete', 'pods', 'default')), []);
  });
  it('read-secrets: a RoleBinding to a ClusterRole grants in its namespace; read-secrets-global everywhere', () => {
    assert.deepEqual(who(rbac(), req('get', 'secrets', 'development')), ['Group manager', 'User dave']);
    assert.deepEqual(who(rbac(), req('get', 'secrets', 'prod')), ['Group manager']);
    assert.deepEqual(who(rbac(), req('list', 'secrets')), ['Group manager'], 'cluster-wide: only ClusterRoleBindings');
    assert.deepEqual(who(rbac(), req('create', 'secrets', 'development')), []);
  });
  it('aggregated ClusterRole monitoring gets monitoring-endpoints\' rules; bound to a ServiceAccount and system:serviceaccounts:qa', () => {
    assert.deepEqual(who(rbac(), req('watch', 'endpointslices.discovery.k8s.io', 'kube-system')), [], 'the documented rule lists endpointslices in the core group');
    assert.deepEqual(who(rbac(), req('watch', 'services', 'kube-system')), ['Group system:serviceaccounts:qa', 'ServiceAccount kube-system/default']);
    const sa = whatCan(rbac(), { kind: 'ServiceAccount', name: 'build', namespace: 'qa' });
    assert.deepEqual([...new Set(sa.rows.map((r) => `${r.binding.name} ${r.role.name} ${r.rule.text}`))], [
      'subjects monitoring ClusterRole/monitoring-endpoints rules[0]: verbs: [get, list, watch] apiGroups: [""] resources: [services, endpointslices, pods]',
      'all-service-accounts aggregate-cron-tabs-edit ClusterRole/aggregate-cron-tabs-edit rules[0]: verbs: [get, list, watch, create, update, patch, delete] apiGroups: [stable.example.com] resources: [crontabs]',
    ]);
    const other = whatCan(rbac(), { kind: 'ServiceAccount', name: 'build', namespace: 'dev' });
    assert.deepEqual(other.rows.map((r) => r.binding.name), ['all-service-accounts'], 'system:serviceaccounts is every service account');
    assert.deepEqual(whatCan(rbac(), { kind: 'User', name: 'jane' }).rows.map((r) => r.binding.name), ['read-pods'], 'a user is no service account');
    assert.deepEqual(whatCan(rbac(), { kind: 'User', name: 'system:serviceaccount:qa:build' }).rows.map((r) => r.binding.name), ['subjects', 'all-service-accounts'], 'the user name of a service account is that account');
    assert.match(whatCan(rbac(), { kind: 'User', name: 'jane' }).notes.join('\n'), /groups jane belongs to besides system:authenticated are not known/);
  });
  it('resourceNames: only requests naming the object are granted', () => {
    const binding = { file: 'b.yaml', text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: cm, namespace: default}\nsubjects:\n- {kind: ServiceAccount, name: updater}\nroleRef: {kind: Role, name: configmap-updater, apiGroup: rbac.authorization.k8s.io}\n' };
    const r = world([fixture('kubernetes-website/rbac.yaml'), binding]);
    assert.deepEqual(who(r, req('update', 'configmaps', 'default', 'my-configmap')), ['ServiceAccount default/updater'], 'the subject namespace defaults to the RoleBinding\'s');
    assert.deepEqual(who(r, req('update', 'configmaps', 'default', 'other')), []);
    assert.deepEqual(who(r, req('update', 'configmaps', 'default')), []);
  });
  it('non-resource URLs: system:unauthenticated and the anonymous user', () => {
    assert.deepEqual(who(rbac(), req('get', '/healthz/ready')), ['Group system:unauthenticated']);
    assert.deepEqual(who(rbac(), req('delete', '/healthz')), []);
    assert.deepEqual(whatCan(rbac(), { kind: 'User', name: 'system:anonymous' }).rows.map((r) => r.binding.name), ['anonymous-health']);
  });
});

describe('posture: who-can, the rest', () => {
  const y = (s: string) => ({ file: 'x.yaml', text: s });
  it('aggregation is transitive, an aggregating role\'s own rules are replaced, cycles end', () => {
    const r = world([y(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: top}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {to-top: "true"}}]
rules:
- {apiGroups: [""], resources: [nodes], verbs: [delete]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: mid, labels: {to-top: "true"}}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {to-mid: "true"}}, {matchLabels: {to-top: "true"}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: leaf, labels: {to-mid: "true"}}
rules:
- {apiGroups: [""], resources: [pods/exec], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
subjects: [{kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: top, apiGroup: rbac.authorization.k8s.io}
`)]);
    assert.deepEqual(who(r, req('create', 'pods/exec', 'prod')), ['Group system:authenticated']);
    assert.deepEqual(who(r, req('delete', 'nodes')), [], 'the controller replaces top\'s own rules');
    assert.equal(whatCan(r, { kind: 'User', name: 'alice' }).rows.length, 1, 'every authenticated user');
  });
  it('a binding to a role not in the files is a problem; Kubernetes\' default ClusterRoles (cluster-admin, edit) are known', () => {
    const r = world([y(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: admins}
subjects: [{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: editors, namespace: prod}
subjects: [{kind: User, name: eve, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: edit, apiGroup: rbac.authorization.k8s.io}
`)]);
    const a = whoCan(r, req('get', 'secrets', 'prod'));
    assert.deepEqual([...new Set(a.rows.map((x) => showSubject(x.subject)))], ['Group ops', 'User eve'], 'edit reads Secrets');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(who(r, req('get', '/metrics')), ['Group ops']);
    const unknown = world([y(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: editors, namespace: prod}
subjects: [{kind: User, name: eve, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: editors, apiGroup: rbac.authorization.k8s.io}
`)]);
    const u = whoCan(unknown, req('get', 'secrets', 'prod'));
    assert.equal(u.problems.length, 1);
    assert.match(u.problems[0].message, /RoleBinding 'editors' \(namespace 'prod'\) refers to ClusterRole 'editors', which is not in the files nor one of Kubernetes' default ClusterRoles/);
    assert.equal(u.problems[0].where?.range.start.line, 4);
    const bad = world([y('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: x}\nsubjects: [{kind: User, name: u}]\nroleRef: {kind: Role, name: r}\n')]);
    assert.match(whoCan(bad, req('get', 'pods', 'a')).problems[0].message, /roleRef.kind 'Role' is not ClusterRole; the API server rejects it/);
  });
  it('command-line requests and subjects', () => {
    assert.deepEqual(parseRequest('get', 'deploy/scale', 'p'), { verb: 'get', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', name: undefined, namespace: 'p' });
    assert.deepEqual(parseRequest('get', 'secret'), { verb: 'get', apiGroup: '', resource: 'secrets', subresource: undefined, name: undefined, namespace: undefined });
    assert.match((parseRequest('get', 'widgets') as { error: string }).error, /API group/);
    assert.equal((parseRequest('get', 'widgets.example.com') as { apiGroup: string }).apiGroup, 'example.com');
    assert.deepEqual(parseSubject('ServiceAccount:ci/build'), { kind: 'ServiceAccount', namespace: 'ci', name: 'build' });
    assert.deepEqual(parseSubject('ServiceAccount:build:ci'), { kind: 'ServiceAccount', namespace: 'ci', name: 'build' });
    assert.deepEqual(parseSubject('Group:system:serviceaccounts:qa'), { kind: 'Group', name: 'system:serviceaccounts:qa' });
    assert.match((parseSubject('Robot:x') as { error: string }).error, /User, Group or ServiceAccount/);
  });
});
