/**
 * What the CLI prints (#18): control characters from files (names, values) are escaped in text
 * output, with or without --no-color; SARIF URIs are percent-encoded (RFC 3986) and the base URI is
 * a proper file URI; JSON written one file at a time is what JSON.stringify of the whole report was.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { main, Io } from '../../server/src/cli/main';
import { escapeControl, toJson, uriOfPath } from '../../server/src/cli/formats';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

async function run(args: string[], cwd: string, isTTY = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY };
  const code = await main(args, io);
  return { code, out, err };
}

const HOSTILE = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p\\e[1;32mG\\e[0m\\r\\nFAKE: line"\nspec:\n  containers:\n  - name: "c\\e]0;TITLE\\a"\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n';

describe('CLI output: terminal injection, SARIF URIs, streamed JSON (#18)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-out-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('escapeControl shows C0, C1, DEL and bidirectional controls as escapes', () => {
    assert.strictEqual(escapeControl('a\x1b[31mb\x07c\r\nd\te\x7f\x9b\u202e'), 'a\\x1b[31mb\\x07c\\r\\nd\\te\\x7f\\x9b\\u202e');
    assert.strictEqual(escapeControl('plain: ünïcode ✓'), 'plain: ünïcode ✓');
  });

  for (const tty of [false, true]) {
    it(`text output escapes control characters from file names and values (${tty ? 'colour, terminal' : '--no-color'})`, async () => {
      const name = 'evil\x1b[31m\x07\r.yaml';
      fs.writeFileSync(path.join(dir, name), HOSTILE);
      const r = await run(['scan', '.', ...(tty ? [] : ['--no-color'])], dir, tty);
      // only the report's own colour sequences (ESC [ digits m) may reach the terminal
      const raw = r.out.replace(/\x1b\[[0-9;]*m/g, '');
      assert.ok(!/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(raw), JSON.stringify(raw.slice(0, 400)));
      assert.ok(r.out.split('\n').every((l) => !l.includes('FAKE: line') || l.includes('\\r\\nFAKE: line')), 'no line of its own for the value\'s CR LF');
      assert.ok(r.out.includes('evil\\x1b[31m\\x07\\r.yaml:'), r.out.slice(0, 300));
      assert.ok(r.out.includes("container 'c\\x1b]0;TITLE\\x07'"), r.out);
      assert.strictEqual(r.code, 1);
      assert.ok(!/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(r.err), JSON.stringify(r.err));
    });
  }

  it('stderr lines (skipped fixes) escape the file name', async () => {
    fs.writeFileSync(path.join(dir, 'bad\x1b]0;T\x07.yaml'), 'a: [\n');
    const r = await run(['scan', '.', '--fix', '--no-color'], dir);
    assert.match(r.err, /palisade: bad\\x1b\]0;T\\x07\.yaml: not fixed: YAML syntax error/);
    assert.ok(!/[\x00-\x09\x0b-\x1f]/.test(r.err), JSON.stringify(r.err));
  });

  it('SARIF: URIs percent-encoded per RFC 3986, originalUriBaseIds a file URI with a trailing slash', async () => {
    const name = 'sp ace #%3F?.yaml';
    fs.mkdirSync(path.join(dir, 'd ir'));
    fs.writeFileSync(path.join(dir, 'd ir', name), HOSTILE);
    const r = await run(['scan', '.', '--format', 'sarif'], dir);
    const s = JSON.parse(r.out);
    const uris = new Set(s.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri));
    assert.deepStrictEqual([...uris], ['d%20ir/sp%20ace%20%23%253F%3F.yaml']);
    const base = s.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
    assert.strictEqual(base, pathToFileURL(dir).href + '/');
    assert.strictEqual(decodeURIComponent(new URL('d%20ir/sp%20ace%20%23%253F%3F.yaml', base).pathname), path.join(dir, 'd ir', name));
    assert.strictEqual(uriOfPath('sp ace #%3F?.yaml'), 'sp%20ace%20%23%253F%3F.yaml');
  });

  it('SARIF: content not analysed is an error result (rule not-analysed) and a notification', async () => {
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nspec: [\n');
    const s = JSON.parse((await run(['scan', '.', '--format', 'sarif'], dir)).out);
    const run0 = s.runs[0];
    const res = run0.results.filter((x: { ruleId: string }) => x.ruleId === 'not-analysed');
    assert.strictEqual(res.length, 1);
    assert.strictEqual(res[0].level, 'error');
    assert.strictEqual(run0.tool.driver.rules[res[0].ruleIndex].id, 'not-analysed');
    assert.match(res[0].message.text, /^YAML syntax error/);
    assert.strictEqual(run0.invocations[0].toolExecutionNotifications.length, 1);
  });

  it('the JSON written one file at a time is JSON.stringify(report, null, 2)', () => {
    const files = [{ file: 'a.yaml', text: HOSTILE }, { file: 'b.yaml', text: 'a: [\n' }, { file: 'c.yaml', text: 'x: 1\n' }];
    const results = scanTexts(files, defaultSettings());
    const whole = (rs: typeof results) => JSON.stringify({ version: 1, tool: JSON.parse(toJson({ results: [] })).tool, results: rs.map((r) => ({ file: r.file, findings: r.findings.map((f) => JSON.parse(JSON.stringify(JSON.parse(toJson({ results: [{ ...r, findings: [f] }] })).results[0].findings[0]))), errors: r.errors })) }, null, 2);
    assert.strictEqual(toJson({ results }), whole(results));
    assert.strictEqual(toJson({ results: [] }), whole([]));
  });
});
