/** `palisade scan` over Helm charts (server/src/cli/charts.ts): rendered, analysed, findings on the template lines. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandCharts, chartRoots, ChartScanInput } from '../../server/src/cli/charts';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "mychart.name" . }}
spec:
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
        - name: app
          image: {{ .Values.image }}
          securityContext:
            privileged: {{ .Values.privileged }}
`;

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-charts-'));
  for (const [p, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), t);
  }
  return dir;
}

function scan(dir: string, names: string[]) {
  const inputs: ChartScanInput[] = names.map((f) => ({ file: f, path: path.join(dir, f) }));
  const ex = expandCharts(inputs, dir, undefined, 0);
  const srcs = ex.inputs.filter((i) => i.error === undefined).map((i) => ({ file: i.file, text: i.text ?? fs.readFileSync(i.path!, 'utf8') }));
  const results = scanTexts(srcs, defaultSettings()).map(ex.remap);
  return { ex, results: [...results, ...ex.flush()] };
}

describe('cli: scanning Helm charts', () => {
  const dir = tree({
    'mychart/Chart.yaml': 'apiVersion: v2\nname: mychart\nversion: 0.1.0\n',
    'mychart/values.yaml': 'image: nginx:1.25\nprivileged: true\n',
    'mychart/templates/_helpers.tpl': '{{- define "mychart.name" -}}{{ .Chart.Name }}{{- end -}}\n',
    'mychart/templates/deploy.yaml': DEPLOY,
    'mychart/crds/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: xs.example.com\n',
    'mychart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'loose.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  });
  const names = ['loose.yaml', 'mychart/Chart.yaml', 'mychart/values.yaml', 'mychart/templates/deploy.yaml', 'mychart/crds/crd.yaml', 'mychart/charts/sub/Chart.yaml'];

  it('finds the outermost chart folders only', () => {
    assert.deepStrictEqual(chartRoots(names.map((n) => path.join(dir, n))), [path.join(dir, 'mychart')]);
  });

  it('scans what the chart renders instead of its files; crds/ and loose files stay', () => {
    const { ex } = scan(dir, names);
    assert.deepStrictEqual(ex.inputs.map((i) => i.file), ['loose.yaml', 'mychart/crds/crd.yaml', 'mychart/templates/deploy.yaml']);
    const rendered = ex.inputs.find((i) => i.file === 'mychart/templates/deploy.yaml')!;
    assert.match(rendered.text!, /name: mychart\n[^]*privileged: true\n/);
  });

  it('reports a finding on template text on the template line that produced it, display-only, naming the template', () => {
    const { results } = scan(dir, names);
    const r = results.find((x) => x.file === 'mychart/templates/deploy.yaml')!;
    // automountServiceAccountToken is missing from the pod spec: "    spec:" is template text, line 13 (index 12)
    const sa = r.findings.find((f) => f.ruleId === 'K8S028');
    assert.ok(sa, `no K8S028 in ${r.findings.map((f) => f.ruleId)}`);
    assert.deepStrictEqual(sa!.range.start, { line: 12, character: 4 });
    assert.deepStrictEqual(sa!.fixes, []);
    assert.match(sa!.message, /\[rendered by Helm from mychart\/templates\/deploy\.yaml\]$/);
    assert.deepStrictEqual(sa!.resource!.provenance, { renderer: 'helm', chart: 'mychart', chartDir: 'mychart', template: { file: 'mychart/templates/deploy.yaml', range: sa!.range } });
    for (const f of r.findings) assert.ok(f.range.start.line < DEPLOY.split('\n').length, `${f.ruleId} outside the template`);
    assert.ok(!r.findings.some((f) => f.ruleId === 'K8S003'), 'K8S003 is on the values line, not the template');
  });

  it('reports a finding on a value printed by {{ .Values.x }} on the values.yaml line, its fix editing values.yaml', () => {
    const { results } = scan(dir, names);
    const r = results.find((x) => x.file === 'mychart/values.yaml')!;
    const priv = r.findings.find((f) => f.ruleId === 'K8S003')!;
    // "privileged: true" is line 2 (index 1) of values.yaml: the key and its value
    assert.deepStrictEqual(priv.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 16 } });
    assert.match(priv.message, /\[rendered by Helm from mychart\/templates\/deploy\.yaml; the value is set in mychart\/values\.yaml\]$/);
    assert.deepStrictEqual(priv.related?.[0], { file: 'mychart/templates/deploy.yaml', range: { start: { line: 17, character: 12 }, end: { line: 17, character: 48 } }, message: 'rendered by Helm from mychart/templates/deploy.yaml, with privileged of the values' });
    assert.deepStrictEqual(priv.fixes.map((f) => [f.title, f.edits]), [['Set privileged: false', [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 16 } }, newText: 'false' }]]]);
    assert.deepStrictEqual(priv.resource!.provenance!.values, { file: 'mychart/values.yaml', range: priv.range, path: 'privileged' });
  });

  it('a template named on its own is rendered with its chart, and only it is reported', () => {
    const { ex, results } = scan(dir, ['mychart/templates/deploy.yaml']);
    assert.deepStrictEqual(ex.inputs.map((i) => i.file), ['mychart/templates/deploy.yaml']);
    assert.match(ex.inputs[0].text!, /privileged: true/);
    assert.ok(results[0].findings.some((f) => f.ruleId === 'K8S028' && f.range.start.line === 12));
    // its privileged: true comes from values.yaml, and is reported there
    assert.deepStrictEqual(results.map((r) => r.file), ['mychart/templates/deploy.yaml', 'mychart/values.yaml']);
    assert.ok(results[1].findings.some((f) => f.ruleId === 'K8S003' && f.range.start.line === 1));
  });

  it('a chart that cannot be rendered is a not-analysed error on its Chart.yaml, and its templates are not scanned loose', () => {
    const bad = tree({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'c/templates/a.yaml': 'kind: ConfigMap\ndata:\n  x: {{ required "x is required" .Values.x }}\n',
    });
    const { ex } = scan(bad, ['c/Chart.yaml', 'c/templates/a.yaml']);
    assert.strictEqual(ex.inputs.length, 1);
    assert.strictEqual(ex.inputs[0].file, 'c/Chart.yaml');
    assert.match(ex.inputs[0].error!, /^Helm chart not analysed: [^]*execution error at \(c\/templates\/a\.yaml:3:8\): x is required/);
  });
});
