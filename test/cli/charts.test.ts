/** `palisade scan` over Helm charts (server/src/cli/charts.ts): rendered, analysed, findings on the template lines. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandCharts, chartRoots, ChartScanInput } from '../../server/src/cli/charts';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';
import { main, Io } from '../../server/src/cli/main';

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

describe('cli: scan --fix / --diff on Helm charts (values files fixed, templates never)', () => {
  async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
    const code = await main(args, io);
    return { code, out, err };
  }
  const TOYAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: "busybox:1.36"
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
`;
  const VALUES = `# defaults of the web chart
securityContext:
  # written by toYaml into the container
  privileged: true # for the debugger
  runAsUser: 10001
replicas: 1
`;
  const chart = (values = VALUES) => tree({
    'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'web/values.yaml': values,
    'web/templates/deployment.yaml': TOYAML,
  });
  const FIXED = `# defaults of the web chart
securityContext:
  # written by toYaml into the container
  privileged: false # for the debugger
  runAsUser: 10001
  allowPrivilegeEscalation: false
  runAsNonRoot: true
  seccompProfile:
    type: RuntimeDefault
  capabilities:
    drop:
      - ALL
  readOnlyRootFilesystem: true
replicas: 1
`;
  const ids = (json: string, file: string) => (JSON.parse(json).results as { file: string; findings: { ruleId: string; parts?: { ruleId: string }[] }[] }[])
    .filter((r) => r.file === file).flatMap((r) => r.findings.flatMap((f) => [f.ruleId, ...(f.parts ?? []).map((p) => p.ruleId)]));

  it('--fix --unsafe-fixes edits values.yaml in place (comments kept, same inode and mode), never the template; a re-scan has no K8S003', async () => {
    const d = chart();
    const values = path.join(d, 'web/values.yaml');
    fs.chmodSync(values, 0o640);
    const ino = fs.statSync(values).ino;
    const before = await run(['scan', 'web', '--format', 'json'], d);
    assert.ok(ids(before.out, 'web/values.yaml').includes('K8S003'), before.out);
    const r = await run(['scan', '--fix', '--unsafe-fixes', 'web', '--format', 'json'], d);
    assert.strictEqual(fs.readFileSync(values, 'utf8'), FIXED);
    assert.strictEqual(fs.statSync(values).ino, ino);
    assert.strictEqual(fs.statSync(values).mode & 0o777, 0o640);
    assert.strictEqual(fs.readFileSync(path.join(d, 'web/templates/deployment.yaml'), 'utf8'), TOYAML);
    assert.match(r.err, /applied \d+ fix\(es\) in 1 file\(s\)/);
    assert.ok(!/template not rendered|was not rendered/.test(r.err), r.err);
    // the report is of the fixed chart
    assert.ok(!ids(r.out, 'web/values.yaml').includes('K8S003'), r.out);
    const again = await run(['scan', 'web', '--format', 'json'], d);
    const all = (JSON.parse(again.out).results as { file: string }[]).flatMap((x) => ids(again.out, x.file));
    assert.ok(!all.includes('K8S003') && !all.includes('K8S014') && !all.includes('K8S015'), all.join(' '));
    assert.deepStrictEqual(fs.readdirSync(path.join(d, 'web')).sort(), ['Chart.yaml', 'templates', 'values.yaml']);
  });

  it('--fix keeps a CRLF values.yaml CRLF, the lines it adds included', async () => {
    const d = chart(VALUES.replace(/\n/g, '\r\n'));
    await run(['scan', '--fix', '--unsafe-fixes', 'web'], d);
    assert.strictEqual(fs.readFileSync(path.join(d, 'web/values.yaml'), 'utf8'), FIXED.replace(/\n/g, '\r\n'));
  });

  it('--fix without --unsafe-fixes applies only safe fixes (setting privileged: false is unsafe): values.yaml unchanged', async () => {
    const d = chart();
    const r = await run(['scan', '--fix', 'web'], d);
    assert.strictEqual(fs.readFileSync(path.join(d, 'web/values.yaml'), 'utf8'), VALUES);
    assert.match(r.err, /applied 0 fix\(es\) in 0 file\(s\)/);
  });

  it('--diff prints the values.yaml patch and changes nothing', async () => {
    const d = chart();
    const r = await run(['scan', '--diff', '--unsafe-fixes', 'web'], d);
    assert.strictEqual(fs.readFileSync(path.join(d, 'web/values.yaml'), 'utf8'), VALUES);
    const patch = r.out.slice(0, r.out.indexOf('\nweb/') + 1);
    assert.strictEqual(patch, `--- a/web/values.yaml
+++ b/web/values.yaml
@@ -1,6 +1,14 @@
 # defaults of the web chart
 securityContext:
   # written by toYaml into the container
-  privileged: true # for the debugger
+  privileged: false # for the debugger
   runAsUser: 10001
+  allowPrivilegeEscalation: false
+  runAsNonRoot: true
+  seccompProfile:
+    type: RuntimeDefault
+  capabilities:
+    drop:
+      - ALL
+  readOnlyRootFilesystem: true
 replicas: 1
`);
  });

  it('says which fixes were not applied: those on text the template writes itself', async () => {
    const d = tree({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'c/values.yaml': 'image: nginx:1.25\nprivileged: false\n',
      'c/templates/deploy.yaml': DEPLOY.replace('{{ include "mychart.name" . }}', 'c'),
    });
    const r = await run(['scan', '--fix', '--unsafe-fixes', 'c'], d);
    assert.strictEqual(fs.readFileSync(path.join(d, 'c/templates/deploy.yaml'), 'utf8'), DEPLOY.replace('{{ include "mychart.name" . }}', 'c'));
    assert.match(r.err, /c\/templates\/deploy\.yaml: not fixed: \d+ fix\(es\) of findings on text the template writes itself; templates are never edited/);
  });

  it('a chart that does not render is not fixed, and says so', async () => {
    const d = tree({ 'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'c/templates/a.yaml': 'kind: ConfigMap\ndata:\n  x: {{ required "x is required" .Values.x }}\n' });
    const r = await run(['scan', '--fix', 'c'], d);
    assert.match(r.err, /c\/Chart\.yaml: not fixed: Helm chart not analysed: it cannot be rendered [^]*x is required\n/);
  });

  it('-f extra.yaml: the value set there is fixed there when it is inside the scanned paths; outside them it is not written, and the CLI says so', async () => {
    const d = chart('securityContext:\n  runAsUser: 10001\n');
    fs.writeFileSync(path.join(d, 'extra.yaml'), '# production\nsecurityContext:\n  privileged: true\n');
    // extra.yaml is outside the scanned path web/: not written
    const out = await run(['scan', '--fix', '--unsafe-fixes', '-f', 'extra.yaml', 'web'], d);
    assert.strictEqual(fs.readFileSync(path.join(d, 'extra.yaml'), 'utf8'), '# production\nsecurityContext:\n  privileged: true\n');
    assert.match(out.err, /extra\.yaml: not fixed: it resolves to .*extra\.yaml, outside the scanned paths/);
    // scanning the folder that holds it: extra.yaml (the last file setting securityContext) gets the fixes, values.yaml none
    const r = await run(['scan', '--fix', '--unsafe-fixes', '-f', 'extra.yaml', '.'], d);
    assert.match(r.err, /applied 6 fix\(es\) in 1 file\(s\)/);
    assert.strictEqual(fs.readFileSync(path.join(d, 'extra.yaml'), 'utf8'), '# production\nsecurityContext:\n  privileged: false\n' + FIXED.slice(FIXED.indexOf('  allowPrivilegeEscalation'), FIXED.indexOf('replicas')));
    assert.strictEqual(fs.readFileSync(path.join(d, 'web/values.yaml'), 'utf8'), 'securityContext:\n  runAsUser: 10001\n');
    const again = await run(['scan', '-f', 'extra.yaml', '.', '--format', 'json'], d);
    assert.ok(!/"K8S003"/.test(again.out), again.out);
  });
});
