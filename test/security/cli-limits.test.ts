/**
 * Limits, the time budget and the template heuristic cannot pass a file unchecked (#18): each
 * reproducer is either analysed (the privileged Pod after it is found) or gives an error that says
 * what was not checked, and the CLI exits non-zero.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';

export const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n';

type Json = { results: { file: string; findings: { ruleId: string }[]; errors: { message: string }[] }[] };
async function scan(dir: string, ...args: string[]): Promise<{ code: number; json: Json; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd: dir, isTTY: false };
  const code = await main(['scan', ...args, '--format', 'json'], io);
  return { code, json: JSON.parse(out), err };
}
const privileged = (j: Json) => j.results.flatMap((r) => r.findings.filter((f) => f.ruleId === 'K8S003').map(() => r.file));
const errorsOf = (j: Json) => j.results.flatMap((r) => r.errors.map((e) => `${r.file}: ${e.message}`));

describe('CLI: limits, budget and templates do not pass a file unchecked (#18)', function () {
  this.timeout(180000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lim-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  it('500 KB of comment lines before a privileged Pod: analysed (comments count one fifth of a token)', async () => {
    write('comments.yaml', '#\n'.repeat(260000) + POD);
    const r = await scan(dir, 'comments.yaml');
    assert.deepStrictEqual(errorsOf(r.json), []);
    assert.deepStrictEqual(privileged(r.json), ['comments.yaml']);
    assert.strictEqual(r.code, 1);
  });

  it('a document past the token limit is an error that fails the scan, whatever the threshold', async () => {
    write('flow.yaml', POD + '---\nk: [' + '1,'.repeat(600000) + '1]\n');
    const r = await scan(dir, 'flow.yaml', '--severity-threshold', 'error', '--pod-security-level', 'privileged');
    assert.deepStrictEqual(errorsOf(r.json), ['flow.yaml: This document has more than 500,000 YAML tokens; it is not analysed.']);
    assert.deepStrictEqual(privileged(r.json), [], 'the privileged level allows it: only the limit fails the scan');
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /1 input\(s\) were not fully analysed/);
  });

  it('100,000 empty documents before a privileged Pod: analysed (the CLI has no time budget by default)', async () => {
    write('docs.yaml', '---\n'.repeat(100000) + POD);
    const r = await scan(dir, 'docs.yaml');
    assert.deepStrictEqual(errorsOf(r.json), []);
    assert.deepStrictEqual(privileged(r.json), ['docs.yaml']);
  });

  it('--budget-ms sets a budget; a stop is an error that fails the scan', async () => {
    write('docs.yaml', '---\n'.repeat(30000) + POD);
    const r = await scan(dir, 'docs.yaml', '--budget-ms', '1', '--severity-threshold', 'error', '--pod-security-level', 'privileged');
    assert.match(errorsOf(r.json).join('\n'), /^docs\.yaml: Analysis stopped after \d+ ms: the file exceeds the per-file budget of 1 ms/);
    assert.strictEqual(r.code, 1);
    let err = '';
    assert.strictEqual(await main(['scan', 'docs.yaml', '--budget-ms', 'soon'], { out: () => undefined, err: (s) => { err += s; }, cwd: dir, isTTY: false }), 2);
    assert.match(err, /--budget-ms must be a positive number/);
  });

  it('a repository\'s .palisade.yaml cannot set a budget for the CLI (budgetMs is for the editor)', async () => {
    write('docs.yaml', '---\n'.repeat(30000) + POD);
    write('.palisade.yaml', 'budgetMs: 1\n');
    const r = await scan(dir, '.');
    assert.deepStrictEqual(errorsOf(r.json), []);
    assert.deepStrictEqual(privileged(r.json), ['docs.yaml']);
    assert.match(r.err, /budgetMs in the configuration applies to the editor only/);
  });

  it('a Dockerfile with a 150,000-line heredoc is analysed (no stack overflow)', async () => {
    write('Dockerfile', 'FROM alpine:3.19\nRUN <<EOF\n' + 'echo hi\n'.repeat(150000) + 'EOF\nUSER root\nCMD ["sh"]\n');
    const r = await scan(dir, 'Dockerfile');
    assert.deepStrictEqual(errorsOf(r.json), []);
    assert.ok(r.json.results[0].findings.some((f) => f.ruleId === 'DF001'), 'USER root after the heredoc is seen');
  });

  it('a plain scalar with braces that are no template (note: see{{docs}}) is analysed', async () => {
    write('note.yaml', POD.replace('  name: web\n', '  name: web\n  annotations:\n    note: see{{docs}}\n'));
    const r = await scan(dir, 'note.yaml');
    assert.deepStrictEqual(errorsOf(r.json), []);
    assert.deepStrictEqual(privileged(r.json), ['note.yaml']);
  });

  it('a syntax error with {{ only in a comment is a syntax error that fails the scan', async () => {
    write('err.yaml', POD + '  bad: [unclosed\n# {{ .Values.x }}\n');
    const r = await scan(dir, 'err.yaml', '--pod-security-level', 'privileged', '--severity-threshold', 'error');
    assert.match(errorsOf(r.json).join('\n'), /^err\.yaml: YAML syntax error/);
    assert.strictEqual(r.code, 1);
  });

  it('a loose Helm template is not analysed: an error says it is a template that was not rendered, and the scan fails', async () => {
    write('deploy.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n  - name: app\n    image: "{{ .Values.image }}"\n    securityContext:\n      privileged: true\n');
    const r = await scan(dir, 'deploy.yaml', '--pod-security-level', 'privileged', '--severity-threshold', 'error');
    assert.deepStrictEqual(errorsOf(r.json), ["deploy.yaml: This document is a template that was not rendered (template syntax '{{ .Release.Name }}'), so it was not analysed. Render it (for example with helm template) and scan the output."]);
    assert.strictEqual(r.code, 1);
  });
});
