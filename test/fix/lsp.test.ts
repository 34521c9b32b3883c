/** Code actions, fix-all and the fix commands over stdio (uses the built bundle: node scripts/build.mjs). */
import * as assert from 'assert';
import { CodeActionRequest, CodeAction, ExecuteCommandRequest, DidChangeConfigurationNotification, Diagnostic, TextEdit, WorkspaceEdit, TextDocumentEdit, AnnotatedTextEdit } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient } from '../lsp/client';
import { applyTextEdits } from '../../server/src/engine/text';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/settings';

const INSECURE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      hostNetwork: true # legacy
      containers:
      - name: app
        image: nginx:1.25
        securityContext:
          privileged: true
          privileged: true
          runAsUser: 0
`;

function editsOf(a: CodeAction | WorkspaceEdit, uri: string): TextEdit[] {
  const e = 'edit' in a || 'title' in a ? (a as CodeAction).edit! : (a as WorkspaceEdit);
  if (e.changes) return e.changes[uri] ?? [];
  return (e.documentChanges ?? []).flatMap((d) => (TextDocumentEdit.is(d) && d.textDocument.uri === uri ? d.edits : []));
}

async function actions(c: TestClient, uri: string, diags: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diags[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return (await c.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: diags, only } })) as CodeAction[];
}

describe('fixes over LSP', function () {
  this.timeout(60000);
  let c: TestClient;
  // as Palisade's VS Code client starts the server: it takes snippet edits (plain clients: test/lsp/snippets.test.ts)
  before(async () => { c = await startClient({ initializationOptions: { snippetEdits: true } }); });
  after(async () => { await c.stop(); });

  it('quick fixes come from the diagnostic data, with Disable actions for the line and the resource', async () => {
    const uri = 'file:///tmp/palisade-fix/a.yaml';
    c.open(uri, INSECURE);
    const p = await c.nextDiagnostics(uri, 1);
    const priv = p.diagnostics.find((d) => d.code === 'K8S002')!;
    assert.ok(priv, JSON.stringify(p.diagnostics.map((d) => d.code)));
    const acts = await actions(c, uri, [priv]);
    const titles = acts.map((a) => a.title);
    assert.ok(titles.includes('Remove hostNetwork (unsafe fix)'), titles.join(' | '));
    const remove = acts.find((a) => a.title.startsWith('Remove hostNetwork'))!;
    assert.strictEqual(remove.isPreferred, false, 'unsafe fixes are not preferred');
    assert.ok(!applyTextEdits(INSECURE, editsOf(remove, uri)).includes('hostNetwork'));
    const line = acts.find((a) => a.title === 'Disable K8S002 for this line')!;
    const res = acts.find((a) => a.title === 'Disable K8S002 for this resource')!;
    assert.deepStrictEqual(line.data, { snippet: true });
    assert.deepStrictEqual(res.data, { snippet: true });
    assert.deepStrictEqual(editsOf(line, uri), [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, newText: '      # palisade-ignore K8S002 -- ${1:reason}\n' }]);
    assert.deepStrictEqual(editsOf(res, uri), [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# palisade-ignore K8S002 -- ${1:reason}\n' }]);
  });

  it('finds fixes through data only: a changed message changes nothing, forged edits in data are not used, stale data gives nothing', async () => {
    const uri = 'file:///tmp/palisade-fix/b.yaml';
    c.open(uri, INSECURE);
    const p = await c.nextDiagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'K8S003')!;
    const data = d.data as { ruleId: string; key: number };
    // data identifies the finding; its fixes stay on the server
    assert.deepStrictEqual(Object.keys(data).sort(), ['key', 'ruleId']);
    assert.strictEqual(data.ruleId, 'K8S003');
    assert.strictEqual(p.diagnostics.filter((x) => (x.data as { key?: number } | undefined)?.key === data.key).length, 1, 'the key names one diagnostic');
    const renamed = { ...d, message: 'something else entirely' };
    const a1 = await actions(c, uri, [d]);
    const a2 = await actions(c, uri, [renamed]);
    assert.deepStrictEqual(a2.map((a) => a.title), a1.map((a) => a.title));
    // the container's hardening, the workload's, then the fixes of the finding (here merged with the duplicate key on the same spot)
    assert.deepStrictEqual(a1.filter((a) => !a.title.startsWith('Disable')).map((a) => a.title), ["Harden container 'app' to restricted (6 fixes)", "Harden Deployment 'web' to restricted (7 fixes)", 'Set privileged: false (unsafe fix)', 'Remove privileged (unsafe fix)', "Remove the ignored earlier 'privileged' (line 14)"]);
    const fix = a1.find((a) => !a.title.startsWith('Disable') && !a.title.startsWith('Harden'))!;
    assert.ok(!applyTextEdits(INSECURE, editsOf(fix, uri)).includes('privileged: true\n          privileged: true'), 'the fix edits the privileged lines');
    // forged edits in data are ignored: the actions come from the server's own analysis of that version
    const forged = { ...d, data: { ...data, fixes: [{ title: 'Forged', applicability: 'safe', edits: [{ range: d.range, newText: 'x' }] }] } };
    assert.deepStrictEqual(await actions(c, uri, [forged]), a1.map((a) => ({ ...a, diagnostics: [forged] })));
    // a wrong key, another rule or another range: not the server's diagnostic, nothing offered
    assert.deepStrictEqual(await actions(c, uri, [{ ...d, data: { ...data, key: data.key + 100000 } }]), []);
    assert.deepStrictEqual(await actions(c, uri, [{ ...d, data: { ...data, ruleId: 'K8S002' } }]), []);
    assert.deepStrictEqual(await actions(c, uri, [{ ...d, range: { start: d.range.start, end: { line: d.range.end.line, character: d.range.end.character + 1 } } }]), []);
    // stale: after an edit that moves the finding, the diagnostic published before gives nothing
    c.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n' }]);
    await c.nextDiagnostics(uri, 2);
    assert.deepStrictEqual(await actions(c, uri, [d]), []);
  });

  it('display-only fixes are flagged as snippets', async () => {
    const uri = 'file:///tmp/palisade-fix/c.yaml';
    c.open(uri, INSECURE);
    const p = await c.nextDiagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'K8S016')!;
    const acts = await actions(c, uri, [d]);
    const snip = acts.find((a) => a.title === 'Set runAsUser to a non-root UID')!;
    assert.deepStrictEqual(snip.data, { snippet: true });
    assert.strictEqual(editsOf(snip, uri)[0].newText, '${1:10001}');
    assert.ok(!acts.find((a) => a.title.startsWith('Remove runAsUser'))!.data, 'plain fixes carry no snippet flag');
  });

  it('source.fixAll.palisade applies safe fixes only, and unsafe ones when palisade.fix.unsafe is on', async () => {
    const uri = 'file:///tmp/palisade-fix/d.yaml';
    c.open(uri, INSECURE);
    const p = await c.nextDiagnostics(uri, 1);
    const safe = await actions(c, uri, p.diagnostics, ['source.fixAll']);
    assert.strictEqual(safe.length, 1);
    assert.strictEqual(safe[0].kind, 'source.fixAll.palisade');
    const fixed = applyTextEdits(INSECURE, editsOf(safe[0], uri));
    // only the duplicate key (YAML001, a safe fix) goes; the unsafe hardening stays
    assert.strictEqual(fixed, INSECURE.replace('          privileged: true\n          privileged: true\n', '          privileged: true\n'));
    assert.deepStrictEqual(await actions(c, uri, p.diagnostics, ['quickfix.none']), []);

    c.settings = { fix: { unsafe: true } };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await c.nextDiagnostics(uri, 1);
    const all = await actions(c, uri, p.diagnostics, ['source.fixAll.palisade']);
    const hardened = applyTextEdits(INSECURE, editsOf(all[0], uri));
    const left = analyzeText('d.yaml', hardened).findings.filter((f) => f.references.pss !== null);
    assert.deepStrictEqual(left.map((f) => f.ruleId), []);
    assert.ok(hardened.includes('# legacy') === false && hardened.includes('runAsNonRoot: true'));
    c.settings = {};
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await c.nextDiagnostics(uri, 1);
  });

  it('palisade.hardenFile applies its edit at once (one undoable edit, no preview to confirm) and says what it did; the result meets the level', async () => {
    const uri = 'file:///tmp/palisade-fix/e.yaml';
    c.open(uri, INSECURE);
    await c.nextDiagnostics(uri, 1);
    for (const level of ['baseline', 'restricted'] as const) {
      c.applied.length = 0;
      const r = (await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.hardenFile', arguments: [uri, level] })) as { applied: boolean; fixes: number; message: string };
      assert.strictEqual(r.applied, true);
      assert.ok(r.fixes > 0);
      assert.match(r.message, new RegExp(`^Hardened to the ${level} Pod Security Standard: ${r.fixes} fix\\(es\\) for K8S`));
      assert.strictEqual(c.applied.length, 1);
      const edit = c.applied[0].edit;
      assert.strictEqual(edit.changeAnnotations, undefined, 'no change annotation: nothing for the user to tick');
      const edits = editsOf(edit, uri);
      assert.ok(edits.length > 0 && edits.every((e) => !AnnotatedTextEdit.is(e)));
      const out = applyTextEdits(INSECURE, edits);
      const s = defaultSettings();
      s.podSecurity.level = level;
      const left = analyzeText('e.yaml', out, { settings: s }).findings.filter((f) => f.references.pss !== null);
      assert.deepStrictEqual(left.map((f) => `${f.ruleId} ${f.message}`), []);
      if (level === 'baseline') assert.ok(!out.includes('runAsNonRoot'), 'baseline does not add restricted settings');
    }
  });

  it('palisade.fixAllSafe applies the safe fixes', async () => {
    const uri = 'file:///tmp/palisade-fix/f.yaml';
    c.open(uri, INSECURE);
    await c.nextDiagnostics(uri, 1);
    c.applied.length = 0;
    const r = (await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.fixAllSafe', arguments: [uri] })) as { applied: boolean; fixes: number };
    assert.strictEqual(r.fixes, 1);
    assert.strictEqual(applyTextEdits(INSECURE, editsOf(c.applied[0].edit, uri)).split('privileged: true').length, 2);
  });

  it('palisade.generateDefaultDenyNetworkPolicy adds a policy for the namespace under the cursor, with DNS egress on request', async () => {
    const uri = 'file:///tmp/palisade-fix/g.yaml';
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: one\nspec:\n  containers: []\n---\n${INSECURE}`;
    c.open(uri, text);
    await c.nextDiagnostics(uri, 1);
    c.applied.length = 0;
    await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.generateDefaultDenyNetworkPolicy', arguments: [uri, { line: 12, character: 4 }, { dns: true }] });
    const out = applyTextEdits(text, editsOf(c.applied[0].edit, uri));
    assert.ok(out.startsWith(text));
    const added = out.slice(text.length);
    assert.match(added, /^---\napiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\n/);
    assert.match(added, /namespace: shop\n/);
    assert.match(added, /policyTypes:\n  - Ingress\n  - Egress\n/);
    assert.match(added, /k8s-app: kube-dns/);
    assert.match(added, /protocol: UDP\n\s+port: 53/);
    const res = analyzeText('g.yaml', out);
    assert.deepStrictEqual(res.errors, []);
    c.applied.length = 0;
    await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.generateDefaultDenyNetworkPolicy', arguments: [uri, { line: 1, character: 0 }, { dns: false }] });
    const plain = applyTextEdits(text, editsOf(c.applied[0].edit, uri)).slice(text.length);
    assert.match(plain, /namespace: one\n/);
    assert.ok(!plain.includes('egress'));
  });

  it('the preferred quick fix on any Pod Security finding hardens the workload in one edit, keeping comments and the other documents', async () => {
    const uri = 'file:///tmp/palisade-fix/h.yaml';
    const other = 'apiVersion: v1\nkind: ConfigMap # keep this comment\nmetadata: {name: cm}\n';
    const text = `# header comment\n${other}---\n${INSECURE.replace('image: nginx:1.25', 'image: nginx:1.25 # pinned')}`;
    c.open(uri, text);
    const p = await c.nextDiagnostics(uri, 1);
    const d = p.diagnostics.find((x) => x.code === 'K8S003')!;
    assert.ok(d, JSON.stringify(p.diagnostics.map((x) => x.code)));
    const acts = await actions(c, uri, [d]);
    // the container's hardening first and preferred, then the workload's
    assert.match(acts[0].title, /^Harden container 'app' to restricted \(\d+ fixes\)$/);
    assert.match(acts[1].title, /^Harden Deployment 'web' to restricted \(\d+ fixes\)$/);
    assert.strictEqual(acts[0].isPreferred, true);
    assert.strictEqual(acts.filter((a) => a.isPreferred).length, 1);
    assert.ok(acts.length <= 8, acts.map((a) => a.title).join(' | '));
    for (const a of acts.slice(0, 2)) {
      const out = applyTextEdits(text, editsOf(a, uri));
      assert.ok(out.startsWith(`# header comment\n${other}---\n`), 'the other document is untouched');
      assert.ok(out.includes('image: nginx:1.25 # pinned'));
      assert.ok(out.includes('hostNetwork: true # legacy') === (a === acts[0]), 'the container hardening leaves the pod spec alone; the workload hardening removes hostNetwork');
      const left = analyzeText('h.yaml', out).findings.filter((f) => f.references.pss !== null);
      // after the container's hardening only the pod-level control is left; after the workload's, nothing
      assert.deepStrictEqual(left.map((f) => f.ruleId), a === acts[0] ? ['K8S002'] : []);
    }
  });

  it('under the default profile, findings on one spot of a workload are one diagnostic listing each rule; strict shows them apart', async () => {
    const uri = 'file:///tmp/palisade-fix/m.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n    securityContext: {}\n';
    c.open(uri, text);
    const p = await c.nextDiagnostics(uri, 1);
    const starts = p.diagnostics.map((x) => `${x.range.start.line}:${x.range.start.character}`);
    assert.strictEqual(new Set(starts).size, starts.length, `one diagnostic per position: ${starts.join(' ')}`);
    const sc = p.diagnostics.find((x) => x.range.start.line === 7)!;
    assert.match(sc.message, /^Container 'web' does not meet the restricted Pod Security Standard \(Pod 'p'\): allowPrivilegeEscalation must be false \(K8S014\); containers must run as non-root \(K8S015\); a seccomp profile must be set \(K8S017\); capabilities must drop ALL/);
    assert.ok((sc.relatedInformation ?? []).some((r) => r.message.startsWith('K8S015: ')));
    // the suppression of that diagnostic names every rule it stands for
    const acts = await actions(c, uri, [sc]);
    assert.ok(acts.some((a) => a.title === 'Disable K8S014,K8S015,K8S017,K8S018,K8S020,K8S021 for this line'), acts.map((a) => a.title).join(' | '));
    assert.ok(acts.length <= 8);
    c.settings = { profile: 'strict' };
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const s = await c.nextDiagnostics(uri, 1);
    assert.ok(s.diagnostics.filter((x) => x.range.start.line === 7).length >= 4, 'strict: every rule on its own');
    assert.ok(s.diagnostics.some((x) => x.code === 'K8S038'), 'strict: the best-practice rules too');
    c.settings = {};
    await c.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await c.nextDiagnostics(uri, 1);
  });

  it('Fix All says when only behaviour-changing fixes exist, and applies them when asked', async () => {
    const uri = 'file:///tmp/palisade-fix/u.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  hostPID: true\n  containers:\n  - name: web\n    image: nginx:1.25\n';
    c.open(uri, text);
    await c.nextDiagnostics(uri, 1);
    c.applied.length = 0;
    const r = (await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.fixAllSafe', arguments: [uri] })) as { applied: boolean; unsafeFixes?: number; message: string };
    assert.strictEqual(r.applied, false);
    assert.ok((r.unsafeFixes ?? 0) > 0, JSON.stringify(r));
    assert.match(r.message, /^No safe fix applies\. \d+ fix\(es\) that harden the file but may change how it behaves \(K8S/);
    assert.strictEqual(c.applied.length, 0);
    const u = (await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.fixAllSafe', arguments: [uri, { unsafe: true }] })) as { applied: boolean; fixes: number };
    assert.strictEqual(u.applied, true);
    assert.ok(!applyTextEdits(text, editsOf(c.applied[0].edit, uri)).includes('hostPID'));
  });

  it('rejects unknown commands and bad arguments', async () => {
    await assert.rejects(c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.hardenFile', arguments: ['file:///tmp/palisade-fix/a.yaml', 'extreme'] }));
    await assert.rejects(c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.nope', arguments: [] }));
  });
});
