/**
 * Who-can with Kubernetes' default ClusterRoles and ClusterRoleBindings (server/src/engine/posture/k8s-defaults.ts,
 * generated from fixtures/kubernetes-bootstrap/, see its NOTICE). The expectations on admin, edit, view and
 * cluster-admin are the statements of the "User-facing roles" and "API discovery roles" tables of the
 * Kubernetes RBAC documentation (content/en/docs/reference/access-authn-authz/rbac.md, kubernetes/website
 * 7bde1aa4); the aggregate-cron-tabs-* ClusterRoles are that page's aggregation example (CC BY 4.0,
 * © The Kubernetes Authors).
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { modelOf } from '../../server/src/engine/posture/common';
import { rbacOf, whoCan, whatCan, authorize, parseRequest, showSubject, Request, Rbac, WhoAnswer } from '../../server/src/engine/posture/whocan';
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from '../../server/src/engine/posture/k8s-defaults';
import { generate, OUT } from '../../scripts/gen-k8s-rbac-defaults';

const FIX = path.join(__dirname, 'fixtures', 'kubernetes-bootstrap');
function world(...texts: string[]): Rbac {
  const { model, problems } = modelOf(texts.map((t, i) => ({ file: `f${i}.yaml`, text: t })));
  assert.deepEqual(problems, []);
  return rbacOf(model);
}
function req(verb: string, resource: string, namespace?: string, name?: string): Request {
  const r = parseRequest(verb, resource, namespace, name);
  if ('error' in r) throw new Error(r.error);
  return r;
}
const subjects = (a: WhoAnswer) => [...new Set(a.rows.map((x) => showSubject(x.subject)))].sort();
const who = (rbac: Rbac, r: Request) => subjects(whoCan(rbac, r));
const defaultsOf = (a: WhoAnswer) => [...new Set((a.defaults ?? []).map((x) => `${showSubject(x.subject)} by ${x.binding.name}`))].sort();

const rb = (name: string, ns: string, role: string, user: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: ${ns}}
subjects: [{kind: User, name: ${user}, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: ${role}, apiGroup: rbac.authorization.k8s.io}
`;
const crb = (name: string, role: string, user: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${name}}
subjects: [{kind: User, name: ${user}, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: ${role}, apiGroup: rbac.authorization.k8s.io}
`;
/** Bindings in namespace prod to the four user-facing roles, none of which the files define. */
const USER_FACING = [rb('eds', 'prod', 'edit', 'ed'), rb('ads', 'prod', 'admin', 'ada'), rb('views', 'prod', 'view', 'vic'), rb('roots', 'prod', 'cluster-admin', 'rob'), crb('root', 'cluster-admin', 'root')].join('---\n');
const CRON_TABS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: aggregate-cron-tabs-edit
  labels:
    # Add these permissions to the "admin" and "edit" default roles.
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
rules:
- apiGroups: ["stable.example.com"]
  resources: ["crontabs"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
---
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: aggregate-cron-tabs-view
  labels:
    # Add these permissions to the "view" default role.
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: ["stable.example.com"]
  resources: ["crontabs"]
  verbs: ["get", "list", "watch"]
`;

describe('posture: who-can, Kubernetes\' default roles (the data)', () => {
  it('is generated from the bootstrap policy files and up to date', () => {
    const body = generate(fs.readFileSync(path.join(FIX, 'cluster-roles.yaml'), 'utf8'), fs.readFileSync(path.join(FIX, 'cluster-role-bindings.yaml'), 'utf8'));
    assert.equal(fs.readFileSync(OUT, 'utf8'), body, 'stale: run npx tsx scripts/gen-k8s-rbac-defaults.ts');
    assert.equal(DEFAULT_CLUSTER_ROLES.length, 31);
    assert.deepEqual(DEFAULT_CLUSTER_ROLES.filter((r) => r.selectors).map((r) => r.name), ['admin', 'edit', 'view']);
    assert.ok(!DEFAULT_CLUSTER_ROLE_BINDINGS.some((b) => b.name.startsWith('system:openshift:')), 'OpenShift\'s carry is dropped');
    assert.deepEqual(DEFAULT_CLUSTER_ROLE_BINDINGS.find((b) => b.name === 'cluster-admin')?.subjects, [{ kind: 'Group', name: 'system:masters' }]);
  });
});

describe('posture: who-can through bindings to Kubernetes\' user-facing roles (RBAC documentation)', () => {
  const rbac = world(USER_FACING);

  it('edit: read/write most objects of its namespace, Secrets and running Pods as any ServiceAccount included; no roles or role bindings', () => {
    assert.deepEqual(who(rbac, req('delete', 'pods', 'prod')), ['User ada', 'User ed', 'User rob', 'User root']);
    assert.deepEqual(who(rbac, req('delete', 'pods', 'staging')), ['User root'], 'a RoleBinding grants in its namespace only');
    for (const [verb, res] of [['create', 'deployments'], ['update', 'configmaps'], ['patch', 'deployments/scale'], ['create', 'pods/exec'], ['delete', 'cronjobs'],
      ['get', 'secrets'], ['list', 'secrets'], ['create', 'secrets'], ['create', 'pods'], ['impersonate', 'serviceaccounts'], ['create', 'serviceaccounts/token']]) {
      assert.ok(who(rbac, req(verb, res, 'prod')).includes('User ed'), `edit allows ${verb} ${res}`);
    }
    for (const [verb, res] of [['get', 'roles'], ['list', 'rolebindings'], ['create', 'rolebindings'], ['update', 'resourcequotas'], ['update', 'endpoints'], ['create', 'endpointslices'], ['escalate', 'roles']]) {
      assert.ok(!who(rbac, req(verb, res, 'prod')).includes('User ed'), `edit does not allow ${verb} ${res}`);
    }
    assert.deepEqual(who(rbac, req('delete', 'pods')), ['User root'], 'cluster-wide: only the ClusterRoleBinding');
  });
  it('edit: the grant names the built-in role and the aggregated role its rule comes from', () => {
    const a = whoCan(rbac, req('delete', 'pods', 'prod'));
    const ed = a.rows.filter((r) => r.subject.name === 'ed');
    assert.equal(ed.length, 1);
    assert.deepEqual(ed[0].role, { kind: 'ClusterRole', name: 'edit', builtin: true });
    assert.equal(ed[0].rule.text, 'ClusterRole/system:aggregate-to-edit (Kubernetes default) rules[2]: verbs: [create, delete, deletecollection, patch, update] apiGroups: [""] resources: [pods, pods/attach, pods/exec, pods/portforward, pods/proxy]');
    assert.equal(ed[0].rule.where, undefined);
    assert.equal(ed[0].binding.where.file, 'f0.yaml');
    assert.deepEqual(a.problems, [], 'a binding to a default role is no problem');
  });
  it('view: read-only, neither Secrets nor roles', () => {
    for (const [verb, res] of [['get', 'pods'], ['list', 'deployments'], ['watch', 'services'], ['get', 'pods/log'], ['list', 'endpointslices'], ['get', 'resourcequotas']]) {
      assert.ok(who(rbac, req(verb, res, 'prod')).includes('User vic'), `view allows ${verb} ${res}`);
    }
    for (const [verb, res] of [['get', 'secrets'], ['list', 'secrets'], ['get', 'roles'], ['list', 'rolebindings'], ['delete', 'pods'], ['create', 'pods/exec'], ['update', 'configmaps']]) {
      assert.ok(!who(rbac, req(verb, res, 'prod')).includes('User vic'), `view does not allow ${verb} ${res}`);
    }
  });
  it('admin: what edit allows, plus roles and role bindings of the namespace; no writes to resource quota or the namespace itself', () => {
    for (const [verb, res] of [['delete', 'pods'], ['get', 'secrets'], ['create', 'roles'], ['create', 'rolebindings'], ['delete', 'rolebindings'], ['create', 'localsubjectaccessreviews.authorization.k8s.io'], ['get', 'resourcequotas']]) {
      assert.ok(who(rbac, req(verb, res, 'prod')).includes('User ada'), `admin allows ${verb} ${res}`);
    }
    for (const [verb, res] of [['update', 'resourcequotas'], ['create', 'resourcequotas']]) assert.ok(!who(rbac, req(verb, res, 'prod')).includes('User ada'), `admin does not allow ${verb} ${res}`);
    assert.ok(!who(rbac, req('delete', 'namespaces', 'prod', 'prod')).includes('User ada'), 'admin does not write the namespace itself');
    assert.ok(!who(rbac, req('create', 'roles', 'staging')).includes('User ada'));
  });
  it('cluster-admin: in a RoleBinding every resource of the namespace, the namespace itself included; in a ClusterRoleBinding everything', () => {
    assert.deepEqual(who(rbac, req('delete', 'namespaces', 'prod', 'prod')), ['User rob', 'User root']);
    assert.deepEqual(who(rbac, req('escalate', 'roles', 'prod')), ['User rob', 'User root']);
    assert.deepEqual(who(rbac, req('delete', 'widgets.example.com', 'prod')), ['User rob', 'User root']);
    assert.deepEqual(who(rbac, req('delete', 'nodes')), ['User root']);
    assert.deepEqual(who(rbac, req('get', '/metrics')), ['User root'], 'non-resource URLs: only the ClusterRoleBinding');
  });
  it('what a subject can do names the built-in roles too', () => {
    const ed = whatCan(rbac, { kind: 'User', name: 'ed' });
    assert.ok(ed.rows.length > 10);
    assert.ok(ed.rows.every((r) => r.role.name === 'edit' && r.role.builtin && r.scope === 'prod'));
    assert.ok(ed.rows.some((r) => r.rule.text.startsWith('ClusterRole/system:aggregate-to-view (Kubernetes default)')), 'view is aggregated into edit');
    assert.ok(!ed.rows.some((r) => r.rule.text.startsWith('ClusterRole/system:aggregate-to-admin')));
  });
});

describe('posture: who-can, the files\' ClusterRoles and Kubernetes\' defaults together', () => {
  it('a ClusterRole labelled aggregate-to-view extends view, and through view edit and admin (the documentation\'s crontabs)', () => {
    const rbac = world(USER_FACING, CRON_TABS);
    assert.deepEqual(who(rbac, req('get', 'crontabs.stable.example.com', 'prod')), ['User ada', 'User ed', 'User rob', 'User root', 'User vic']);
    assert.deepEqual(who(rbac, req('delete', 'crontabs.stable.example.com', 'prod')), ['User ada', 'User ed', 'User rob', 'User root'], 'view only reads them');
    const vic = whoCan(rbac, req('watch', 'crontabs.stable.example.com', 'prod')).rows.filter((r) => r.subject.name === 'vic');
    assert.equal(vic.length, 1);
    assert.equal(vic[0].rule.text, 'ClusterRole/aggregate-cron-tabs-view rules[0]: verbs: [get, list, watch] apiGroups: [stable.example.com] resources: [crontabs]');
    assert.equal(vic[0].rule.where?.file, 'f1.yaml', 'the aggregated rule is located in the files');
    assert.deepEqual(vic[0].role, { kind: 'ClusterRole', name: 'view', builtin: true });
    // without the aggregating labels, the files' roles stay out of the default roles
    const plain = world(USER_FACING, CRON_TABS.replace(/rbac\.authorization\.k8s\.io\/aggregate-to-(view|edit|admin)/g, 'example.com/other'));
    assert.deepEqual(who(plain, req('get', 'crontabs.stable.example.com', 'prod')), ['User rob', 'User root']);
  });
  it('a ClusterRole of the files named edit replaces the default: its rules, its location, and admin no longer takes it in', () => {
    const edit = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: edit}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get]}
`;
    const rbac = world(USER_FACING, edit);
    assert.deepEqual(who(rbac, req('get', 'pods', 'prod')).filter((s) => s === 'User ed'), ['User ed']);
    assert.ok(!who(rbac, req('delete', 'pods', 'prod')).includes('User ed'), 'the default edit is gone');
    assert.ok(!who(rbac, req('get', 'secrets', 'prod')).includes('User ed'));
    const row = whoCan(rbac, req('get', 'pods', 'prod')).rows.find((r) => r.subject.name === 'ed')!;
    assert.equal(row.role.builtin, undefined);
    assert.equal(row.role.where?.file, 'f1.yaml');
    assert.equal(row.rule.text, 'ClusterRole/edit rules[0]: verbs: [get] apiGroups: [""] resources: [pods]');
    // admin aggregates what is labelled aggregate-to-admin: the default edit was, this edit is not
    assert.ok(!who(rbac, req('delete', 'pods', 'prod')).includes('User ada'));
    assert.ok(who(rbac, req('create', 'rolebindings', 'prod')).includes('User ada'), 'system:aggregate-to-admin still is');
    const notes = whoCan(rbac, req('get', 'pods', 'prod')).notes.join('\n');
    assert.match(notes, /ClusterRole 'edit' of the files replaces Kubernetes' default of that name here; the API server adds the default's rules back at its next start unless the object is annotated rbac.authorization.kubernetes.io\/autoupdate: "false"/);
    const optedOut = world(USER_FACING, edit.replace('metadata: {name: edit}', 'metadata: {name: edit, annotations: {rbac.authorization.kubernetes.io/autoupdate: "false"}}'));
    assert.doesNotMatch(whoCan(optedOut, req('get', 'pods', 'prod')).notes.join('\n'), /replaces Kubernetes' default/);
    assert.ok(!who(optedOut, req('delete', 'pods', 'prod')).includes('User ed'));
  });
  it('a ClusterRole of the files aggregating by the defaults\' labels takes in the default roles\' rules', () => {
    const rbac = world(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: read-most}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}}]
---
${crb('readers', 'read-most', 'rita')}`);
    assert.deepEqual(who(rbac, req('list', 'deployments', 'any')), ['User rita']);
    assert.deepEqual(who(rbac, req('get', 'secrets', 'any')), []);
    const row = whoCan(rbac, req('list', 'deployments', 'any')).rows[0];
    assert.deepEqual([row.role.name, row.role.builtin, row.rule.text.split(' rules')[0]], ['read-most', undefined, 'ClusterRole/system:aggregate-to-view (Kubernetes default)']);
  });
  it('a Role named edit is no ClusterRole: a binding to ClusterRole edit still gets the default', () => {
    const rbac = world(USER_FACING, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: edit, namespace: prod}\nrules: []\n');
    assert.ok(who(rbac, req('delete', 'pods', 'prod')).includes('User ed'));
  });
  it('a binding to a role that is neither in the files nor a default is still a problem', () => {
    const a = whoCan(world(rb('x', 'prod', 'editor', 'eve')), req('get', 'pods', 'prod'));
    assert.deepEqual(a.rows, []);
    assert.equal(a.problems.length, 1);
    assert.match(a.problems[0].message, /RoleBinding 'x' \(namespace 'prod'\) refers to ClusterRole 'editor', which is not in the files nor one of Kubernetes' default ClusterRoles: what it grants is not known/);
  });
});

describe('posture: who-can, Kubernetes\' default ClusterRoleBindings (on request)', () => {
  it('are left out unless asked for, and the answer says so', () => {
    const rbac = world(USER_FACING);
    const a = whoCan(rbac, req('delete', 'nodes'));
    assert.equal(a.defaults, undefined);
    assert.match(a.notes.join('\n'), /Kubernetes' default ClusterRoleBindings \(system:masters is cluster-admin.*\) are not counted/);
    const d = whoCan(rbac, req('delete', 'nodes'), { defaults: true });
    assert.deepEqual(subjects(d), ['User root'], 'the files\' grants stay in rows');
    assert.deepEqual(defaultsOf(d), ['Group system:masters by cluster-admin']);
    assert.deepEqual(d.defaults![0].binding, { kind: 'ClusterRoleBinding', name: 'cluster-admin', namespace: '', builtin: true });
    assert.deepEqual(d.defaults![0].role, { kind: 'ClusterRole', name: 'cluster-admin', builtin: true });
  });
  it('the control-plane users and groups get their system: roles', () => {
    const rbac = world(USER_FACING);
    assert.deepEqual(defaultsOf(whoCan(rbac, req('delete', 'pods', 'prod'), { defaults: true })), ['Group system:masters by cluster-admin', 'User system:kube-scheduler by system:kube-scheduler']);
    assert.deepEqual(defaultsOf(whoCan(rbac, req('get', 'secrets', 'prod'), { defaults: true })), ['Group system:masters by cluster-admin', 'User system:kube-controller-manager by system:kube-controller-manager']);
    assert.deepEqual(defaultsOf(whoCan(rbac, req('get', '/metrics'), { defaults: true })), ['Group system:masters by cluster-admin', 'Group system:monitoring by system:monitoring']);
    assert.deepEqual(defaultsOf(whoCan(rbac, req('get', '/openid/v1/jwks'), { defaults: true })), ['Group system:masters by cluster-admin', 'Group system:serviceaccounts by system:service-account-issuer-discovery']);
    assert.deepEqual(defaultsOf(whoCan(rbac, req('list', 'endpointslices.discovery.k8s.io', 'prod'), { defaults: true })),
      ['Group system:masters by cluster-admin', 'User system:kube-controller-manager by system:kube-controller-manager', 'User system:kube-proxy by system:node-proxier']);
  });
  it('API discovery roles: system:basic-user and system:discovery for authenticated users, system:public-info-viewer for everyone', () => {
    const rbac = world(USER_FACING);
    const alice = { name: 'alice', groups: ['system:authenticated'] };
    const anon = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
    const can = (u: typeof alice, r: Request) => authorize(rbac, u, r, { defaults: true }).defaults!.map((x) => x.binding.name);
    assert.deepEqual(can(alice, req('get', '/apis')), ['system:discovery']);
    assert.deepEqual(can(anon, req('get', '/apis')), [], 'no longer bound to system:unauthenticated since v1.14');
    assert.deepEqual(can(anon, req('get', '/version')), ['system:public-info-viewer']);
    assert.deepEqual(can(alice, req('get', '/version')), ['system:discovery', 'system:public-info-viewer']);
    assert.deepEqual(can(alice, req('create', 'selfsubjectaccessreviews.authorization.k8s.io')), ['system:basic-user']);
    assert.deepEqual(can({ name: 'bob', groups: ['system:masters', 'system:authenticated'] }, req('delete', 'nodes')), ['cluster-admin']);
    const what = whatCan(rbac, { kind: 'User', name: 'alice' }, { defaults: true });
    assert.deepEqual(what.rows, []);
    assert.deepEqual([...new Set(what.defaults!.map((r) => r.binding.name))], ['system:basic-user', 'system:discovery', 'system:public-info-viewer']);
    assert.deepEqual(whatCan(rbac, { kind: 'User', name: 'alice' }).defaults, undefined);
  });
  it('a ClusterRoleBinding of the files with a default\'s name replaces it', () => {
    const rbac = world(USER_FACING, crb('cluster-admin', 'cluster-admin', 'break-glass'));
    const a = whoCan(rbac, req('delete', 'nodes'), { defaults: true });
    assert.deepEqual(subjects(a), ['User break-glass', 'User root']);
    assert.deepEqual(defaultsOf(a), [], 'system:masters is no longer listed');
    assert.match(a.notes.join('\n'), /ClusterRoleBinding 'cluster-admin' of the files replaces Kubernetes' default of that name here; the API server adds the default's subjects back/);
  });
});
