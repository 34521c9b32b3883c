/** The RBAC authorizer's own unit tests (fixtures/kubernetes-rbac/NOTICE), over YAML objects. */
import { strict as assert } from 'assert';
import { modelOf } from '../../server/src/engine/posture/common';
import { rbacOf, authorize, ruleAllows, PolicyRule, Request, UserInfo } from '../../server/src/engine/posture/whocan';

const list = (s: string) => `[${s.split(',').map((x) => JSON.stringify(x)).join(', ')}]`;
/** newRule(verbs, apiGroups, resources, nonResourceURLs) of rbac_test.go. */
const rule = (verbs: string, groups: string, resources: string, urls: string) => `- {verbs: ${list(verbs)}, apiGroups: ${list(groups)}, resources: ${list(resources)}, nonResourceURLs: ${list(urls)}}`;
const clusterRole = (name: string, ...rules: string[]) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules:\n${rules.join('\n')}\n`;
const subjects = (s: string[]) => s.map((x) => { const [k, n] = x.split(/:(.*)/); return `- {kind: ${k}, name: "${n}"}`; }).join('\n');
const crb = (role: string, ...s: string[]) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: crb-${role}}\nsubjects:\n${subjects(s)}\nroleRef: {kind: ClusterRole, name: ${role}, apiGroup: rbac.authorization.k8s.io}\n`;
const rbToClusterRole = (ns: string, role: string, ...s: string[]) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb-${role}, namespace: ${ns}}\nsubjects:\n${subjects(s)}\nroleRef: {kind: ClusterRole, name: ${role}, apiGroup: rbac.authorization.k8s.io}\n`;

function world(docs: string[]) {
  const { model, problems } = modelOf([{ file: 'rbac.yaml', text: docs.join('---\n') }]);
  assert.deepEqual(problems, []);
  return rbacOf(model);
}
/** defaultAttributes{user, groups, verb, resource, subresource, namespace, apiGroup}. */
function attrs(user: string, groups: string, verb: string, resource: string, subresource: string, namespace: string, apiGroup: string): [UserInfo, Request] {
  return [{ name: user, groups: groups ? groups.split(',') : [] }, { verb, apiGroup, resource, subresource: subresource || undefined, namespace: namespace || undefined }];
}
const url = (u: UserInfo, verb: string, path: string): [UserInfo, Request] => [u, { verb, nonResourceURL: path }];

describe('posture: who-can, the RBAC authorizer\'s own cases (TestAuthorizer)', () => {
  const cases: { docs: string[]; pass: [UserInfo, Request][]; fail: [UserInfo, Request][] }[] = [
    {
      docs: [clusterRole('admin', rule('*', '*', '*', '*')), rbToClusterRole('ns1', 'admin', 'User:admin', 'Group:admins')],
      pass: [attrs('admin', '', 'get', 'Pods', '', 'ns1', ''), attrs('admin', '', 'watch', 'Pods', '', 'ns1', ''), attrs('admin', 'group1', 'watch', 'Foobar', '', 'ns1', ''),
        attrs('joe', 'admins', 'watch', 'Foobar', '', 'ns1', ''), attrs('joe', 'group1,admins', 'watch', 'Foobar', '', 'ns1', '')],
      fail: [attrs('admin', '', 'GET', 'Pods', '', 'ns2', ''), attrs('admin', '', 'GET', 'Nodes', '', '', ''), attrs('admin', 'admins', 'GET', 'Pods', '', 'ns2', ''), attrs('admin', 'admins', 'GET', 'Nodes', '', '', '')],
    },
    {
      docs: [clusterRole('non-resource-url-getter', rule('get', '', '', '/apis')), clusterRole('non-resource-url', rule('*', '', '', '/apis')), clusterRole('non-resource-url-prefix', rule('get', '', '', '/apis/*')),
        crb('non-resource-url-getter', 'User:foo', 'Group:bar'), crb('non-resource-url', 'User:admin', 'Group:admin'), crb('non-resource-url-prefix', 'User:prefixed', 'Group:prefixed')],
      pass: [url({ name: 'foo', groups: [] }, 'get', '/apis'), url({ groups: ['bar'] }, 'get', '/apis'), url({ name: 'admin', groups: [] }, 'get', '/apis'), url({ groups: ['admin'] }, 'get', '/apis'),
        url({ name: 'admin', groups: [] }, 'watch', '/apis'), url({ groups: ['admin'] }, 'watch', '/apis'),
        url({ name: 'prefixed', groups: [] }, 'get', '/apis/v1'), url({ groups: ['prefixed'] }, 'get', '/apis/v1'), url({ name: 'prefixed', groups: [] }, 'get', '/apis/v1/foobar'), url({ groups: ['prefixed'] }, 'get', '/apis/v1/foorbar')],
      fail: [url({ name: 'foo', groups: [] }, 'watch', '/apis'), url({ groups: ['bar'] }, 'watch', '/apis'),
        url({ name: 'foo', groups: [] }, 'get', '/api/v1'), url({ groups: ['bar'] }, 'get', '/api/v1'), url({ name: 'admin', groups: [] }, 'get', '/api/v1'), url({ groups: ['admin'] }, 'get', '/api/v1'),
        url({ name: 'prefixed', groups: [] }, 'get', '/api/v1'), url({ groups: ['prefixed'] }, 'get', '/api/v1')],
    },
    {
      docs: [clusterRole('admin', rule('*', '*', 'pods', '*')), rbToClusterRole('ns1', 'admin', 'User:admin', 'Group:admins')],
      pass: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
      fail: [attrs('admin', '', 'get', 'pods', 'status', 'ns1', '')],
    },
    {
      docs: [clusterRole('admin', rule('*', '*', 'pods/status', '*')), rbToClusterRole('ns1', 'admin', 'User:admin', 'Group:admins')],
      pass: [attrs('admin', '', 'get', 'pods', 'status', 'ns1', '')],
      fail: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
    },
  ];
  cases.forEach((c, i) => it(`case ${i}`, () => {
    const rbac = world(c.docs);
    const show = ([u, r]: [UserInfo, Request]) => JSON.stringify({ ...u, ...r });
    const wrong = [
      ...c.pass.filter(([u, r]) => !authorize(rbac, u, r).rows.length).map((a) => `incorrectly restricted ${show(a)}`),
      ...c.fail.filter(([u, r]) => authorize(rbac, u, r).rows.length).map((a) => `incorrectly passed ${show(a)}`),
    ];
    assert.deepEqual(wrong, []);
  }));
});

describe('posture: who-can, the RBAC authorizer\'s own cases (TestRuleMatches)', () => {
  const r = (verbs: string[], apiGroups: string[], resources: string[], nonResourceURLs: string[] = []): PolicyRule => ({ verbs, apiGroups, resources, resourceNames: [], nonResourceURLs, index: 0, role: 't' });
  const res = (verb: string, apiGroup: string, resource: string, subresource?: string): Request => ({ verb, apiGroup, resource, subresource });
  const tables: [string, PolicyRule, [Request, boolean][]][] = [
    ['star verb, exact match other', r(['*'], ['group1'], ['resource1']), [
      [res('verb1', 'group1', 'resource1'), true], [res('verb1', 'group2', 'resource1'), false], [res('verb1', 'group1', 'resource2'), false], [res('verb1', 'group2', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), true], [res('verb2', 'group2', 'resource1'), false], [res('verb2', 'group1', 'resource2'), false], [res('verb2', 'group2', 'resource2'), false]]],
    ['star group, exact match other', r(['verb1'], ['*'], ['resource1']), [
      [res('verb1', 'group1', 'resource1'), true], [res('verb1', 'group2', 'resource1'), true], [res('verb1', 'group1', 'resource2'), false], [res('verb1', 'group2', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), false], [res('verb2', 'group2', 'resource1'), false], [res('verb2', 'group1', 'resource2'), false], [res('verb2', 'group2', 'resource2'), false]]],
    ['star resource, exact match other', r(['verb1'], ['group1'], ['*']), [
      [res('verb1', 'group1', 'resource1'), true], [res('verb1', 'group2', 'resource1'), false], [res('verb1', 'group1', 'resource2'), true], [res('verb1', 'group2', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), false], [res('verb2', 'group2', 'resource1'), false], [res('verb2', 'group1', 'resource2'), false], [res('verb2', 'group2', 'resource2'), false]]],
    ['tuple expansion', r(['verb1', 'verb2'], ['group1', 'group2'], ['resource1', 'resource2']), [
      [res('verb1', 'group1', 'resource1'), true], [res('verb1', 'group2', 'resource1'), true], [res('verb1', 'group1', 'resource2'), true], [res('verb1', 'group2', 'resource2'), true],
      [res('verb2', 'group1', 'resource1'), true], [res('verb2', 'group2', 'resource1'), true], [res('verb2', 'group1', 'resource2'), true], [res('verb2', 'group2', 'resource2'), true]]],
    ['subresource expansion', r(['*'], ['*'], ['resource1/subresource1']), [
      [res('verb1', 'group1', 'resource1', 'subresource1'), true], [res('verb1', 'group2', 'resource1', 'subresource2'), false], [res('verb1', 'group1', 'resource2', 'subresource1'), false], [res('verb1', 'group2', 'resource2', 'subresource1'), false],
      [res('verb2', 'group1', 'resource1', 'subresource1'), true], [res('verb2', 'group2', 'resource1', 'subresource2'), false], [res('verb2', 'group1', 'resource2', 'subresource1'), false], [res('verb2', 'group2', 'resource2', 'subresource1'), false]]],
    ['star nonresource, exact match other', r(['verb1'], [], [], ['*']), [
      ...['/foo', '/foo/bar', '/foo/baz', '/foo/bar/one', '/foo/baz/one'].map((u): [Request, boolean] => [{ verb: 'verb1', nonResourceURL: u }, true]),
      ...['/foo', '/foo/bar', '/foo/baz', '/foo/bar/one', '/foo/baz/one'].map((u): [Request, boolean] => [{ verb: 'verb2', nonResourceURL: u }, false])]],
  ];
  for (const [name, rule, table] of tables) it(name, () => {
    assert.deepEqual(table.filter(([q, want]) => ruleAllows(rule, q) !== want).map(([q]) => JSON.stringify(q)), []);
  });
});
