/**
 * The language server walks and reads workspace files as the CLI does (server/src/workspace/, #19):
 * the same skipped folders, links followed only inside the workspace, one size limit; a file Scan
 * Workspace lists but cannot read is said so on the file, never left out silently (uses the built bundle).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ExecuteCommandRequest, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient, INSECURE } from './client';
import { collectFiles, SKIP_DIRS } from '../../server/src/workspace/files';

async function published(c: TestClient, uri: string, quietMs = 600): Promise<PublishDiagnosticsParams | undefined> {
  let last: PublishDiagnosticsParams | undefined;
  for (;;) {
    const p = await c.nextDiagnostics(uri, undefined, quietMs).catch(() => undefined);
    if (!p) return last;
    last = p;
  }
}

describe('workspace files: one walk and one reader for the CLI and the language server', function () {
  this.timeout(60000);
  let dir: string;
  let outside: string;
  let c: TestClient | undefined;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-wsfiles-')));
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-wsout-')));
  });
  afterEach(async () => { await c?.stop(); c = undefined; for (const d of [dir, outside]) fs.rmSync(d, { recursive: true, force: true }); });

  const write = (rel: string, text: string | Buffer) => { const p = path.join(dir, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return p; };

  it('Scan Workspace reports a file it cannot read (binary) as not analysed, skips tool caches, follows links inside the workspace only', async () => {
    write('app/pod.yaml', INSECURE);
    const binary = write('app/blob.yaml', Buffer.from('apiVersion: v1\n\u0000\u0000kind: Pod\n'));
    write('.cache/tool/pod.yaml', INSECURE);
    write('real/inside.yaml', INSECURE);
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link-inside'));
    fs.writeFileSync(path.join(outside, 'secret.yaml'), INSECURE);
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'app', 'link-outside.yaml'));

    // the walk, as both use it
    const walk = collectFiles([dir], () => false, dir);
    const rel = walk.files.map((f) => path.relative(dir, f)).sort();
    assert.deepStrictEqual(rel, ['app/blob.yaml', 'app/pod.yaml', 'link-inside/inside.yaml'], 'a folder reached through a link inside the workspace is visited once (by its first path); .cache is skipped; the outside link is not followed');
    assert.deepStrictEqual(walk.linksOutside.map((f) => path.relative(dir, f)), ['app/link-outside.yaml']);
    assert.ok(SKIP_DIRS.has('.cache') && SKIP_DIRS.has('.vscode-test') && SKIP_DIRS.has('node_modules'));

    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [] });
    const blob = await published(c, pathToFileURL(binary).toString());
    assert.ok(blob, 'the unreadable file gets a diagnostic');
    assert.deepStrictEqual(blob!.diagnostics.map((d) => [d.severity, d.message]), [[1, 'Not analysed: skipped: binary file (contains NUL bytes); it was not checked.']]);
    assert.ok(((await published(c, pathToFileURL(path.join(dir, 'app/pod.yaml')).toString()))?.diagnostics.length ?? 0) > 0);
    assert.strictEqual(await published(c, pathToFileURL(path.join(dir, '.cache/tool/pod.yaml')).toString(), 300), undefined, 'tool caches are not scanned');
    assert.strictEqual(await published(c, pathToFileURL(path.join(dir, 'app/link-outside.yaml')).toString(), 300), undefined, 'a link out of the workspace is not read');
  });
});
