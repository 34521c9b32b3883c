import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { modelOf } from '../../server/src/engine/posture/common';
import { postureCommand } from '../../server/src/lsp/posture';
import type { ReachAnswer } from '../../server/src/engine/posture/reach';
import type { WhoAnswer } from '../../server/src/engine/posture/whocan';
import type { PostureOverview } from '../../server/src/engine/posture/overview';
import { startClient, TestClient } from '../lsp/client';
import { APPS } from './apps';

const FIX = path.join(__dirname, 'fixtures');
const NP = fs.readFileSync(path.join(FIX, 'kubernetes-website/networkpolicy.yaml'), 'utf8');
const RBAC = fs.readFileSync(path.join(FIX, 'kubernetes-website/rbac.yaml'), 'utf8');

describe('LSP: palisade.reach and palisade.whoCan (handler)', () => {
  const model = () => modelOf([{ file: 'file:///w/np.yaml', text: NP }, { file: 'file:///w/apps.yaml', text: APPS }, { file: 'file:///w/rbac.yaml', text: RBAC }]).model;
  it('reach answers with the verdict and URI locations of the rules', () => {
    const a = postureCommand(model(), { command: 'palisade.reach', arguments: [{ from: 'default/frontend', to: 'default/db', port: 'redis' }] }) as ReachAnswer;
    assert.equal(a.allowed, true);
    assert.deepEqual(a.ingress?.grants.map((g) => [g.where.file, g.where.range.start.line]), [['file:///w/np.yaml', 13]]);
    const d = postureCommand(model(), { command: 'palisade.reach', arguments: [{ from: 'default/db', to: 'default/frontend', port: 80 }] }) as ReachAnswer;
    assert.equal(d.allowed, false);
  });
  it('whoCan answers requests and subjects; bad questions are InvalidParams', () => {
    const a = postureCommand(model(), { command: 'palisade.whoCan', arguments: [{ verb: 'get', resource: 'secrets', namespace: 'development' }] }) as WhoAnswer;
    assert.deepEqual([...new Set(a.rows.map((r) => r.subject.name))].sort(), ['dave', 'manager']);
    assert.equal(a.rows[0].binding.where.file, 'file:///w/rbac.yaml');
    const s = postureCommand(model(), { command: 'palisade.whoCan', arguments: [{ subject: 'User:jane' }] }) as WhoAnswer;
    assert.deepEqual(s.rows.map((r) => r.binding.name), ['read-pods']);
    assert.throws(() => postureCommand(model(), { command: 'palisade.reach', arguments: [{ from: 'default/nope', to: 'default/db' }] }), /no workload or pod 'default\/nope'/);
    assert.throws(() => postureCommand(model(), { command: 'palisade.whoCan', arguments: [{ verb: 'get' }] }), /needs \{verb, resource\}/);
  });
  it('whoCan: Kubernetes\' default roles are built in; defaults: true adds the default bindings apart', () => {
    const m = modelOf([{ file: 'file:///w/edit.yaml', text: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: e, namespace: prod}\nsubjects: [{kind: User, name: eve}]\nroleRef: {kind: ClusterRole, name: edit, apiGroup: rbac.authorization.k8s.io}\n' }]).model;
    const a = postureCommand(m, { command: 'palisade.whoCan', arguments: [{ verb: 'delete', resource: 'pods', namespace: 'prod' }] }) as WhoAnswer;
    assert.deepEqual(a.rows.map((r) => [r.subject.name, r.role.name, r.role.builtin, r.binding.where.file]), [['eve', 'edit', true, 'file:///w/edit.yaml']]);
    assert.equal(a.defaults, undefined);
    const d = postureCommand(m, { command: 'palisade.whoCan', arguments: [{ verb: 'delete', resource: 'pods', namespace: 'prod', defaults: true }] }) as WhoAnswer;
    assert.deepEqual(d.defaults?.map((r) => `${r.subject.name} ${r.binding.name} ${r.binding.builtin}`), ['system:masters cluster-admin true', 'system:kube-scheduler system:kube-scheduler true']);
    const s = postureCommand(m, { command: 'palisade.whoCan', arguments: [{ subject: 'Group:system:unauthenticated', defaults: true }] }) as WhoAnswer;
    assert.deepEqual(s.defaults?.map((r) => r.binding.name), ['system:public-info-viewer']);
    assert.throws(() => postureCommand(m, { command: 'palisade.whoCan', arguments: [{ verb: 'get', resource: 'pods', defaults: 'yes' }] }), /defaults is true or false/);
  });
});

describe('LSP: palisade.reach over a real server (workspace files and open documents as typed)', function () {
  this.timeout(60000);
  let c: TestClient | undefined;
  let dir = '';
  afterEach(async () => { await c?.stop(); c = undefined; fs.rmSync(dir, { recursive: true, force: true }); });

  it('is registered, reads the folder\'s files, and follows the open document as typed', async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-posture-')));
    fs.writeFileSync(path.join(dir, 'np.yaml'), NP);
    fs.writeFileSync(path.join(dir, 'apps.yaml'), APPS);
    fs.writeFileSync(path.join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels: {pod-security.kubernetes.io/enforce: baseline}\n');
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    const ask = () => c!.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.reach', arguments: [{ from: 'default/frontend', to: 'default/db', port: 6379 }] }) as Promise<ReachAnswer>;
    // the folder is indexed in the background: wait (at most 20 s) until the policy file is read
    let a: ReachAnswer | undefined;
    for (const end = Date.now() + 20000; Date.now() < end;) {
      try { a = await ask(); if (a.ingress?.isolated) break; } catch { /* workloads not indexed yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(a?.ingress?.isolated, true, 'the policy on disk selects db');
    assert.equal(a?.allowed, true);
    assert.equal(a?.ingress?.grants[0].where.file, pathToFileURL(path.join(dir, 'np.yaml')).toString());
    // the view's data: the namespace's own level, the workloads and the allowed edge
    const o = await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.posture', arguments: [] }) as PostureOverview;
    assert.deepEqual(o.namespaces.map((n) => [n.name, n.level, n.own, n.workloads.map((w) => w.name)]), [['default', 'baseline', true, ['db', 'frontend']]]);
    assert.deepEqual(o.edges.map((e) => `${e.from} -> ${e.to}`).sort(), ['default/Pod/frontend -> default/Deployment/db', 'outside the cluster -> default/Deployment/db']);
    // the user relabels the frontend in the editor, unsaved: the answer changes
    const uri = pathToFileURL(path.join(dir, 'apps.yaml')).toString();
    c.open(uri, APPS.replace('role: frontend', 'role: backend'));
    await c.nextDiagnostics(uri, 1);
    assert.equal((await ask()).allowed, false);
  });
});

