/**
 * Issue 18, language server items: 1 (palisade.podSecurityInForce for a namespace named after a
 * prototype property), 5 (a merge-key bomb does not block the server), 6 (a `.palisade.yaml` with
 * too many aliases is a diagnostic, the server runs on with defaults), 7 (commands read only open
 * documents or regular files inside the workspace folders: never a FIFO, never /etc/passwd) and 8
 * (malformed positions are InvalidParams; after shutdown requests are refused and nothing is analysed).
 * Runs the built server (`npm run build`).
 */
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import { MAX_BYTES } from '../../server/src/workspace/read';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ExecuteCommandRequest, HoverRequest, ShutdownRequest, ErrorCodes } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient, INSECURE } from '../lsp/client';

const ALIAS_CONFIG = `x: &x [1]\ny: [${Array.from({ length: 51 }, () => '*x').join(', ')}]\n`;
const uriOf = (p: string) => pathToFileURL(p).toString();

/** The error code a request is answered with (undefined: it succeeded), within `ms`. */
async function codeOf(p: Promise<unknown>, ms = 5000): Promise<number | undefined> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms));
  try { await Promise.race([p, timeout]); return undefined; } catch (e) {
    if ((e as Error).message.startsWith('no answer within')) throw e;
    return (e as { code?: number }).code;
  }
}

describe('security: language server (#18 items 1, 5, 6, 7, 8)', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  let c: TestClient | undefined;
  const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lsp-sec-')); dirs.push(d); return d; };
  afterEach(async () => { await c?.stop(); c = undefined; });
  after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  /** Answers a hover on an open document within a second: the server is up and not blocked. */
  async function answersQuickly(client: TestClient, uri: string): Promise<void> {
    const t0 = Date.now();
    await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.ok(Date.now() - t0 < 1000, `hover took ${Date.now() - t0} ms`);
  }

  it('item 1: podSecurityInForce gives a namespace named constructor or __proto__ the default level', async () => {
    c = await startClient();
    for (const ns of ['constructor', '__proto__', 'toString']) {
      const uri = `file:///sec/pod-${encodeURIComponent(ns)}.yaml`;
      c.open(uri, INSECURE.replace('  name: web\n', `  name: web\n  namespace: ${JSON.stringify(ns)}\n`));
      const diags = await c.nextDiagnostics(uri, 1);
      assert.ok(diags.diagnostics.some((d) => d.code === 'K8S014'), `${ns}: restricted checks run`);
      const r = await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.podSecurityInForce', arguments: [uri] }) as { namespaces: unknown[] };
      assert.deepStrictEqual(r.namespaces, [{ namespace: ns, level: 'restricted', version: 'latest', own: false }]);
    }
  });

  it('item 5: a merge-key bomb of 20 levels does not block the server', async function () {
    c = await startClient();
    const lines = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'x0: &x0 {hostPID: true}'];
    for (let i = 1; i <= 20; i++) lines.push(`x${i}: &x${i} {<<: [*x${i - 1}, *x${i - 1}], k${i}: ${i}}`);
    lines.push('spec:', '  <<: *x20', '  containers: [{name: c, image: "nginx:1.25"}]');
    const uri = 'file:///sec/bomb.yaml';
    const t0 = Date.now();
    c.open(uri, lines.join('\n') + '\n');
    const d = await c.nextDiagnostics(uri, 1, 15000);
    this.test!.title += ` (diagnostics after ${Date.now() - t0} ms)`;
    assert.ok(d.diagnostics.some((x) => /hostPID/.test(x.message)));
    await answersQuickly(c, uri);
  });

  it('item 6: a .palisade.yaml with 51 aliases is a diagnostic on that file; the server runs on with defaults', async () => {
    const ws = tmp();
    fs.writeFileSync(path.join(ws, '.palisade.yaml'), ALIAS_CONFIG);
    c = await startClient({ workspaceFolders: [uriOf(ws)] });
    const pod = uriOf(path.join(ws, 'pod.yaml'));
    c.open(pod, INSECURE);
    const codes = (await c.nextDiagnostics(pod, 1)).diagnostics.map((d) => String(d.code));
    assert.ok(codes.includes('K8S003') && codes.includes('K8S014'), `defaults apply: ${codes}`);
    const cfgUri = uriOf(path.join(ws, '.palisade.yaml'));
    c.open(cfgUri, ALIAS_CONFIG);
    const cfg = (await c.nextDiagnostics(cfgUri, 1)).diagnostics;
    assert.strictEqual(cfg.length, 1, JSON.stringify(cfg));
    assert.strictEqual(cfg[0].code, 'K8S101');
    assert.match(cfg[0].message, /Invalid \.palisade\.yaml: it could not be read \(Excessive alias count/);
    await answersQuickly(c, pod);
    assert.doesNotMatch(c.stderr, /Excessive alias count|Error/);
  });

  describe('item 7: commands read only open documents or regular files inside the workspace folders', () => {
    const generate = (client: TestClient, uri: string) => client.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.generateDefaultDenyNetworkPolicy', arguments: [uri] });
    let ws: string;
    let outside: string;
    beforeEach(async () => {
      ws = tmp();
      outside = tmp();
      c = await startClient({ workspaceFolders: [uriOf(ws)] });
    });

    it('a regular file inside the folder that is not open: read (control)', async () => {
      fs.writeFileSync(path.join(ws, 'pod.yaml'), INSECURE);
      const r = await generate(c!, uriOf(path.join(ws, 'pod.yaml'))) as { applied: boolean };
      assert.strictEqual(r.applied, true);
    });

    it('a FIFO inside the folder: InvalidParams at once, and the server still answers', async function () {
      if (process.platform === 'win32') this.skip();
      const fifo = path.join(ws, 'pipe.yaml');
      cp.execFileSync('mkfifo', [fifo]);
      assert.strictEqual(await codeOf(generate(c!, uriOf(fifo))), ErrorCodes.InvalidParams);
      c!.open('file:///sec/open.yaml', INSECURE);
      await c!.nextDiagnostics('file:///sec/open.yaml', 1);
      await answersQuickly(c!, 'file:///sec/open.yaml');
    });

    it('files outside the folders (/etc/passwd, a temporary file, a symlink out of the folder): InvalidParams', async () => {
      fs.writeFileSync(path.join(outside, 'pod.yaml'), INSECURE);
      fs.symlinkSync(path.join(outside, 'pod.yaml'), path.join(ws, 'link.yaml'));
      for (const u of ['file:///etc/passwd', uriOf(path.join(outside, 'pod.yaml')), uriOf(path.join(ws, 'link.yaml')), uriOf(path.join(ws, '..', path.basename(outside), 'pod.yaml'))]) {
        assert.strictEqual(await codeOf(generate(c!, u)), ErrorCodes.InvalidParams, u);
      }
      assert.strictEqual(c!.applied.length, 0);
    });

    it('a directory, a missing file and a file over the size limit: InvalidParams', async () => {
      fs.mkdirSync(path.join(ws, 'dir.yaml'));
      // over the one size limit of workspace files (server/src/workspace/read.ts), as the CLI's
      fs.writeFileSync(path.join(ws, 'big.yaml'), INSECURE + '#'.repeat(MAX_BYTES) + '\n');
      for (const name of ['dir.yaml', 'missing.yaml', 'big.yaml']) {
        assert.strictEqual(await codeOf(generate(c!, uriOf(path.join(ws, name)))), ErrorCodes.InvalidParams, name);
      }
    });
  });

  describe('item 8: malformed parameters and shutdown', () => {
    const uri = 'file:///sec/p.yaml';
    beforeEach(async () => {
      c = await startClient();
      c.open(uri, INSECURE);
      await c.nextDiagnostics(uri, 1);
    });

    it('hover, completion, codeAction, a command position and pull diagnostics with null or malformed parameters: InvalidParams (-32602)', async () => {
      const bad: [string, unknown][] = [
        ['textDocument/hover', { textDocument: { uri }, position: null }],
        ['textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 0 } }],
        ['textDocument/hover', { textDocument: { uri }, position: { line: '0', character: 0 } }],
        ['textDocument/hover', { textDocument: null, position: { line: 0, character: 0 } }],
        ['textDocument/completion', { textDocument: { uri }, position: null }],
        ['textDocument/completion', { textDocument: { uri }, position: { line: 1.5, character: 0 } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: null, context: { diagnostics: [] } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: null }],
        ['workspace/executeCommand', { command: 'palisade.generateDefaultDenyNetworkPolicy', arguments: [uri, { line: 'x' }] }],
        ['textDocument/diagnostic', { textDocument: null }],
      ];
      for (const [method, params] of bad) assert.strictEqual(await codeOf(c!.conn.sendRequest(method, params)), ErrorCodes.InvalidParams, `${method} ${JSON.stringify(params)}`);
      // well-formed requests still work
      assert.strictEqual(await codeOf(c!.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 6 } })), undefined);
      assert.strictEqual(await codeOf(c!.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } })), undefined);
    });

    it('after shutdown: requests are refused with InvalidRequest and didOpen is not analysed', async () => {
      await c!.conn.sendRequest(ShutdownRequest.type);
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }],
        ['textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }],
        ['workspace/executeCommand', { command: 'palisade.podSecurityInForce', arguments: [uri] }],
      ] as [string, unknown][]) {
        assert.strictEqual(await codeOf(c!.conn.sendRequest(method, params)), ErrorCodes.InvalidRequest, method);
      }
      c!.open('file:///sec/after.yaml', INSECURE);
      await assert.rejects(c!.nextDiagnostics('file:///sec/after.yaml', 1, 1500), /no diagnostics/);
    });
  });
});
