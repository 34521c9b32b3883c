/**
 * The posture commands answer over the open documents as typed, at once: a question asked right
 * after an edit (before the edit's diagnostics are published, as the posture view does while the
 * user types) sees the edit, also when the edited document is long enough that its analysis runs in
 * slices between which the server answers requests.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import type { ReachAnswer } from '../../server/src/engine/posture/reach';
import type { PostureOverview } from '../../server/src/engine/posture/overview';
import { startClient, TestClient } from '../lsp/client';

const APPS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: front}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: job, namespace: batch}
spec:
  template:
    metadata: {labels: {app: job}}
    spec:
      containers: [{name: c, image: busybox}]
`;
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-ingress, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: front
    ports:
    - port: 5432
` + Array.from({ length: 3000 }, (_, i) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings-${i}, namespace: data}
data: {key: value-${i}}
`).join('');

describe('LSP: the posture commands see an edit at once (the view refreshes as the user types)', function () {
  this.timeout(60000);
  let c: TestClient | undefined;
  let dir = '';
  afterEach(async () => { await c?.stop(); c = undefined; fs.rmSync(dir, { recursive: true, force: true }); });

  it('palisade.posture and palisade.reach sent right after a didChange answer over the changed text', async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-posture-typing-')));
    fs.writeFileSync(path.join(dir, 'apps.yaml'), APPS);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    const uri = pathToFileURL(path.join(dir, 'policy.yaml')).toString();
    c.open(uri, POLICY);
    await c.nextDiagnostics(uri, 1);
    const edges = async (): Promise<string[]> => {
      const o = await c!.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.posture', arguments: [] }) as PostureOverview;
      return o.edges.filter((e) => e.to === 'data/Deployment/db').map((e) => `${e.from} ${e.ports.join(',')}`);
    };
    // the folder is indexed in the background: wait (at most 20 s) until the workloads are read
    for (const end = Date.now() + 20000; Date.now() < end && !(await edges()).length;) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await edges(), ['front/Deployment/web 5432/TCP']);
    // each edit is followed at once by the questions, in the same turn: no waiting for its diagnostics
    for (const [version, from, to] of [[2, 'front', 'batch'], [3, 'batch', 'front'], [4, 'front', 'batch']] as const) {
      const line = POLICY.split('\n').findIndex((l) => l.includes('kubernetes.io/metadata.name'));
      const col = POLICY.split('\n')[line].indexOf(': ') + 2;
      c.change(uri, version, [{ range: { start: { line, character: col }, end: { line, character: col + from.length } }, text: to }]);
      const [now, reach]: [string[], ReachAnswer] = await Promise.all([
        edges(),
        c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.reach', arguments: [{ from: 'batch/job', to: 'data/db', port: 5432 }] }) as Promise<ReachAnswer>,
      ]);
      assert.deepEqual(now, [`${to}/Deployment/${to === 'front' ? 'web' : 'job'} 5432/TCP`], `after the edit to v${version} (${from} -> ${to})`);
      assert.equal(reach.allowed, to === 'batch', `v${version}: batch/job may reach data/db only when the policy names batch`);
    }
  });
});
