/** `.palisade.yaml`: parsing, validation with exact locations, fallback, the schema, and the CLI loading it. */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig, configFindings, escapesWorkspace, globMatcher } from '../../server/src/engine/config';
import { main, Io } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  return { code: await main(args, io), out, err };
}

function tmpdir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-cfg-'));
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), body);
  }
  return d;
}

const PRIV = (ns = 'shop') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: ${ns}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n`;

describe('.palisade.yaml', () => {
  it('parses severities, excludes, Pod Security level and version, and per-namespace exemptions', () => {
    const c = parseConfig(`podSecurity:
  level: baseline
  version: v1.29
rules:
  K8S020: off
  pss-privileged: warning
exclude:
  - charts/vendor/**
  - "*.generated.yaml"
namespaces:
  kube-system:
    level: privileged
  lab:
    rules:
      K8S003: off
      K8S014: info
requireSuppressionReason: true
`);
    assert.deepStrictEqual(c.errors, []);
    assert.deepStrictEqual(c.settings.podSecurity, { level: 'baseline', version: 'v1.29' });
    assert.deepStrictEqual(c.settings.rules, { K8S020: 'off', 'pss-privileged': 'warning' });
    assert.deepStrictEqual(c.exclude, ['charts/vendor/**', '*.generated.yaml']);
    assert.deepStrictEqual(c.settings.namespaces, { 'kube-system': { level: 'privileged', version: 'latest' } });
    assert.deepStrictEqual(c.settings.namespaceRules, { lab: { K8S003: 'off', K8S014: 'info' } });
    assert.strictEqual(c.settings.requireSuppressionReason, true);
  });

  it('reports each invalid entry at its position and ignores it; a syntax error falls back to defaults', () => {
    const text = 'podSecurity:\n  level: strict\nrules:\n  K8S999: off\n  K8S020: loud\nexclude:\n  - /etc/kubernetes\n  - ../sibling/**\n  - ok/**\nnamespaces:\n  lab:\n    level: nope\n    extra: 1\ncolour: red\n';
    const c = parseConfig(text);
    const f = configFindings(text, c);
    const lines = f.map((x) => x.range.start.line).sort((a, b) => a - b);
    assert.deepStrictEqual(lines, [1, 3, 4, 6, 7, 11, 12, 13]);
    assert.ok(f.every((x) => x.ruleId === 'K8S101' && x.severity === 'error' && x.fixes.length === 0));
    assert.match(f.find((x) => x.range.start.line === 1)!.message, /podSecurity\.level must be privileged, baseline or restricted, not "strict"/);
    assert.deepStrictEqual(f.find((x) => x.range.start.line === 1)!.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 15 } });
    assert.match(f.find((x) => x.range.start.line === 3)!.message, /unknown rule 'K8S999'/);
    assert.match(f.find((x) => x.range.start.line === 6)!.message, /points outside the workspace/);
    assert.match(f.find((x) => x.range.start.line === 7)!.message, /points outside the workspace/);
    assert.match(f.find((x) => x.range.start.line === 13)!.message, /Unknown setting 'colour'/);
    // the valid parts still apply
    assert.deepStrictEqual(c.exclude, ['ok/**']);
    assert.strictEqual(c.settings.podSecurity, undefined);
    // syntax error: one finding, no settings
    const bad = parseConfig('rules: [\n');
    assert.strictEqual(bad.errors.length, 1);
    assert.match(bad.errors[0].message, /Invalid \.palisade\.yaml: .*using defaults/);
    assert.deepStrictEqual(bad.settings, {});
    assert.strictEqual(parseConfig('- a\n- b\n').errors[0].message, 'Invalid .palisade.yaml: the top level must be a mapping; using defaults.');
  });

  it('exclude patterns may not leave the workspace', () => {
    for (const p of ['/etc', '~/x', 'C:\\\\x', 'a/../../b', '..', '..\\\\x']) assert.ok(escapesWorkspace(p), p);
    for (const p of ['charts/**', '*.yaml', 'a/b/', 'x..y/z']) assert.ok(!escapesWorkspace(p), p);
    assert.ok(globMatcher('charts/vendor/**').test('charts/vendor/a/b.yaml'));
    assert.ok(globMatcher('*.generated.yaml').test('deep/dir/x.generated.yaml'));
    assert.ok(!globMatcher('charts/vendor/**').test('charts/other/a.yaml'));
  });

  describe('workspace configuration is data only and cannot point outside the workspace', () => {
    const hostile = `exclude:
  - ../../etc/passwd
  - /etc/passwd
  - ~/.ssh/id_rsa
  - "C:\\\\Windows\\\\System32"
  - "\\\\\\\\server\\\\share"
  - ./../outside/**
  - a/../../b
  - "..\\\\..\\\\x"
  - inside/**
rules: {K8S003: ../../etc/passwd}
include: [../../etc]
ruleDirs: [/etc]
extends: ../shared/.palisade.yaml
podSecurity: {level: /etc/passwd, version: ../v1.29}
namespaces: {lab: {rules: {K8S003: /dev/zero}}}
`;
    it('every path-like value is refused or ignored with a diagnostic; only the inside pattern is kept', () => {
      const c = parseConfig(hostile);
      assert.deepStrictEqual(c.exclude, ['inside/**']);
      const out = c.errors.map((e) => e.message);
      assert.strictEqual(out.filter((m) => /points outside the workspace/.test(m)).length, 8, out.join('\n'));
      for (const k of ['include', 'ruleDirs', 'extends']) assert.ok(out.some((m) => m.startsWith(`Unknown setting '${k}'`)), k);
      assert.ok(out.some((m) => /rules\.K8S003 must be off, info, warning or error, not "\.\.\/\.\.\/etc\/passwd"/.test(m)));
      assert.deepStrictEqual(c.settings.rules, {});
      assert.strictEqual(c.settings.podSecurity, undefined);
      assert.ok(Object.values(c.settings.namespaceRules ?? {}).every((r) => Object.keys(r).length === 0), JSON.stringify(c.settings.namespaceRules));
      // the parsed settings hold no strings but rule severities and the kept pattern
      const strings: string[] = [];
      JSON.stringify(c.settings, (_k, v) => { if (typeof v === 'string') strings.push(v); return v; });
      assert.deepStrictEqual(strings, []);
    });

    it('reading the configuration touches no file (no setting is a path that is opened)', () => {
      const names = ['readFileSync', 'openSync', 'readdirSync', 'statSync', 'lstatSync', 'realpathSync', 'existsSync', 'accessSync', 'readFile', 'open', 'readdir', 'stat'] as const;
      const calls: string[] = [];
      const nodeFs = require('fs') as Record<string, unknown>; // the module object every importer shares
      const saved = names.map((n) => [n, nodeFs[n]] as const);
      for (const [n, f] of saved) nodeFs[n] = (...a: unknown[]) => { calls.push(`${n}(${String(a[0])})`); return (f as (...x: unknown[]) => unknown)(...a); };
      try {
        parseConfig(hostile);
        configFindings(hostile);
      } finally {
        for (const [n, f] of saved) nodeFs[n] = f;
      }
      assert.deepStrictEqual(calls, []);
    });

    it('a scan with a hostile configuration reads and reports only files inside the workspace', async () => {
      const outside = tmpdir({ 'secret.yaml': PRIV('outside') });
      const d = tmpdir({ '.palisade.yaml': hostile.replace('../outside/**', `../${path.basename(outside)}/**`) + `extra: ${outside}\n`, 'app/pod.yaml': PRIV() });
      const r = await run(['scan', '.', '--format', 'json'], d);
      const res = JSON.parse(r.out).results as { file: string }[];
      assert.deepStrictEqual(res.map((x) => x.file), ['app/pod.yaml']);
      assert.ok(!r.out.includes(outside) && !r.out.includes('secret'), 'nothing from outside the workspace');
      assert.match(r.err, /points outside the workspace/);
    });

    it('exclude patterns match without backtracking, as the regular expression they stand for', () => {
      // hostile patterns: these took 95 s and 3.7 s for one path as backtracking regular expressions
      assert.strictEqual(globMatcher('**/'.repeat(12) + 'x').test('a/' + 'b/'.repeat(12) + 'a'.repeat(20)), false);
      assert.strictEqual(globMatcher('*a'.repeat(12) + '*b').test('a'.repeat(28) + '.yaml'), false);
      assert.strictEqual(globMatcher('*a'.repeat(12) + '*b').test('x/' + 'a'.repeat(28) + 'b/y'), true);
      // the same answers as the regular expression on small inputs
      const glob = fc.array(fc.constantFrom('a', 'b', '.', '/', '*', '**', '?', '**/', '\\'), { maxLength: 8 }).map((x) => x.join(''));
      const p = fc.array(fc.constantFrom('a', 'b', '.', '/', 'ab', '\n'), { maxLength: 10 }).map((x) => x.join(''));
      fc.assert(fc.property(glob, p, (g, s) => {
        const re = globMatcher(g);
        assert.strictEqual(re.test(s), new RegExp(re.source).test(s), `${JSON.stringify(g)} on ${JSON.stringify(s)}`);
      }), { numRuns: 20000, seed: 46 });
    });

    it('a deeply nested or huge .palisade.yaml falls back to the defaults with one diagnostic', () => {
      for (const t of ['rules: ' + '['.repeat(10000) + ']'.repeat(10000) + '\n', 'exclude:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 1) + '-\n').join('')]) {
        const c = parseConfig(t);
        assert.deepStrictEqual(c.errors.map((e) => e.message), ['Invalid .palisade.yaml: it nests deeper than 400 levels; using defaults.']);
        assert.deepStrictEqual(c.settings, {});
      }
      const big = parseConfig('exclude: [' + 'a, '.repeat(300000) + ']\n');
      assert.deepStrictEqual(big.errors.map((e) => e.message), ['Invalid .palisade.yaml: it has more than 500,000 YAML tokens; using defaults.']);
    });
  });

  it('the JSON schema covers every top-level setting the parser knows, and package.json maps .palisade.yaml to it', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'palisade-config.schema.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(schema.properties).sort(), ['budgetMs', 'exclude', 'helm', 'images', 'namespaces', 'podSecurity', 'profile', 'requireSuppressionReason', 'rules']);
    assert.strictEqual(schema.additionalProperties, false);
    // every known key is accepted by the parser without errors
    assert.deepStrictEqual(parseConfig('budgetMs: 500\nrequireSuppressionReason: false\nnamespaces: {}\nrules: {}\nexclude: []\npodSecurity: {level: baseline}\nprofile: strict\nimages: {trustedRegistries: [registry.example.com]}\nhelm: {valuesFiles: {charts/web: [values-prod.yaml]}}\n').errors, []);
    assert.strictEqual(parseConfig('profile: strict\n').settings.profile, 'strict');
    assert.match(parseConfig('profile: loud\n').errors[0].message, /^profile must be default or strict, not "loud"/);
    const exPattern = new RegExp(schema.properties.exclude.items.not.pattern);
    assert.ok(exPattern.test('/etc') && exPattern.test('../x') && exPattern.test('a/../b') && !exPattern.test('charts/**'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const entry = pkg.contributes.yamlValidation.find((e: { fileMatch: string[] }) => e.fileMatch.includes('.palisade.yaml'));
    assert.ok(entry, 'contributes.yamlValidation maps .palisade.yaml');
    assert.ok(fs.existsSync(path.join(ROOT, entry.url)), entry.url);
  });

  describe('CLI', () => {
    it('loads ./.palisade.yaml: severities, excludes, namespace exemptions', async () => {
      const d = tmpdir({
        '.palisade.yaml': 'rules:\n  K8S003: warning\nexclude:\n  - vendor/\nnamespaces:\n  lab:\n    rules: {K8S003: off}\n',
        'app/pod.yaml': PRIV(),
        'lab/pod.yaml': PRIV('lab'),
        'vendor/pod.yaml': PRIV(),
      });
      const r = await run(['scan', '.', '--format', 'json'], d);
      assert.strictEqual(r.err, '');
      const res = JSON.parse(r.out).results as { file: string; findings: { ruleId: string; severity: string }[] }[];
      assert.deepStrictEqual(res.map((x) => x.file).sort(), ['app/pod.yaml', 'lab/pod.yaml']);
      const app = res.find((x) => x.file === 'app/pod.yaml')!;
      assert.deepStrictEqual(app.findings.filter((f) => f.ruleId === 'K8S003').map((f) => f.severity), ['warning']);
      const lab = res.find((x) => x.file === 'lab/pod.yaml')!;
      assert.ok(!lab.findings.some((f) => f.ruleId === 'K8S003'));
      assert.ok(lab.findings.some((f) => f.ruleId === 'K8S014'));
    });

    it('--config FILE; an invalid config is reported on stderr and the scan falls back to defaults', async () => {
      const d = tmpdir({ 'conf/p.yaml': 'podSecurity: {level: baseline}\n', 'pod.yaml': PRIV(), 'bad.yaml': 'podSecurity: {level: strict}\n' });
      const base = await run(['scan', 'pod.yaml', '--config', 'conf/p.yaml', '--format', 'json'], d);
      const ids = (JSON.parse(base.out).results[0].findings as { ruleId: string }[]).map((f) => f.ruleId);
      assert.ok(ids.includes('K8S003') && !ids.includes('K8S014'), 'baseline: no restricted findings');
      const bad = await run(['scan', 'pod.yaml', '--config', 'bad.yaml', '--format', 'json'], d);
      assert.match(bad.err, /bad\.yaml: podSecurity\.level must be privileged, baseline or restricted/);
      assert.ok((JSON.parse(bad.out).results[0].findings as { ruleId: string }[]).some((f) => f.ruleId === 'K8S014'), 'defaults (restricted) apply');
      const missing = await run(['scan', 'pod.yaml', '--config', 'nope.yaml'], d);
      assert.strictEqual(missing.code, 2);
    });
  });
});
