/**
 * Snippet syntax in code-action edits (issue 17, item 3): the plain-text helper, and over stdio that a
 * client which never announced snippet edits gets no `${` in any edit, while Palisade's VS Code
 * client and LSP 3.18 clients with snippetEditSupport still get their placeholders.
 * (The LSP part uses the built bundle: node scripts/build.mjs.)
 */
import * as assert from 'assert';
import { CodeAction, CodeActionRequest, CompletionItem, CompletionRequest, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { plainText, plainEdits, placeholderDefaults, hasConcreteDefaults, snippetEditModeOf, forClient, initSnippetEdits } from '../../server/src/lsp/snippets';
import { startClient, TestClient } from './client';
import { applyTextEdits } from '../../server/src/engine/text';
import { analyzeText } from '../../server/src/engine/analyze';

describe('snippet text to plain text', () => {
  it('placeholders take their default text', () => {
    assert.strictEqual(plainText('limits: ${1:256Mi}'), 'limits: 256Mi');
    assert.strictEqual(plainText('@sha256:${1:digest}'), '@sha256:digest');
    assert.strictEqual(plainText('# palisade-ignore K8S002 -- ${1:reason}\n'), '# palisade-ignore K8S002 -- reason\n');
  });
  it('nested placeholders, choices, mirrors, bare tab stops and $0', () => {
    assert.strictEqual(plainText('${1:outer ${2:inner ${3:deep}} end}'), 'outer inner deep end');
    assert.strictEqual(plainText('${1|RuntimeDefault,Localhost|}'), 'RuntimeDefault');
    assert.strictEqual(plainText('a: ${1:x}\nb: $1\nc: ${1}'), 'a: x\nb: x\nc: x');
    assert.strictEqual(plainText('b: $1 then a: ${1:x}'), 'b: x then a: x', 'a mirror before its placeholder still takes the default');
    assert.strictEqual(plainText('${2|p,q|} and $2'), 'p and p');
    assert.strictEqual(plainText('x: $2$0 ${3}end'), 'x:  end');
    assert.strictEqual(plainText('$12 ${10:ten}'), ' ten', 'multi-digit tab stops');
  });
  it('escapes: \\$ \\} \\\\ are literal, other backslashes stay', () => {
    assert.strictEqual(plainText('\\$HOME \\} \\\\ \\n'), '$HOME } \\ \\n');
    assert.strictEqual(plainText('${1:a \\} b}'), 'a } b');
    assert.strictEqual(plainText('${1:\\${x\\}}'), '${x}');
    assert.strictEqual(plainText('\\{'), '\\{', 'a backslash before { is literal');
    assert.strictEqual(plainText('${1|a\\,b,c|}'), 'a,b', 'an escaped comma inside a choice');
    assert.strictEqual(plainText('${1|x\\|y,z|}'), 'x|y', 'an escaped bar inside a choice');
  });
  it('a $ that starts no construct is literal; variables insert their default or their name', () => {
    assert.strictEqual(plainText('cost: 5$ ${ unclosed ${1:x'), 'cost: 5$ ${ unclosed ${1:x');
    assert.strictEqual(plainText('${1|a,b'), '${1|a,b');
    assert.strictEqual(plainText('${TM_FILENAME:file.yaml} $UNKNOWN ${NAME}'), 'file.yaml UNKNOWN NAME');
    assert.strictEqual(plainText('${1:v} ${1/(.*)/${1:/upcase}/}'), 'v v', 'a transform mirrors the default untransformed');
  });
  it('a placeholder that mirrors itself does not loop', () => {
    assert.strictEqual(plainText('${1:a$1b}'), 'ab');
    assert.strictEqual(plainText('${1:x ${2:y $1}} $2'), 'x y  y x y ', 'mutual mirrors end');
  });
  it('plainEdits keeps ranges and strips every edit; defaults and their concreteness', () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } };
    assert.deepStrictEqual(plainEdits([{ range, newText: '${1:100m}' }, { range, newText: 'plain \\$' }]), [{ range, newText: '100m' }, { range, newText: 'plain $' }]);
    assert.deepStrictEqual(placeholderDefaults('${1:a ${2:b}} ${3|c,d|} $1'), ['a b', 'b', 'c']);
    assert.ok(hasConcreteDefaults([{ newText: 'memory: ${1:256Mi}' }, { newText: '${1:10001}' }, { newText: 'no placeholder' }]));
    assert.ok(!hasConcreteDefaults([{ newText: '@sha256:${1:digest}' }]));
    assert.ok(!hasConcreteDefaults([{ newText: '@${1:sha}' }, { newText: ' # v4' }]));
  });
  it('the client announces snippet edits through initializationOptions, an experimental capability or LSP 3.18', () => {
    assert.strictEqual(snippetEditModeOf({}, undefined), 'none');
    assert.strictEqual(snippetEditModeOf({ textDocument: { completion: { completionItem: { snippetSupport: true } } } }, {}), 'none', 'completion snippets are not edit snippets');
    assert.strictEqual(snippetEditModeOf({}, { snippetEdits: true }), 'palisade');
    assert.strictEqual(snippetEditModeOf({ experimental: { palisade: { snippetEdits: true } } }, null), 'palisade');
    assert.strictEqual(snippetEditModeOf({ workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } as object } }, undefined), 'lsp');
    assert.strictEqual(snippetEditModeOf({ workspace: { workspaceEdit: { snippetEditSupport: true } as object } }, undefined), 'none', 'SnippetTextEdits live in documentChanges');
  });
  it('forClient leaves plain actions alone and adapts snippet actions per mode', () => {
    const uri = 'file:///x.yaml';
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const plain: CodeAction = { title: 'p', edit: { changes: { [uri]: [{ range, newText: '$1 literal' }] } } };
    assert.strictEqual(forClient(plain, uri, 3, 'none'), plain);
    const snip: CodeAction = { title: 'Set memory', edit: { changes: { [uri]: [{ range, newText: '${1:256Mi}' }] } }, data: { snippet: true } };
    assert.strictEqual(forClient(snip, uri, 3, 'palisade'), snip);
    assert.deepStrictEqual(forClient(snip, uri, 3, 'none'), { title: 'Set memory', edit: { changes: { [uri]: [{ range, newText: '256Mi' }] } } });
    assert.deepStrictEqual(forClient(snip, uri, 3, 'lsp'), { title: 'Set memory', edit: { documentChanges: [{ textDocument: { uri, version: 3 }, edits: [{ range, snippet: { kind: 'snippet', value: '${1:256Mi}' } }] }] } });
    const digest: CodeAction = { title: 'Pin', edit: { changes: { [uri]: [{ range, newText: '@sha256:${1:digest}' }] } }, data: { snippet: true } };
    const bare = forClient(digest, uri, 3, 'none');
    assert.strictEqual(bare.edit, undefined, 'no invalid value written');
    assert.strictEqual(bare.data, undefined);
    assert.match(bare.title, /^Pin \(type the digest in yourself; no edit\)$/);
    // a client that shows disabled actions gets the fix disabled, with the reason, under its own title
    initSnippetEdits({ capabilities: { textDocument: { codeAction: { disabledSupport: true } } }, initializationOptions: undefined });
    try {
      const disabled = forClient(digest, uri, 3);
      assert.strictEqual(disabled.title, 'Pin');
      assert.strictEqual(disabled.edit, undefined);
      assert.match(disabled.disabled?.reason ?? '', /Type the digest in yourself/);
    } finally {
      initSnippetEdits({ capabilities: {}, initializationOptions: undefined });
    }
  });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.example.com/web:1.2.3
        securityContext:
          runAsUser: 0
`;
const DOCKERFILE = 'FROM nginx:latest\nADD https://example.com/tool.tgz /opt/\nRUN echo $HOME\n';
const WORKFLOW = 'name: ci\non: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n    - uses: actions/checkout@v4\n';

function editsOf(a: CodeAction): { uri: string; newText: string; edit: TextEdit | { range: TextEdit['range']; snippet: { value: string } } }[] {
  const out: ReturnType<typeof editsOf> = [];
  for (const [uri, es] of Object.entries(a.edit?.changes ?? {})) for (const e of es) out.push({ uri, newText: e.newText, edit: e });
  for (const dc of a.edit?.documentChanges ?? []) {
    if (!TextDocumentEdit.is(dc)) continue;
    for (const e of dc.edits as (TextEdit | { range: TextEdit['range']; snippet: { value: string } })[]) out.push({ uri: dc.textDocument.uri, newText: 'newText' in e ? e.newText : e.snippet.value, edit: e });
  }
  return out;
}

async function allActions(c: TestClient, uri: string, text: string, languageId: string): Promise<{ diags: Diagnostic[]; actions: CodeAction[] }> {
  c.open(uri, text, languageId);
  // the newest publish: the server analyses again once it has read the client's configuration, and
  // each analysis gives its diagnostics new keys (code actions answer only the current ones)
  let p = await c.nextDiagnostics(uri, 1);
  for (;;) {
    const next = await c.nextDiagnostics(uri, 1, 700).catch(() => undefined);
    if (!next) break;
    p = next;
  }
  const actions: CodeAction[] = [];
  for (const d of p.diagnostics) {
    actions.push(...((await c.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[]));
  }
  return { diags: p.diagnostics, actions };
}

const FILES: [string, string, string][] = [
  ['file:///tmp/palisade-snip/deploy.yaml', DEPLOYMENT, 'yaml'],
  ['file:///tmp/palisade-snip/Dockerfile', DOCKERFILE, 'dockerfile'],
  ['file:///tmp/palisade-snip/.github/workflows/ci.yml', WORKFLOW, 'yaml'],
];

describe('code-action edits over LSP and snippet support', function () {
  this.timeout(60000);

  it('a client that never announced snippet edits receives no snippet syntax in any edit', async () => {
    const c = await startClient();
    try {
      let concrete = 0;
      let withoutEdit = 0;
      let suppressions = 0;
      for (const [uri, text, lang] of FILES) {
        const { diags, actions } = await allActions(c, uri, text, lang);
        assert.ok(diags.length > 0 && actions.length > 0, `findings and actions on ${uri}`);
        for (const a of actions) {
          assert.strictEqual((a.data as { snippet?: boolean } | undefined)?.snippet, undefined, `${a.title}: no snippet flag for a plain client`);
          for (const e of editsOf(a)) {
            assert.ok(!e.newText.includes('${'), `${a.title} on ${uri} sends snippet syntax: ${JSON.stringify(e.newText)}`);
            assert.ok(!/\$\d/.test(e.newText), `${a.title} on ${uri} sends a tab stop: ${JSON.stringify(e.newText)}`);
            assert.ok('newText' in e.edit, 'plain TextEdits');
          }
          if (/^Disable /.test(a.title)) {
            suppressions++;
            assert.match(editsOf(a)[0].newText, /# palisade-ignore [A-Z][A-Z0-9]+(,[A-Z][A-Z0-9]+)* -- reason: TODO\n$/);
          }
          if (!a.edit) withoutEdit++;
        }
        // every edit applied to the text gives a file that still parses and loses the finding it fixes
        for (const a of actions.filter((x) => x.edit && /256Mi|10001|Set resources|runAsUser to a non-root/.test(x.title))) {
          const after = applyTextEdits(text, editsOf(a).map((e) => e.edit as TextEdit));
          assert.ok(!analyzeText(uri.replace('file://', ''), after).findings.some((f) => f.ruleId === 'syntax' || f.ruleId.startsWith('YAML')), `${a.title} leaves a file that parses:\n${after}`);
          concrete++;
        }
      }
      const runAsUser = (await allActions(c, 'file:///tmp/palisade-snip/again.yaml', DEPLOYMENT, 'yaml')).actions.find((a) => a.title === 'Set runAsUser to a non-root UID');
      assert.ok(runAsUser?.edit, 'a display-only fix with a concrete default keeps its edit');
      assert.strictEqual(editsOf(runAsUser)[0].newText, '10001');
      assert.ok(concrete > 0, 'display-only fixes with concrete defaults were offered with plain edits');
      assert.ok(withoutEdit > 0, 'fixes whose value a person must type (digest, sha, checksum) are offered without an edit');
      assert.ok(suppressions > 0);
    } finally {
      await c.stop();
    }
  });

  it('Palisade\'s VS Code client (initializationOptions.snippetEdits) keeps its placeholders, flagged', async () => {
    const c = await startClient({ initializationOptions: { snippetEdits: true } });
    try {
      const { actions } = await allActions(c, FILES[0][0], DEPLOYMENT, 'yaml');
      const run = actions.find((a) => a.title === 'Set runAsUser to a non-root UID')!;
      assert.deepStrictEqual(run.data, { snippet: true });
      assert.strictEqual(editsOf(run)[0].newText, '${1:10001}');
      const dis = actions.find((a) => /^Disable K8S016 for this line/.test(a.title))!;
      assert.match(editsOf(dis)[0].newText, /-- \$\{1:reason\}\n$/);
    } finally {
      await c.stop();
    }
  });

  it('an LSP 3.18 client with snippetEditSupport gets SnippetTextEdits in documentChanges', async () => {
    const c = await startClient({ capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true, snippetEditSupport: true } as object }, textDocument: { publishDiagnostics: { dataSupport: true } } } });
    try {
      const { actions } = await allActions(c, FILES[1][0], DOCKERFILE, 'dockerfile');
      const pin = actions.find((a) => /digest/.test(a.title) && !/^Disable/.test(a.title));
      assert.ok(pin, actions.map((a) => a.title).join(' | '));
      const dc = pin.edit!.documentChanges![0] as TextDocumentEdit;
      assert.strictEqual(dc.textDocument.uri, FILES[1][0]);
      assert.strictEqual(dc.textDocument.version, 1);
      const e = dc.edits[0] as unknown as { snippet: { kind: string; value: string } };
      assert.deepStrictEqual(e.snippet, { kind: 'snippet', value: '@sha256:${1:digest}' });
      assert.strictEqual(pin.data, undefined);
    } finally {
      await c.stop();
    }
  });

  it('snippet completions are not offered for the languages the client contributes the snippets for (listed once)', async () => {
    const labels = async (c: TestClient, uri: string, lang: string, text: string) => {
      c.open(uri, text, lang);
      await c.nextDiagnostics(uri, 1).catch(() => undefined);
      const r = (await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: text.length } })) as CompletionItem[] | null;
      return (r ?? []).map((x) => x.label);
    };
    const ours = await startClient({ initializationOptions: { snippetEdits: true, contributedSnippets: ['yaml', 'dockerfile'] } });
    try {
      assert.deepStrictEqual(await labels(ours, 'file:///tmp/palisade-snip/c1.yaml', 'yaml', 'pali'), []);
      assert.deepStrictEqual(await labels(ours, 'file:///tmp/palisade-snip/Dockerfile', 'dockerfile', 'pali'), []);
      // a workflow whose language the client contributes no snippets for still gets them as completions
      assert.ok((await labels(ours, 'file:///tmp/palisade-snip/.github/workflows/w.yml', 'github-actions-workflow', 'pali')).length > 0);
    } finally {
      await ours.stop();
    }
    const other = await startClient();
    try {
      const got = await labels(other, 'file:///tmp/palisade-snip/c2.yaml', 'yaml', 'pali');
      assert.ok(got.length > 0 && got.every((l) => /^palisade-/.test(l)), JSON.stringify(got));
      assert.strictEqual(new Set(got).size, got.length, 'each snippet once');
    } finally {
      await other.stop();
    }
  });
});
