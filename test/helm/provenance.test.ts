/**
 * Findings on the source of a rendered chart (#21): a value that came from values.yaml, printed by
 * `{{ .Values.x }}` or written by `toYaml .Values.x`, is reported on its values line, its scalar fixes edit the
 * values file; and `palisade scan`'s chart options (-f, --set, --set-string, --release-name, --namespace).
 * The fixture chart (test/helm/fixtures/provenance) was written for these tests.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';
import { helmTemplate } from '../../server/src/engine/helm/chart';
import { readChartDir } from '../../server/src/cli/render';
import { renderedValueAt, locateValue } from '../../server/src/engine/helm/provenance';
import { applyTextEdits } from '../../server/src/engine/text';
import { expandCharts, ChartScanInput } from '../../server/src/cli/charts';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

const FIXTURE = path.join(__dirname, 'fixtures', 'provenance');

interface JFinding { ruleId: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; resource: { name: string; namespace: string; provenance?: Record<string, unknown> }; fixes: { title: string }[]; related?: { file: string; range: JFinding['range'] }[] }
interface JResult { file: string; findings: JFinding[]; errors: { message: string }[] }

async function scan(cwd: string, ...args: string[]): Promise<{ code: number; results: JResult[]; err: string }> {
  let out = '', err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  const code = await main(['scan', 'chart', '--format', 'json', '--profile', 'strict', ...args], io);
  return { code, results: out ? JSON.parse(out).results : [], err };
}
const find = (rs: JResult[], file: string, rule: string) => rs.find((r) => r.file === file)?.findings.filter((f) => f.ruleId === rule) ?? [];
const all = (rs: JResult[], rule: string) => rs.flatMap((r) => r.findings.filter((f) => f.ruleId === rule).map((f) => ({ file: r.file, f })));

describe('helm: findings on the values line (values provenance)', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-prov-'));
    fs.cpSync(FIXTURE, path.join(dir, 'chart'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the renderer tags what an action printed from the values: a scalar, or the YAML of a map (toYaml)', () => {
    const r = helmTemplate(readChartDir(FIXTURE));
    const t = r.templates!.find((x) => x.source === 'prov/templates/deployment.yaml')!;
    const tagged = t.chunks.filter((c) => c.values).map((c) => [t.text.slice(c.start, c.end), c.values]);
    assert.deepStrictEqual(tagged, [
      ['latest', { path: ['image', 'tag'], tree: false }],
      ['\n            privileged: true\n            runAsUser: 10001', { path: ['securityContext'], tree: true }],
    ]);
    // a position inside toYaml's output continues the path with the keys written there
    const at = renderedValueAt(t, t.text.indexOf('privileged'))!;
    assert.deepStrictEqual(at.path, ['securityContext', 'privileged']);
    assert.strictEqual(t.text.slice(at.start, at.end), 'true');
    const place = locateValue(at.path, { user: [], chart: [{ file: 'values.yaml', text: fs.readFileSync(path.join(FIXTURE, 'values.yaml'), 'utf8'), prefix: [] }] });
    assert.ok(place && 'file' in place);
    assert.strictEqual(place.text.slice(place.keyStart, place.end), 'privileged: true');
  });

  it('`with` and variables keep the tag; a value the template changed (default, printf) is not tagged', () => {
    const r = helmTemplate({
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'values.yaml': 'a:\n  b: x\n  e: ""\n',
      'templates/t.yaml': '{{- with .Values.a }}w: {{ .b | quote }}{{ end }}\n{{- $v := .Values.a }}\nv: {{ $v.b }}\nd: {{ .Values.a.e | default "y" }}\np: {{ printf "%s-z" .Values.a.b }}\n',
    });
    const t = r.templates![0];
    assert.deepStrictEqual(t.chunks.filter((c) => c.values).map((c) => [t.text.slice(c.start, c.end), c.values!.path.join('.')]), [['"x"', 'a.b'], ['x', 'a.b']]);
  });

  it('privileged: true written by toYaml is reported on its values.yaml line; the fix edits values.yaml and the re-render has no finding', async () => {
    const { code, results } = await scan(dir);
    assert.strictEqual(code, 1);
    const [priv] = find(results, path.join('chart', 'values.yaml'), 'K8S003');
    assert.ok(priv, JSON.stringify(results.map((r) => [r.file, r.findings.map((f) => f.ruleId)])));
    // line 6 (index 5): "  privileged: true"
    assert.deepStrictEqual(priv.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 18 } });
    assert.strictEqual(all(results, 'K8S003').length, 1, 'only on the values line');
    assert.deepStrictEqual(priv.resource.provenance, {
      renderer: 'helm', chart: 'prov', chartDir: 'chart',
      template: { file: path.join('chart', 'templates', 'deployment.yaml'), range: { start: { line: 19, character: 16 }, end: { line: 19, character: 62 } } },
      values: { file: path.join('chart', 'values.yaml'), range: priv.range, path: 'securityContext.privileged' },
    });
    assert.deepStrictEqual(priv.related?.[0].file, path.join('chart', 'templates', 'deployment.yaml'));
    assert.deepStrictEqual(priv.fixes.map((f) => f.title), ['Set privileged: false']);

    // the fix, as the editor applies it (edits of the finding's file: values.yaml), keeps the comments
    const ex = expandCharts<ChartScanInput>([{ file: 'chart/Chart.yaml', path: path.join(dir, 'chart', 'Chart.yaml') }], dir, undefined, 0);
    for (const r of scanTexts(ex.inputs.filter((i) => i.text !== undefined).map((i) => ({ file: i.file, text: i.text! })), defaultSettings())) ex.remap(r);
    const moved = ex.flush().find((r) => r.file === path.join('chart', 'values.yaml'))!.findings.find((f) => f.ruleId === 'K8S003')!;
    const valuesPath = path.join(dir, 'chart', 'values.yaml');
    const before = fs.readFileSync(valuesPath, 'utf8');
    const after = applyTextEdits(before, moved.fixes[0].edits);
    assert.strictEqual(after, before.replace('privileged: true', 'privileged: false'));
    fs.writeFileSync(valuesPath, after);
    const again = await scan(dir);
    assert.deepStrictEqual(all(again.results, 'K8S003'), []);
  });

  it('a setting missing from a map toYaml wrote from the values: the fix adds it to that map in values.yaml', async () => {
    const remapped = () => {
      const ex = expandCharts<ChartScanInput>([{ file: 'chart/Chart.yaml', path: path.join(dir, 'chart', 'Chart.yaml') }], dir, undefined, 0);
      const tpl = scanTexts(ex.inputs.filter((i) => i.text !== undefined).map((i) => ({ file: i.file, text: i.text! })), { ...defaultSettings(), profile: 'strict' }).map(ex.remap);
      return [...tpl, ...ex.flush()];
    };
    const values = remapped().find((r) => r.file === path.join('chart', 'values.yaml'))!;
    const nonRoot = values.findings.find((f) => f.ruleId === 'K8S015')!;
    // on the securityContext key of values.yaml (line 4, index 3), the map toYaml printed
    assert.deepStrictEqual(nonRoot.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 15 } });
    assert.deepStrictEqual(nonRoot.fixes.map((f) => f.title), ["Set runAsNonRoot: true in container 'web''s securityContext"], 'the pod-level fix edits rendered text only: dropped');
    const valuesPath = path.join(dir, 'chart', 'values.yaml');
    const before = fs.readFileSync(valuesPath, 'utf8');
    const after = applyTextEdits(before, nonRoot.fixes[0].edits);
    assert.strictEqual(after, before.replace('  runAsUser: 10001\n', '  runAsUser: 10001\n  runAsNonRoot: true\n'));
    fs.writeFileSync(valuesPath, after);
    // nested entries keep their shape: capabilities.drop [ALL]
    const caps = remapped().find((r) => r.file === path.join('chart', 'values.yaml'))!.findings.find((f) => f.ruleId === 'K8S018')!;
    fs.writeFileSync(valuesPath, applyTextEdits(after, caps.fixes[0].edits));
    assert.match(fs.readFileSync(valuesPath, 'utf8'), /\n {2}runAsNonRoot: true\n {2}capabilities:\n {4}drop:\n {6}- ALL\n$/);
    const again = remapped().flatMap((r) => r.findings.map((f) => f.ruleId));
    assert.ok(!again.includes('K8S015') && !again.includes('K8S018'), again.join(','));
  });

  it('image: "busybox:{{ .Values.image.tag }}" with tag latest is reported on the tag line of values.yaml', async () => {
    const { results } = await scan(dir);
    const [latest] = find(results, path.join('chart', 'values.yaml'), 'K8S035');
    assert.ok(latest);
    // line 3 (index 2): "  tag: latest # ..."
    assert.deepStrictEqual(latest.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } });
    assert.strictEqual((latest.resource.provenance!.values as { path: string }).path, 'image.tag');
    assert.deepStrictEqual(all(results, 'K8S035').map((x) => x.file), [path.join('chart', 'values.yaml')]);
  });

  it('a subchart value: on the parent values.yaml line that overrides it, else on the subchart values.yaml line', () => {
    const sub = path.join(dir, 'chart', 'charts', 'sub');
    fs.mkdirSync(path.join(sub, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(sub, 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
    fs.writeFileSync(path.join(sub, 'values.yaml'), 'sc:\n  privileged: true\n  runAsUser: 10001\n');
    fs.writeFileSync(path.join(sub, 'templates', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext:\n        {{- toYaml .Values.sc | nindent 8 }}\n');
    const k8s003 = () => {
      const ex = expandCharts<ChartScanInput>([{ file: 'chart/Chart.yaml', path: path.join(dir, 'chart', 'Chart.yaml') }], dir, undefined, 0);
      const res = [...scanTexts(ex.inputs.filter((i) => i.text !== undefined).map((i) => ({ file: i.file, text: i.text! })), defaultSettings()).map(ex.remap), ...ex.flush()];
      return res.flatMap((r) => r.findings.filter((f) => f.ruleId === 'K8S003' && f.resource?.name === 'p').map((f) => [r.file, f.range.start.line, f.resource!.provenance!.template.file]));
    };
    const tpl = path.join('chart', 'charts', 'sub', 'templates', 'pod.yaml');
    assert.deepStrictEqual(k8s003(), [[path.join('chart', 'charts', 'sub', 'values.yaml'), 1, tpl]]);
    const valuesPath = path.join(dir, 'chart', 'values.yaml');
    fs.appendFileSync(valuesPath, 'sub:\n  sc:\n    privileged: true\n');
    const line = fs.readFileSync(valuesPath, 'utf8').split('\n').indexOf('    privileged: true');
    assert.deepStrictEqual(k8s003(), [[path.join('chart', 'values.yaml'), line, tpl]]);
  });

  it('a # palisade-ignore comment in values.yaml suppresses the finding moved there', async () => {
    const valuesPath = path.join(dir, 'chart', 'values.yaml');
    fs.writeFileSync(valuesPath, fs.readFileSync(valuesPath, 'utf8').replace('  privileged: true', '  # palisade-ignore K8S003 -- a test of the suppression\n  privileged: true'));
    const { results } = await scan(dir);
    assert.deepStrictEqual(all(results, 'K8S003'), []);
    assert.strictEqual(find(results, path.join('chart', 'values.yaml'), 'K8S035').length, 1, 'the other findings stay');
  });

  it('a finding on template text stays on the template line, with its fixes display-only (none)', async () => {
    const { results } = await scan(dir);
    const [seccomp] = find(results, path.join('chart', 'templates', 'deployment.yaml'), 'K8S049');
    assert.ok(seccomp, 'the pod spec has no securityContext: template text');
    assert.deepStrictEqual(seccomp.fixes, []);
    assert.strictEqual((seccomp.resource.provenance as { values?: unknown }).values, undefined);
  });

  it('--set securityContext.privileged=false removes the finding; =null deletes the key and so the finding', async () => {
    assert.deepStrictEqual(all((await scan(dir, '--set', 'securityContext.privileged=false')).results, 'K8S003'), []);
    assert.deepStrictEqual(all((await scan(dir, '--set', 'securityContext.privileged=null')).results, 'K8S003'), []);
    // Helm's strvals: a later --set wins, escapes and lists are the renderer's parser
    assert.deepStrictEqual(all((await scan(dir, '--set', 'securityContext.privileged=false', '--set', 'securityContext.privileged=true')).results, 'K8S003').length, 1);
  });

  it('a value set by --set is reported on the template line and says which --set', async () => {
    fs.writeFileSync(path.join(dir, 'chart', 'values.yaml'), 'image:\n  tag: "1.36"\nsecurityContext:\n  privileged: false\n');
    const { results } = await scan(dir, '--set', 'securityContext.privileged=true');
    const [priv] = all(results, 'K8S003');
    assert.strictEqual(priv.file, path.join('chart', 'templates', 'deployment.yaml'));
    assert.match(priv.f.message, /\(the value is set by --set securityContext\.privileged=true\)$/);
    assert.deepStrictEqual((priv.f.resource.provenance as { values: unknown }).values, { set: '--set securityContext.privileged=true', path: 'securityContext.privileged' });
  });

  it('-f files: a later one wins, and the finding is on the line of the file that set the value', async () => {
    fs.writeFileSync(path.join(dir, 'off.yaml'), 'securityContext:\n  privileged: false\n');
    fs.writeFileSync(path.join(dir, 'on.yaml'), '# production\nsecurityContext:\n  privileged: true\n');
    assert.deepStrictEqual(all((await scan(dir, '-f', 'off.yaml')).results, 'K8S003'), []);
    const { results } = await scan(dir, '-f', 'off.yaml', '--values', 'on.yaml');
    const hits = all(results, 'K8S003');
    assert.deepStrictEqual(hits.map((h) => [h.file, h.f.range.start]), [['on.yaml', { line: 2, character: 2 }]]);
    assert.deepStrictEqual(all((await scan(dir, '-f', 'on.yaml', '-f', 'off.yaml')).results, 'K8S003'), []);
  });

  it('--release-name and --namespace are applied to the rendered objects', async () => {
    const { results } = await scan(dir, '--release-name', 'prod', '--namespace', 'shop');
    const [priv] = all(results, 'K8S003');
    assert.strictEqual(priv.f.resource.name, 'prod-web');
    assert.strictEqual(priv.f.resource.namespace, 'shop');
    assert.match(priv.f.message, /Deployment 'prod-web'/);
    // the values file's results come after the chart's templates, before the inputs that sort after the chart
    fs.writeFileSync(path.join(dir, 'chart2.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n');
    let out = '';
    await main(['scan', 'chart', 'chart2.yaml', '--format', 'json'], { out: (s) => { out += s; }, err: () => undefined, cwd: dir, isTTY: false });
    assert.deepStrictEqual(JSON.parse(out).results.map((r: JResult) => r.file), [path.join('chart', 'templates', 'deployment.yaml'), path.join('chart', 'values.yaml'), 'chart2.yaml']);
  });

  it('a -f file that cannot be read or parsed is an error that fails the scan; a bad --set is a usage error', async () => {
    // with nothing else to scan, nothing could be scanned: exit 2, as for any unreadable input
    const missing = await scan(dir, '-f', 'nope.yaml');
    assert.strictEqual(missing.code, 2);
    assert.match(missing.results.find((r) => r.file === 'nope.yaml')!.errors[0].message, /values file given with --values not read/);
    assert.match(missing.results.find((r) => r.file === path.join('chart', 'Chart.yaml'))!.errors[0].message, /^Helm chart not analysed: the values file nope\.yaml given with --values could not be read/);
    assert.deepStrictEqual(all(missing.results, 'K8S003'), [], 'the chart is not rendered without the file');

    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'securityContext: [\n');
    fs.writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n');
    const bad = await scan(dir, '-f', 'bad.yaml', 'pod.yaml');
    assert.strictEqual(bad.code, 1, 'a chart not analysed fails the scan');
    assert.match(bad.results.find((r) => r.file === path.join('chart', 'Chart.yaml'))!.errors[0].message, /^Helm chart not analysed: [^]*failed to parse bad\.yaml/);

    const usage = await scan(dir, '--set', 'a[x]=1');
    assert.strictEqual(usage.code, 2);
    assert.match(usage.err, /failed parsing --set data: error parsing index/);
  });
});
