/**
 * palisade.scanWorkspace answers with the number of findings the client then shows (issue 17): the
 * diagnostics published for every file, the open documents' included (uses the built bundle).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ExecuteCommandRequest, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient, INSECURE } from './client';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      hostNetwork: true
      containers:
      - name: app
        image: nginx:1.25
`;

/** The last diagnostics published for `uri` (waits until none came for `quietMs`). */
async function lastPublished(c: TestClient, uri: string, quietMs = 600): Promise<PublishDiagnosticsParams | undefined> {
  let last: PublishDiagnosticsParams | undefined;
  for (;;) {
    const p = await c.nextDiagnostics(uri, undefined, quietMs).catch(() => undefined);
    if (!p) return last;
    last = p;
  }
}

describe('palisade.scanWorkspace count', function () {
  this.timeout(60000);
  let dir: string;
  let c: TestClient | undefined;
  afterEach(async () => { await c?.stop(); c = undefined; fs.rmSync(dir, { recursive: true, force: true }); });

  it('equals the diagnostics the client holds for every file, the open document included', async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-scancount-')));
    const files = { 'open.yaml': INSECURE, 'a/deploy.yaml': DEPLOY, 'b/Dockerfile': 'FROM ubuntu:latest\nRUN apt-get update\n' };
    for (const [rel, text] of Object.entries(files)) { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), text); }
    const uris = Object.keys(files).map((rel) => pathToFileURL(path.join(dir, rel)).toString());
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    // the open document: edited in the editor (one more finding than on disk: privileged and hostNetwork)
    const edited = INSECURE.replace('spec:\n', 'spec:\n  hostNetwork: true\n');
    c.open(uris[0], edited);
    const open = await lastPublished(c, uris[0]);
    assert.ok(open && open.diagnostics.length > 0);
    const res = await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [] }) as { files: number; findings: number };
    const shown = new Map<string, number>([[uris[0], open.diagnostics.length]]);
    for (const u of uris.slice(1)) shown.set(u, (await lastPublished(c, u))?.diagnostics.length ?? 0);
    assert.strictEqual(await lastPublished(c, uris[0], 300), undefined, 'the scan does not publish the open document again');
    assert.ok([...shown.values()].every((n) => n > 0), JSON.stringify([...shown]));
    assert.strictEqual(res.files, 3);
    const total = [...shown.values()].reduce((a, b) => a + b, 0);
    assert.strictEqual(res.findings, total, `the count equals what the client shows (${JSON.stringify([...shown])})`);
  });
});
