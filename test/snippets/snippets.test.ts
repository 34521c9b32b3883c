/** Every snippet body, with placeholders at their defaults, parses and gets no finding from Palisade. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expandDefaults, completions, SNIPPET_FILES } from '../../server/src/lsp/completion';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { COMPILED } from '../../server/src/engine/dockerfile/eol-data';

const ROOT = path.join(__dirname, '..', '..');
// end-of-life verdicts depend on the date: check against the EOL table's compile date, so the test does not rot
const SETTINGS = { ...defaultSettings(), today: COMPILED };
const FILES: Record<string, string> = { kubernetes: 'snippet.yaml', 'github-actions': '.github/workflows/snippet.yml', dockerfile: 'Dockerfile' };

describe('snippets', () => {
  it('expands placeholders to their defaults', () => {
    assert.strictEqual(expandDefaults('a: ${1:x}\nb: $1\nc: ${2|p,q|} ${3:${4:in}ner}$0 \\$HOME ${2}'), 'a: x\nb: x\nc: p inner $HOME p');
  });

  it('are registered in package.json contributes.snippets and cover every file', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const paths = new Set((pkg.contributes.snippets as { path: string }[]).map((s) => path.normalize(s.path)));
    for (const f of fs.readdirSync(path.join(ROOT, 'snippets'))) assert.ok(paths.has(path.normalize(`./snippets/${f}`)), `snippets/${f} is not registered`);
    for (const p of paths) assert.ok(fs.existsSync(path.join(ROOT, p)), `${p} is registered but missing`);
  });

  for (const [kind, file] of Object.entries(SNIPPET_FILES)) {
    for (const [title, s] of Object.entries(file)) {
      it(`${kind}: ${s.prefix} parses and has no finding`, () => {
        const text = expandDefaults(s.body.join('\n')) + '\n';
        assert.ok(!/\$\{?\d/.test(text), `unexpanded placeholder in ${title}`);
        if (kind !== 'dockerfile') for (const d of parseAllDocuments(text, { version: '1.1' }) as { errors: unknown[] }[]) assert.deepStrictEqual(d.errors, [], title);
        const [res] = scanTexts([{ file: FILES[kind], text }], SETTINGS);
        assert.deepStrictEqual(res.errors, []);
        assert.deepStrictEqual(res.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`), []);
      });
    }
  }

  it('are offered as completions: snippet syntax with client support, defaults without', () => {
    const doc = TextDocument.create('file:///w/app.yaml', 'yaml', 1, 'pali');
    const withSnip = completions(doc, { textDocument: { uri: doc.uri }, position: { line: 0, character: 4 } }, true);
    const pa = withSnip.find((c) => c.label === 'palisade-peerauthentication-namespace')!;
    assert.ok(pa && pa.insertTextFormat === 2 && /\$\{1:my-namespace\}/.test(pa.insertText!));
    const plain = completions(doc, { textDocument: { uri: doc.uri }, position: { line: 0, character: 4 } }, false).find((c) => c.label === pa.label)!;
    assert.strictEqual(plain.insertTextFormat, 1);
    assert.match(plain.insertText!, /namespace: my-namespace\n/);
    const docker = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, '');
    assert.deepStrictEqual(completions(docker, { textDocument: { uri: docker.uri }, position: { line: 0, character: 0 } }, true).map((c) => c.label), ['palisade-dockerfile-multistage']);
    const mid = TextDocument.create('file:///w/app.yaml', 'yaml', 1, 'metadata: {name: x}');
    assert.deepStrictEqual(completions(mid, { textDocument: { uri: mid.uri }, position: { line: 0, character: 15 } }, true), []);
  });
});
