/**
 * `.palisade.yaml` helm.valuesFiles (#21): read into the settings (chart folders normalised), bad shapes reported
 * as K8S101 at their place (the valid entries still apply), the schema agreeing with the parser, and palisade scan
 * rendering a chart with them when no -f is given (-f wins), a missing or unparsable one failing the scan.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig, configFindings } from '../../server/src/engine/config';
import { main, Io } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-helmcfg-'));
  for (const [p, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), t);
  }
  return dir;
}

const DEPLOY = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  automountServiceAccountToken: false
  containers:
    - name: web
      image: nginx:1.25
      securityContext:
        privileged: {{ .Values.privileged }}
`;

describe('.palisade.yaml helm.valuesFiles (#21)', () => {
  it('is read into the settings: chart folders normalised, files in order', () => {
    const c = parseConfig('helm:\n  valuesFiles:\n    ./charts/web/: [values-prod.yaml, ../shared/values.yaml]\n    .: [values-ci.yaml]\n');
    assert.deepStrictEqual(c.errors, []);
    assert.deepStrictEqual(c.settings.helm, { valuesFiles: { 'charts/web': ['values-prod.yaml', '../shared/values.yaml'], '.': ['values-ci.yaml'] } });
    assert.strictEqual(parseConfig('rules: {}\n').settings.helm, undefined);
  });

  it('reports bad shapes as K8S101 at their place; the valid entries still apply', () => {
    const text = [
      'helm:',
      '  valuesFiles:',
      '    ../outside: [a.yaml]',
      '    /abs: [a.yaml]',
      '    web: values-prod.yaml',
      '    api:',
      '      - /etc/passwd',
      '      - ../../escape.yaml',
      '      - 42',
      '      - values-prod.yaml',
      '  colour: red',
      '',
    ].join('\n');
    const c = parseConfig(text);
    const f = configFindings(text, c);
    assert.ok(f.length && f.every((x) => x.ruleId === 'K8S101' && x.severity === 'error'));
    const at = (line: number) => f.filter((x) => x.range.start.line === line).map((x) => x.message);
    assert.deepStrictEqual(f.map((x) => x.range.start.line).sort((a, b) => a - b), [2, 3, 4, 6, 7, 8, 10]);
    assert.match(at(2)[0], /^helm\.valuesFiles: chart folder '\.\.\/outside' points outside the workspace/);
    assert.match(at(3)[0], /^helm\.valuesFiles: chart folder '\/abs' points outside the workspace/);
    assert.match(at(4)[0], /^helm\.valuesFiles\["web"\] must be a list of values files relative to the chart folder/);
    assert.match(at(6)[0], /^helm\.valuesFiles\["api"\]\[0\] '\/etc\/passwd' points outside the workspace/);
    assert.match(at(7)[0], /^helm\.valuesFiles\["api"\]\[1\] '\.\.\/\.\.\/escape\.yaml' points outside the workspace/);
    assert.match(at(8)[0], /^helm\.valuesFiles\["api"\]\[2\] must be a non-empty path/);
    assert.match(at(10)[0], /^Unknown setting helm\.colour \(known: valuesFiles\)/);
    assert.deepStrictEqual(c.settings.helm, { valuesFiles: { api: ['values-prod.yaml'] } });
    for (const bad of ['helm: [a]\n', 'helm: {valuesFiles: [a.yaml]}\n']) {
      const e = parseConfig(bad).errors;
      assert.strictEqual(e.length, 1, bad);
      assert.match(e[0].message, /^helm(\.valuesFiles)? must/);
    }
  });

  it('the schema describes helm.valuesFiles as the parser reads it', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'palisade-config.schema.json'), 'utf8'));
    const vf = schema.properties.helm.properties.valuesFiles;
    assert.strictEqual(schema.properties.helm.additionalProperties, false);
    const key = new RegExp(vf.propertyNames.not.pattern);
    assert.ok(key.test('../x') && key.test('/abs') && key.test('a/../b') && !key.test('charts/web') && !key.test('.'));
    assert.strictEqual(vf.additionalProperties.type, 'array');
    const item = new RegExp(vf.additionalProperties.items.not.pattern);
    assert.ok(item.test('/etc/x') && !item.test('values-prod.yaml') && !item.test('../shared/values.yaml'));
  });

  describe('palisade scan', () => {
    const chart = (config: string, extra: Record<string, string> = {}) => tree({
      '.palisade.yaml': config,
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'charts/web/values.yaml': 'privileged: false\n',
      'charts/web/templates/pod.yaml': DEPLOY,
      ...extra,
    });
    const k8s003 = (json: string) => (JSON.parse(json).results as { file: string; findings: { ruleId: string; range: { start: { line: number } } }[] }[])
      .flatMap((r) => r.findings.filter((f) => f.ruleId === 'K8S003').map((f) => `${r.file}:${f.range.start.line + 1}`));
    const CONFIG = 'helm:\n  valuesFiles:\n    charts/web: [values-prod.yaml]\n';

    it('renders a chart with the values files .palisade.yaml names for it; findings on their lines', async () => {
      const d = chart(CONFIG, { 'charts/web/values-prod.yaml': '# production\nprivileged: true\n' });
      const r = await run(['scan', '.', '--format', 'json'], d);
      assert.deepStrictEqual(k8s003(r.out), ['charts/web/values-prod.yaml:2']);
      // without the configuration, values-prod.yaml is not used
      fs.writeFileSync(path.join(d, '.palisade.yaml'), 'rules: {}\n');
      assert.deepStrictEqual(k8s003((await run(['scan', '.', '--format', 'json'], d)).out), []);
    });

    it('-f wins over them (an explicit choice): the configured files are not used', async () => {
      const d = chart(CONFIG, { 'charts/web/values-prod.yaml': 'privileged: true\n', 'other.yaml': 'image: x\n' });
      const r = await run(['scan', '.', '-f', 'other.yaml', '--format', 'json'], d);
      assert.deepStrictEqual(k8s003(r.out), []);
    });

    it('--fix edits the configured values file that sets the value', async () => {
      const d = chart(CONFIG, { 'charts/web/values-prod.yaml': '# production\nprivileged: true # why\n' });
      const r = await run(['scan', '--fix', '--unsafe-fixes', '.'], d);
      assert.match(r.err, /applied 1 fix\(es\) in 1 file\(s\)/);
      assert.strictEqual(fs.readFileSync(path.join(d, 'charts/web/values-prod.yaml'), 'utf8'), '# production\nprivileged: false # why\n');
      assert.strictEqual(fs.readFileSync(path.join(d, 'charts/web/values.yaml'), 'utf8'), 'privileged: false\n');
    });

    it('a missing or unparsable one fails the scan: the chart is not analysed, and says why', async () => {
      const missing = await run(['scan', '.', '--format', 'json'], chart(CONFIG));
      // nothing of the scan was analysed: exit 2, as for a -f file that cannot be read
      assert.strictEqual(missing.code, 2);
      const e1 = (JSON.parse(missing.out).results as { file: string; errors: { message: string }[] }[]).find((x) => x.file === 'charts/web/Chart.yaml')!;
      assert.match(e1.errors[0].message, /^Helm chart not analysed: the values file charts\/web\/values-prod\.yaml named in \.palisade\.yaml \(helm\.valuesFiles of charts\/web\) could not be read/);
      const bad = await run(['scan', '.', '--format', 'json'], chart(CONFIG, { 'charts/web/values-prod.yaml': 'privileged: [true\n' }));
      assert.strictEqual(bad.code, 2);
      const e2 = (JSON.parse(bad.out).results as { file: string; errors: { message: string }[] }[]).find((x) => x.file === 'charts/web/Chart.yaml')!;
      assert.match(e2.errors[0].message, /^Helm chart not analysed: [^]*failed to parse charts\/web\/values-prod\.yaml/);
    });

    it('a values file that resolves outside the folder of .palisade.yaml (a symbolic link) is not read', async () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-outside-'));
      fs.writeFileSync(path.join(outside, 'v.yaml'), 'privileged: true\n');
      const d = chart(CONFIG);
      fs.symlinkSync(path.join(outside, 'v.yaml'), path.join(d, 'charts/web/values-prod.yaml'));
      const r = await run(['scan', '.', '--format', 'json'], d);
      assert.strictEqual(r.code, 2);
      assert.match(r.out, /Helm chart not analysed: the values file charts\/web\/values-prod\.yaml named in \.palisade\.yaml[^"]*could not be read \([^"]*resolves outside/);
    });
  });
});
