import * as assert from 'assert';
import { startClient, TestClient, INSECURE } from './client';
import { CodeActionRequest, DocumentDiagnosticRequest, DidChangeConfigurationNotification, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';


describe('language server over stdio', function () {
  this.timeout(30000);
  let c: TestClient;
  before(async () => { c = await startClient(); });
  after(async () => { await c.stop(); });

  it('publishes diagnostics on open, with code, href and source, and only the rule and a key in data', async () => {
    const uri = 'file:///tmp/palisade-test/pod.yaml';
    c.open(uri, INSECURE);
    const p = await c.nextDiagnostics(uri, 1);
    const priv = p.diagnostics.find((d) => d.code === 'K8S003');
    assert.ok(priv, JSON.stringify(p.diagnostics));
    assert.strictEqual(priv!.source, 'palisade');
    assert.deepStrictEqual(priv!.range, { start: { line: 9, character: 6 }, end: { line: 9, character: 22 } });
    assert.match(priv!.codeDescription!.href, /K8S003\.md$/);
    assert.strictEqual((priv!.data as { ruleId: string }).ruleId, 'K8S003');
    // the fixes stay on the server (code actions look them up by key): every publish carries only this
    assert.deepStrictEqual(Object.keys(priv!.data as object).sort(), ['key', 'ruleId']);
    assert.strictEqual(priv!.severity, 1);
  });

  it('updates diagnostics after an incremental edit', async () => {
    const uri = 'file:///tmp/palisade-test/pod2.yaml';
    c.open(uri, INSECURE);
    await c.nextDiagnostics(uri, 1);
    // privileged: true -> privileged: false
    c.change(uri, 2, [{ range: { start: { line: 9, character: 18 }, end: { line: 9, character: 22 } }, text: 'false' }]);
    const p = await c.nextDiagnostics(uri, 2);
    assert.ok(!p.diagnostics.some((d) => d.code === 'K8S003'), 'privileged finding should be gone');
    assert.ok(p.diagnostics.some((d) => d.code === 'K8S014'), 'restricted findings remain');
  });

  it('reports a syntax error in one document and still analyses the others', async () => {
    const uri = 'file:///tmp/palisade-test/multi.yaml';
    c.open(uri, `a: [1, 2\n---\n${INSECURE}`);
    const p = await c.nextDiagnostics(uri, 1);
    const syntax = p.diagnostics.filter((d) => d.code === 'syntax');
    assert.strictEqual(syntax.length, 1);
    assert.strictEqual(syntax[0].range.start.line, 0);
    assert.ok(p.diagnostics.some((d) => d.code === 'K8S003' && d.range.start.line === 11));
  });

  it('follows settings changes (restricted -> baseline)', async () => {
    const uri = 'file:///tmp/palisade-test/settings.yaml';
    c.open(uri, INSECURE);
    const before = await c.nextDiagnostics(uri, 1);
    assert.ok(before.diagnostics.some((d) => d.code === 'K8S014'));
    c.settings = { podSecurity: { level: 'baseline' } };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const after = await c.nextDiagnostics(uri, 1);
    assert.ok(!after.diagnostics.some((d) => d.code === 'K8S014'), 'restricted rule must be silent at baseline');
    assert.ok(after.diagnostics.some((d) => d.code === 'K8S003'));
    c.settings = {};
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await c.nextDiagnostics(uri, 1);
  });

  it('returns quick fixes only for diagnostics the current analysis holds', async () => {
    const uri = 'file:///tmp/palisade-test/actions.yaml';
    const second = INSECURE.replace('name: web', 'name: api');
    c.open(uri, INSECURE + '---\n' + second);
    const p = await c.nextDiagnostics(uri, 1);
    const first = p.diagnostics.find((d) => d.code === 'K8S003' && d.range.start.line === 9)!;
    const later = p.diagnostics.find((d) => d.code === 'K8S003' && d.range.start.line > 11)!;
    assert.ok(first && later, JSON.stringify(p.diagnostics.map((d) => [d.code, d.range.start.line])));
    const actions = async (d: typeof first) => (await c.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as { title: string; edit?: { changes?: Record<string, { range: typeof first.range; newText: string }[]> } }[];
    const fixTitles = async (d: typeof first) => (await actions(d)).map((a) => a.title).filter((t) => !t.startsWith('Disable'));
    assert.ok((await fixTitles(first)).length > 0, 'a current diagnostic gets its fixes');
    // forged data (an unknown key) gets nothing
    assert.deepStrictEqual(await actions({ ...first, data: { ...(first.data as object), key: -1 } }), []);
    // an edit in the second document: the first document's diagnostics are unchanged and keep their fixes
    c.change(uri, 2, [{ range: { start: { line: 14, character: 11 }, end: { line: 14, character: 11 } }, text: 'x' }]);
    const p2 = await c.nextDiagnostics(uri, 2);
    assert.deepStrictEqual(p2.diagnostics.find((d) => d.code === 'K8S003' && d.range.start.line === 9)!.data, first.data, 'an unchanged finding keeps its diagnostic');
    const a2 = (await actions(first)).find((a) => a.title.includes('privileged'));
    assert.ok(a2?.edit?.changes?.[uri]?.length, 'fixes still offered for the unchanged diagnostic');
    assert.ok(a2!.edit!.changes![uri].every((e) => e.range.start.line < 12), 'and they edit the first document');
    // a line inserted at the top moves every finding: the diagnostics published before no longer match
    c.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved\n' }]);
    const p3 = await c.nextDiagnostics(uri, 3);
    assert.ok(p3.diagnostics.some((d) => d.code === 'K8S003' && d.range.start.line === 10));
    assert.deepStrictEqual(await fixTitles(first), [], 'a moved diagnostic from before the edit gets no fixes');
    assert.deepStrictEqual(await fixTitles(later), []);
    const moved = p3.diagnostics.find((d) => d.code === 'K8S003' && d.range.start.line === 10)!;
    assert.ok((await fixTitles(moved)).length > 0, 'the diagnostic published for the new version gets them');
  });
});

describe('language server: palisade.podSecurityInForce', function () {
  this.timeout(30000);
  it('reports the level each namespace of the file is checked at, and whether a Namespace label set it', async () => {
    const c = await startClient();
    try {
      const uri = 'file:///tmp/palisade-test/levels.yaml';
      const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels: {pod-security.kubernetes.io/enforce: baseline}\n---\n'
        + 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: legacy}\nspec:\n  containers: [{name: c, image: x}]\n---\n'
        + 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers: [{name: c, image: x}]\n';
      c.open(uri, text);
      const p = await c.nextDiagnostics(uri, 1);
      // the analysis agrees: restricted findings only for the pod outside 'legacy'
      assert.ok(p.diagnostics.filter((d) => d.code === 'K8S015').every((d) => d.range.start.line > 12), JSON.stringify(p.diagnostics.map((d) => [d.code, d.range.start.line])));
      const r = await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.podSecurityInForce', arguments: [uri] });
      assert.deepStrictEqual(r, {
        default: { level: 'restricted', version: 'latest' },
        namespaces: [{ namespace: 'legacy', level: 'baseline', version: 'latest', own: true }, { namespace: '', level: 'restricted', version: 'latest', own: false }],
      });
    } finally { await c.stop(); }
  });
});

describe('language server: pull diagnostics', function () {
  this.timeout(30000);
  it('answers textDocument/diagnostic when the client asks for pull mode', async () => {
    const c = await startClient({ capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } }, initializationOptions: { diagnosticMode: 'pull' } });
    try {
      const uri = 'file:///tmp/palisade-test/pull.yaml';
      c.open(uri, INSECURE);
      const r = await c.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      assert.strictEqual(r.kind, 'full');
      assert.ok((r as { items: { code?: unknown }[] }).items.some((d) => d.code === 'K8S003'));
    } finally { await c.stop(); }
  });
});
