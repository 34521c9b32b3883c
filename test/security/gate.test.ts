/**
 * The CI gate cannot be walked around (#18): the reproducers of the issue, generated side by side in
 * one directory and scanned together, as CI would. Each input is either analysed (the privileged Pod
 * or root Dockerfile after the hostile part is found) or fails the scan with one clear line saying
 * what was not checked; the scan exits non-zero; nothing hangs (each case is small enough to finish
 * in seconds) and nothing outside the directory is read through a link (--fix through links:
 * cli-fix-links.test.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';
import { MAX_NESTING } from '../../server/src/engine/yaml/parse';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n';
const ROOT_DOCKERFILE = 'USER root\nCMD ["sh"]\n';

/** `analysed`: the rule must be found in the file, without errors; `fails`: an error matching the pattern. */
type Expect = { analysed: string } | { fails: RegExp };
interface Case { name: string; text: string | Buffer; expect: Expect; why: string }

function merges(levels: number): string {
  let s = 'x0: &x0 {k0: 0}\n';
  for (let i = 1; i <= levels; i++) s += `x${i}: &x${i} {<<: [*x${i - 1}, *x${i - 1}], k${i}: ${i}}\n`;
  return s;
}

const CASES: Case[] = [
  { name: 'comments-500k.yaml', text: '#\n'.repeat(260000) + POD, expect: { analysed: 'K8S003' }, why: '500 KB of comment lines, then the Pod (token limit)' },
  { name: 'empty-docs-100k.yaml', text: '---\n'.repeat(100000) + POD, expect: { analysed: 'K8S003' }, why: '100,000 empty documents, then the Pod (time budget)' },
  { name: 'heredoc/Dockerfile', text: 'FROM alpine:3.19\nRUN <<EOF\n' + 'echo hi\n'.repeat(150000) + 'EOF\n' + ROOT_DOCKERFILE, expect: { analysed: 'DF001' }, why: 'a 150,000-line heredoc (stack overflow)' },
  { name: 'braces-in-plain-scalar.yaml', text: POD.replace('  name: web\n', '  name: web\n  annotations:\n    note: see{{docs}}\n'), expect: { analysed: 'K8S003' }, why: 'see{{docs}} in a plain scalar (template heuristic)' },
  { name: 'namespace-constructor.yaml', text: POD.replace('  name: web\n', '  name: web\n  namespace: constructor\n'), expect: { analysed: 'K8S014' }, why: 'a Pod in namespace constructor (prototype keys)' },
  { name: 'syntax-error-and-braces-in-comment.yaml', text: POD + '  bad: [unclosed\n# {{ .Values.x }}\n', expect: { fails: /^YAML syntax error/ }, why: 'a syntax error with {{ in a comment' },
  { name: 'helm-template.yaml', text: POD.replace('name: web', 'name: {{ .Release.Name }}'), expect: { fails: /template that was not rendered.*not analysed/ }, why: 'a loose Helm template' },
  { name: 'token-limit.yaml', text: POD + '---\nk: [' + '1,'.repeat(600000) + '1]\n', expect: { fails: /more than 500,000 YAML tokens; it is not analysed/ }, why: 'a document past the token limit' },
  { name: 'nesting.yaml', text: POD + '---\n' + '['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1) + '\n', expect: { fails: /Nesting deeper than \d+ levels; this document is not analysed/ }, why: 'a document nested past the limit' },
  { name: 'merge-bomb.yaml', text: merges(16) + '---\n' + POD, expect: { analysed: 'K8S003' }, why: '16 levels of doubling merge keys (637 bytes)' },
  { name: 'binary.yaml', text: Buffer.concat([Buffer.from(POD), Buffer.from([0, 1, 2])]), expect: { fails: /binary file.*not checked/ }, why: 'a file with NUL bytes' },
  { name: 'large.yaml', text: POD + '# ' + 'x'.repeat(3 * 1024 * 1024) + '\n', expect: { fails: /over the 2 MB limit \(--max-file-size\); it was not checked/ }, why: 'a file over the size limit (2 MB here)' },
];

describe('the CI gate: every reproducer is analysed or fails the scan (#18)', function () {
  this.timeout(300000);
  let dir: string, outside: string;
  let json: { results: { file: string; findings: { ruleId: string }[]; errors: { message: string }[] }[] };
  let code: number, text: string, err: string;

  before(async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-gate-'));
    dir = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'victim.yaml'), POD);
    for (const c of CASES) {
      fs.mkdirSync(path.dirname(path.join(dir, c.name)), { recursive: true });
      fs.writeFileSync(path.join(dir, c.name), c.text);
    }
    fs.symlinkSync('../outside/victim.yaml', path.join(dir, 'link-out.yaml'));
    const run = async (...args: string[]) => {
      let out = '';
      let e = '';
      const io: Io = { out: (s) => { out += s; }, err: (s) => { e += s; }, cwd: dir, isTTY: false };
      const c = await main(['scan', '.', '--max-file-size', '2', ...args], io);
      return { code: c, out, err: e };
    };
    const j = await run('--format', 'json');
    json = JSON.parse(j.out);
    code = j.code;
    err = j.err;
    text = (await run('--no-color')).out;
  });
  after(() => { fs.rmSync(path.dirname(dir), { recursive: true, force: true }); });

  for (const c of CASES) {
    it(`${c.why}: ${'analysed' in c.expect ? 'analysed' : 'fails the scan with a clear line'}`, () => {
      const r = json.results.find((x) => x.file === c.name);
      assert.ok(r, `${c.name} is in the report`);
      if ('analysed' in c.expect) {
        assert.deepStrictEqual(r.errors, [], `${c.name} has no errors`);
        assert.ok(r.findings.some((f) => f.ruleId === (c.expect as { analysed: string }).analysed), `${c.name}: ${(c.expect as { analysed: string }).analysed} found`);
      } else {
        const re = c.expect.fails;
        assert.ok(r.errors.some((e) => re.test(e.message)), `${c.name}: ${JSON.stringify(r.errors)}`);
        const line = text.split('\n').find((l) => l.startsWith(`${c.name}:`) && l.includes(' error not-analysed '));
        assert.ok(line && re.test(line.slice(line.indexOf(' not-analysed ') + 14)), `${c.name} has its line in the text report`);
      }
    });
  }

  it('every input of the directory is accounted for, and the scan fails', () => {
    assert.deepStrictEqual(json.results.map((r) => r.file).sort(), CASES.map((c) => c.name).sort(), 'the link out of the directory was not followed');
    assert.strictEqual(code, 1);
    assert.match(err, /symbolic link\(s\) leading outside the scanned paths were not followed/);
    assert.match(err, /input\(s\) were not fully analysed \(see the not-analysed errors\); the scan fails/);
  });

  it('standard input: a template fails the scan, a manifest is analysed', async () => {
    const scan = async (stdin: string) => {
      let out = '';
      const io: Io = { out: (s) => { out += s; }, err: () => undefined, cwd: dir, isTTY: false, stdin: () => ({ text: stdin }) };
      const c = await main(['scan', '-', '--format', 'json'], io);
      return { code: c, r: JSON.parse(out).results[0] };
    };
    const t = await scan(CASES.find((c) => c.name === 'helm-template.yaml')!.text as string);
    assert.strictEqual(t.code, 1);
    assert.match(t.r.errors[0].message, /template that was not rendered/);
    const p = await scan(POD);
    assert.deepStrictEqual(p.r.errors, []);
    assert.ok(p.r.findings.some((f: { ruleId: string }) => f.ruleId === 'K8S003'));
  });
});
