/** The language server survives client misbehaviour (over stdio, with a real LSP client). */
import * as assert from 'assert';
import { HoverRequest, ShutdownRequest, ExitNotification } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient } from '../lsp/client';
import { timed } from './util';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      privileged: true\n';

describe('robustness: language server', function () {
  this.timeout(60000);
  let c: TestClient;
  beforeEach(async () => { c = await startClient(); });
  afterEach(async () => { await c.stop(); });

  it('ignores changes for unknown documents and keeps answering', async () => {
    c.change('file:///nowhere.yaml', 2, [{ text: POD }]);
    c.change('file:///nowhere.yaml', 3, [{ range: { start: { line: 99, character: 0 }, end: { line: 100, character: 0 } }, text: 'x' }]);
    c.open('file:///ok.yaml', POD);
    const d = await c.nextDiagnostics('file:///ok.yaml', 1);
    assert.ok(d.diagnostics.some((x) => x.code === 'K8S003'));
    assert.strictEqual(c.proc.exitCode, null);
  });

  it('survives out-of-range and inverted edits', async () => {
    c.open('file:///r.yaml', POD);
    await c.nextDiagnostics('file:///r.yaml', 1);
    c.change('file:///r.yaml', 2, [{ range: { start: { line: 500, character: 3 }, end: { line: 900, character: 1 } }, text: '# tail\n' }]);
    c.change('file:///r.yaml', 3, [{ range: { start: { line: 5, character: 99 }, end: { line: 2, character: -4 } }, text: 'x' }]);
    const d = await c.nextDiagnostics('file:///r.yaml', 3);
    assert.ok(Array.isArray(d.diagnostics));
  });

  it('answers duplicate and cancelled requests, and a newer version supersedes older ones', async () => {
    c.open('file:///d.yaml', POD);
    await c.nextDiagnostics('file:///d.yaml', 1);
    const params = { textDocument: { uri: 'file:///d.yaml' }, position: { line: 9, character: 8 } };
    const hovers = await Promise.all([1, 2, 3].map(() => c.conn.sendRequest(HoverRequest.type, params)));
    assert.deepStrictEqual(hovers[0], hovers[1]);
    void c.conn.sendNotification('$/cancelRequest', { id: 999999 });
    for (let v = 2; v <= 40; v++) c.change('file:///d.yaml', v, [{ range: { start: { line: 3, character: 9 }, end: { line: 3, character: 9 } }, text: 'x' }]);
    const last = await c.nextDiagnostics('file:///d.yaml', 40);
    assert.ok(last.diagnostics.some((x) => x.code === 'K8S003'));
  });

  it('keeps answering other documents while a large one is analysed', async () => {
    const big = Array.from({ length: 3000 }, (_, i) => POD.replace('name: p', `name: p${i}`)).join('---\n');
    c.open('file:///big.yaml', big);
    c.open('file:///small.yaml', POD);
    const small = await timed('small beside big', () => c.nextDiagnostics('file:///small.yaml', 1, 30000));
    assert.ok(small.diagnostics.length > 0);
    await c.nextDiagnostics('file:///big.yaml', 1, 60000);
  });

  it('exits on shutdown then exit', async () => {
    await c.conn.sendRequest(ShutdownRequest.type);
    void c.conn.sendNotification(ExitNotification.type);
    const code = await new Promise<number | null>((r) => { if (c.proc.exitCode !== null) r(c.proc.exitCode); else c.proc.once('exit', (x) => r(x)); });
    assert.strictEqual(code, 0);
  });

  it('survives a client that never reads its output', async () => {
    c.proc.stdout!.pause();
    for (let i = 0; i < 50; i++) c.open(`file:///n${i}.yaml`, POD.repeat(20));
    await new Promise((r) => setTimeout(r, 1500));
    assert.strictEqual(c.proc.exitCode, null);
    c.proc.stdout!.resume();
    const d = await c.nextDiagnostics('file:///n49.yaml', 1, 30000);
    assert.ok(Array.isArray(d.diagnostics));
  });
});
