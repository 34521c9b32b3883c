/**
 * End to end, through the built server: after a sequence of edits of a file of many documents (with
 * cross-resource findings, a Namespace that sets levels, a document broken and mended), the server
 * that followed the edits publishes exactly what a fresh server publishes for the final text. The
 * edits go through every copy the server makes of the last analysis (engine/analyze.ts Output,
 * engine/runs.ts RunMap, the cross-resource findings carried over and refreshed).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient } from './client';

const DOCS = [
  () => 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n',
  (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web${i}\n  namespace: prod\nspec:\n  template:\n    metadata:\n      labels:\n        tier: backend\n    spec:\n      serviceAccountName: ghost${i}\n      containers:\n        - name: app\n          image: nginx\n`,
  (i: number) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: real${i}\n  namespace: prod\n`,
  (i: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: prod\nspec:\n  serviceAccountName: real${i - 1}\n  containers:\n    - name: c\n      image: redis:7\n      securityContext:\n        privileged: true\n`,
  (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\ndata:\n  k: v\n`,
];

/** Diagnostics without the server's own keys (`data` names a diagnostic in one server process). */
const comparable = (ds: Diagnostic[]) => ds.map(({ data: _data, ...d }) => d);

async function settled(c: TestClient, uri: string, version: number): Promise<PublishDiagnosticsParams> {
  let last = await c.nextDiagnostics(uri, version);
  // the cross-resource rules run again once typing pauses, and publish again when their findings changed
  for (;;) {
    const p = await c.nextDiagnostics(uri, undefined, 800).catch(() => undefined);
    if (!p) return last;
    last = p;
  }
}

describe('edits through the server equal a fresh server', function () {
  this.timeout(60000);
  let dir: string;
  const clients: TestClient[] = [];
  beforeEach(() => { dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-editeq-'))); });
  afterEach(async () => { for (const c of clients.splice(0)) await c.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('after edits in, before and after documents, with cross-resource findings, a mended break and a new document', async () => {
    const file = path.join(dir, 'app.yaml');
    let text = Array.from({ length: 20 }, (_, i) => DOCS[i % DOCS.length](i)).join('---\n');
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    const a = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    clients.push(a);
    a.open(uri, text);
    await settled(a, uri, 1);
    const lines = () => text.split('\n');
    /** Replaces `from` (its first occurrence) by `to`, as one change of the open document. */
    let version = 1;
    const edit = async (from: string, to: string) => {
      const at = text.indexOf(from);
      assert.ok(at >= 0, from);
      const before = text.slice(0, at).split('\n');
      const start = { line: before.length - 1, character: before[before.length - 1].length };
      const removed = from.split('\n');
      const end = { line: start.line + removed.length - 1, character: removed.length > 1 ? removed[removed.length - 1].length : start.character + from.length };
      text = text.slice(0, at) + to + text.slice(at + from.length);
      a.change(uri, ++version, [{ range: { start, end }, text: to }]);
      await a.nextDiagnostics(uri, version);
    };
    await edit('name: cm14', 'name: cm14x'); // a keystroke in a document near the end
    await edit('name: web6\n', 'name: web6\n\n'); // the documents after it move a line
    await edit('serviceAccountName: ghost11', 'serviceAccountName: real12'); // a cross-resource finding goes
    await edit('name: cm4\n', 'name: cm4\n  labels: {a: [\n'); // a document broken
    await edit('name: p3\n', 'name: p3x\n'); // an edit before the broken one
    await edit('  labels: {a: [\n', ''); // mended
    text.endsWith('\n') || assert.fail('ends with a newline');
    await edit(text.slice(text.length - 8), text.slice(text.length - 8) + '---\n' + DOCS[1](99)); // a new document at the end
    await edit('name: web1\n', 'name: web1x\n'); // near the start: every document after it copied, moved by a character
    await edit('name: cm19\n', 'name: cm19x\n'); // then near the end: the documents before it copied from that copy
    assert.ok(lines().length > 200);
    const mine = await settled(a, uri, version);

    const b = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    clients.push(b);
    b.open(uri, text);
    const fresh = await settled(b, uri, 1);
    assert.ok(fresh.diagnostics.some((d) => d.code === 'K8S103'), 'cross-resource findings in the file');
    assert.ok(fresh.diagnostics.length > 20);
    assert.deepStrictEqual(comparable(mine.diagnostics), comparable(fresh.diagnostics));
  });
});
