import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';
import { APPS } from './apps';

const FIX = path.join(__dirname, 'fixtures');

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}
function tmpdir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-posture-'));
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(d, name), body);
  return d;
}

describe('CLI: palisade reach', () => {
  const dir = () => tmpdir({ 'apps.yaml': APPS, 'np.yaml': fs.readFileSync(path.join(FIX, 'kubernetes-website/networkpolicy.yaml'), 'utf8') });

  it('allowed: exit 0, names the rule with its line; denied: exit 1', async () => {
    const d = dir();
    let r = await run(['reach', 'default/frontend', 'default/db', '--port', '6379'], d);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ALLOWED default\/frontend -> default\/db on 6379\/TCP/);
    assert.match(r.out, /allowed by default\/test-network-policy ingress\[0\] on 6379\/TCP {2}np\.yaml:14:5/);
    r = await run(['reach', 'default/frontend', 'default/db', '--port', '6380'], d);
    assert.equal(r.code, 1);
    assert.match(r.out, /^DENIED/);
    r = await run(['reach', '10.9.9.9', 'default/db', '--port', 'redis', '.'], d);
    assert.equal(r.code, 1, 'outside 172.17.0.0/16: denied');
    r = await run(['reach', '172.17.0.0/16', 'default/db', '--port', 'redis'], d);
    assert.equal(r.code, 0);
  });
  it('--format json carries the verdict, the ports and the grants', async () => {
    const r = await run(['reach', 'default/frontend', 'default/db', '--format', 'json'], dir());
    const j = JSON.parse(r.out);
    assert.equal(j.allowed, true);
    assert.deepEqual(j.ports, ['6379/TCP']);
    assert.equal(j.ingress.grants[0].where.file, 'np.yaml');
  });
  it('usage errors exit 2; a manifest that cannot be read makes the answer an error', async () => {
    const d = dir();
    assert.equal((await run(['reach', 'default/frontend'], d)).code, 2);
    assert.equal((await run(['reach', 'default/nope', 'default/db'], d)).code, 2);
    assert.equal((await run(['reach', 'default/frontend', 'default/db', '--port', 'http'], d)).code, 2);
    assert.equal((await run(['reach', 'default/frontend', 'default/db', '--format', 'xml'], d)).code, 2);
    fs.writeFileSync(path.join(d, 'broken.yaml'), 'apiVersion: v1\nkind: [\n');
    const r = await run(['reach', 'default/frontend', 'default/db', '--port', '6379'], d);
    assert.equal(r.code, 2);
    assert.match(r.err, /error: broken\.yaml:\d+:\d+: not read: .*the answer may be wrong/);
  });
});

describe('CLI: palisade who-can', () => {
  const dir = () => tmpdir({ 'rbac.yaml': fs.readFileSync(path.join(FIX, 'kubernetes-website/rbac.yaml'), 'utf8') });
  it('who can VERB RESOURCE -n NS: the subjects, bindings and rules; nobody: exit 1', async () => {
    const d = dir();
    let r = await run(['who-can', 'get', 'secrets', '-n', 'development'], d);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /User dave {2}via RoleBinding development\/read-secrets to ClusterRole secret-reader \(namespace development\) {2}rbac\.yaml:48:9/);
    assert.match(r.out, /Group manager {2}via ClusterRoleBinding read-secrets-global/);
    r = await run(['who-can', 'delete', 'secrets', '-n', 'development', 'rbac.yaml'], d);
    assert.equal(r.code, 1);
    assert.match(r.out, /nobody/);
    r = await run(['who-can', 'get', 'pods', '-A', '--format', 'json'], d);
    assert.deepEqual([...new Set(JSON.parse(r.out).rows.map((x: { subject: { name: string } }) => x.subject.name))].sort(), ['default', 'jane', 'system:serviceaccounts:qa']);
  });
  it('--as: whether that subject can (exit 0 yes, 1 no), through its groups', async () => {
    const d = dir();
    let r = await run(['who-can', 'get', 'secrets', '-n', 'development', '--as', 'User:dave'], d);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^can User dave get secrets in namespace development:\n {2}User dave {2}via RoleBinding development\/read-secrets/);
    r = await run(['who-can', 'get', 'secrets', '-n', 'prod', '--as', 'User:dave'], d);
    assert.equal(r.code, 1);
    assert.match(r.out, /: no, not by the files' bindings/);
    r = await run(['who-can', 'watch', 'crontabs.stable.example.com', '-n', 'dev', '--as', 'ServiceAccount:dev/builder'], d);
    assert.equal(r.code, 0, 'every service account, through system:serviceaccounts');
    assert.equal((await run(['who-can', 'get', 'pods', '--as', 'Robot:x'], d)).code, 2);
  });
  it('--subject: what it can do', async () => {
    const r = await run(['who-can', '--subject', 'User:jane'], dir());
    assert.equal(r.code, 0);
    assert.match(r.out, /Role\/default\/pod-reader rules\[0\]: verbs: \[get, watch, list\]/);
    assert.equal((await run(['who-can', '--subject', 'User:nobody'], dir())).code, 1);
  });
  it('usage errors exit 2; an unknown bound role makes the answer an error', async () => {
    const d = dir();
    assert.equal((await run(['who-can', 'get'], d)).code, 2);
    assert.equal((await run(['who-can', 'get', 'widgets'], d)).code, 2);
    assert.equal((await run(['who-can', '--subject', 'Robot:x'], d)).code, 2);
    assert.equal((await run(['who-can', 'get', 'pods', '-n', 'a', '-A'], d)).code, 2);
    assert.equal((await run(['who-can', 'get', 'pods', '--defaults', '--no-defaults'], d)).code, 2);
    fs.writeFileSync(path.join(d, 'edit.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: e, namespace: prod}\nsubjects: [{kind: User, name: eve}]\nroleRef: {kind: ClusterRole, name: editors, apiGroup: rbac.authorization.k8s.io}\n');
    const r = await run(['who-can', 'get', 'secrets', '-n', 'prod'], d);
    assert.equal(r.code, 2);
    assert.match(r.err, /ClusterRole 'editors', which is not in the files nor one of Kubernetes' default ClusterRoles/);
  });
  it('a binding to Kubernetes\' default edit grants, shown as built in; --defaults adds the default bindings apart', async () => {
    const d = tmpdir({ 'edit.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: e, namespace: prod}\nsubjects: [{kind: User, name: eve}]\nroleRef: {kind: ClusterRole, name: edit, apiGroup: rbac.authorization.k8s.io}\n' });
    let r = await run(['who-can', 'delete', 'pods', '-n', 'prod'], d);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /^who can delete pods in namespace prod:\n {2}User eve {2}via RoleBinding prod\/e to ClusterRole edit \(Kubernetes default\) \(namespace prod\) {2}edit\.yaml:3:18\n {4}ClusterRole\/system:aggregate-to-edit \(Kubernetes default\) rules\[2\]: verbs: \[create, delete/);
    assert.doesNotMatch(r.out, /Group system:masters/);
    assert.match(r.out, /note: Kubernetes' default ClusterRoleBindings .* are not counted/);
    r = await run(['who-can', 'delete', 'pods', '-n', 'prod', '--no-defaults'], d);
    assert.doesNotMatch(r.out, /Group system:masters/);
    r = await run(['who-can', 'delete', 'pods', '-n', 'prod', '--defaults'], d);
    assert.equal(r.code, 0);
    assert.match(r.out, /\n {2}by Kubernetes' default ClusterRoleBindings:\n {4}Group system:masters {2}via ClusterRoleBinding cluster-admin \(Kubernetes default\) to ClusterRole cluster-admin \(Kubernetes default\) \(cluster-wide\)\n {6}ClusterRole\/cluster-admin \(Kubernetes default\) rules\[0\]: verbs: \[\*\] apiGroups: \[\*\] resources: \[\*\]\n/);
    assert.match(r.out, /User system:kube-scheduler {2}via ClusterRoleBinding system:kube-scheduler/);
    // nobody in the files, somebody by the defaults: the exit code counts what is shown
    r = await run(['who-can', 'delete', 'nodes'], d);
    assert.equal(r.code, 1);
    r = await run(['who-can', 'delete', 'nodes', '--defaults'], d);
    assert.equal(r.code, 0);
    assert.match(r.out, /^who can delete nodes cluster-wide: nobody, in the files\n {2}by Kubernetes' default ClusterRoleBindings:\n {4}Group system:masters/);
    const j = JSON.parse((await run(['who-can', 'delete', 'nodes', '--defaults', '--format', 'json'], d)).out);
    assert.deepEqual(j.rows, []);
    assert.deepEqual(j.defaults.map((x: { subject: { name: string } }) => x.subject.name), ['system:masters']);
    assert.equal((await run(['who-can', '--subject', 'User:nobody', '--defaults'], d)).code, 0, 'every authenticated user has the discovery roles');
    assert.equal((await run(['who-can', '--subject', 'User:nobody'], d)).code, 1);
    assert.equal((await run(['who-can', 'delete', 'nodes', '--as', 'Group:system:masters', '--defaults'], d)).code, 0);
  });
});
