/** Helm charts in the editor: templates get the findings of what the chart renders, live, unsaved buffers included (issue 21). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionRequest, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient } from './client';
import { chartRootOf } from '../../server/src/lsp/charts';

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\n';
const VALUES = 'image: nginx:1.25\nprivileged: true\n';
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  template:
    spec:
      containers:
      - name: web
        image: {{ .Values.image }}
        securityContext:
          privileged: {{ .Values.privileged }}
`;

describe('Helm charts in the editor', function () {
  this.timeout(60000);
  let c: TestClient | undefined;
  let dir: string;
  const file = (rel: string, text: string) => { const p = path.join(dir, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return pathToFileURL(p).toString(); };
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-chart-')); });
  afterEach(async () => { await c?.stop(); c = undefined; fs.rmSync(dir, { recursive: true, force: true }); });

  it('finds the chart of a file: the outermost chart, through charts/ subcharts', () => {
    file('web/Chart.yaml', CHART);
    file('web/charts/db/Chart.yaml', CHART.replace('web', 'db'));
    assert.strictEqual(chartRootOf(path.join(dir, 'web/templates/d.yaml')), path.join(dir, 'web'));
    assert.strictEqual(chartRootOf(path.join(dir, 'web/charts/db/templates/d.yaml')), path.join(dir, 'web'));
    assert.strictEqual(chartRootOf(path.join(dir, 'other/d.yaml')), undefined);
  });

  it('a template gets the findings of the rendered chart on its own lines, and a values change re-renders it', async () => {
    file('web/Chart.yaml', CHART);
    const valuesUri = file('web/values.yaml', VALUES);
    const tplUri = file('web/templates/deployment.yaml', DEPLOY);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    c.open(tplUri, DEPLOY);
    const p = await c.nextDiagnostics(tplUri, 1);
    // automountServiceAccountToken missing from the pod spec: template text ("    spec:", line index 6)
    const sa = p.diagnostics.find((d) => d.code === 'K8S028');
    assert.ok(sa, JSON.stringify(p.diagnostics.map((d) => [d.code, d.message])));
    assert.strictEqual(sa!.range.start.line, 6, 'on the template line that wrote it');
    assert.ok(!p.diagnostics.some((d) => /template that was not rendered/.test(d.message)), 'the template is rendered, not skipped');
    assert.match(sa!.message, /rendered by Helm from web\/templates\/deployment\.yaml/);
    assert.ok(!p.diagnostics.some((d) => d.code === 'K8S003'), 'privileged: true is set in values.yaml, and reported there');
    // the value printed by {{ .Values.privileged }}: on its values.yaml line, with a quick fix editing values.yaml
    c.open(valuesUri, VALUES);
    const v = await c.nextDiagnostics(valuesUri, 1);
    const priv = v.diagnostics.find((d) => d.code === 'K8S003');
    assert.ok(priv, JSON.stringify(v.diagnostics.map((d) => [d.code, d.message])));
    assert.deepStrictEqual(priv!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 16 } });
    assert.deepStrictEqual(priv!.relatedInformation?.[0].location, { uri: tplUri, range: { start: { line: 11, character: 10 }, end: { line: 11, character: 46 } } });
    const actions = (await c.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: valuesUri }, range: priv!.range, context: { diagnostics: [priv!] } })) as { title: string; edit?: { changes?: Record<string, unknown[]> } }[];
    const set = actions.find((a) => a.title.startsWith('Set privileged: false'));
    assert.deepStrictEqual(set?.edit?.changes, { [valuesUri]: [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 16 } }, newText: 'false' }] }, JSON.stringify(actions));
    // typing in values.yaml (unsaved) re-renders the chart and republishes its findings
    c.change(valuesUri, 2, [{ text: VALUES.replace('privileged: true', 'privileged: false') }]);
    for (let i = 0; i < 10; i++) {
      const q = await c.nextDiagnostics(valuesUri, undefined, 10000);
      if (!q.diagnostics.some((d) => d.code === 'K8S003')) return;
    }
    assert.fail('K8S003 still reported after privileged: false in the unsaved values.yaml');
  });

  it('a chart that cannot be rendered is an error on the file being edited', async () => {
    file('web/Chart.yaml', CHART);
    file('web/values.yaml', VALUES);
    const broken = DEPLOY.replace('{{ .Values.image }}', '{{ .Values.image | nosuchfunction }}');
    const tplUri = file('web/templates/deployment.yaml', broken);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    c.open(tplUri, broken);
    const p = await c.nextDiagnostics(tplUri, 1);
    assert.ok(p.diagnostics.some((d) => d.severity === 1 && /Helm chart not analysed/.test(d.message)), JSON.stringify(p.diagnostics.map((d) => d.message)));
  });

  it('.palisade.yaml helm.valuesFiles: the chart is rendered with its extra values files, findings on their lines', async () => {
    file('.palisade.yaml', 'helm:\n  valuesFiles:\n    web: [values-prod.yaml]\n');
    file('web/Chart.yaml', CHART);
    file('web/values.yaml', VALUES.replace('privileged: true', 'privileged: false'));
    const prodUri = file('web/values-prod.yaml', '# production\nprivileged: true\n');
    const tplUri = file('web/templates/deployment.yaml', DEPLOY);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    const prod = c.nextDiagnostics(prodUri, undefined, 10000);
    c.open(tplUri, DEPLOY);
    const p = await c.nextDiagnostics(tplUri, 1);
    assert.ok(!p.diagnostics.some((d) => d.severity === 1 && /not analysed/.test(d.message)), JSON.stringify(p.diagnostics.map((d) => d.message)));
    // privileged: true comes from values-prod.yaml: published there, on its line, with its fix editing it
    const v = await prod;
    const priv = v.diagnostics.find((d) => d.code === 'K8S003');
    assert.ok(priv, JSON.stringify(v.diagnostics.map((d) => [d.code, d.message])));
    assert.deepStrictEqual(priv!.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 16 } });
    assert.match(priv!.message, /the value is set in web\/values-prod\.yaml\]/);
    // typing in the extra values file (unsaved) re-renders the chart with it
    c.open(prodUri, '# production\nprivileged: true\n');
    await c.nextDiagnostics(prodUri, 1);
    c.change(prodUri, 2, [{ text: '# production\nprivileged: false\n' }]);
    for (let i = 0; i < 10; i++) {
      const q = await c.nextDiagnostics(prodUri, undefined, 10000);
      if (!q.diagnostics.some((d) => d.code === 'K8S003')) return;
    }
    assert.fail('K8S003 still reported after privileged: false in the unsaved values-prod.yaml');
  });

  it('typing in an extra values file outside the chart folder (.palisade.yaml helm.valuesFiles) re-renders the chart with its unsaved text', async () => {
    file('.palisade.yaml', 'helm:\n  valuesFiles:\n    charts/web: [../../env/prod.yaml]\n');
    file('charts/web/Chart.yaml', CHART);
    file('charts/web/values.yaml', VALUES.replace('privileged: true', 'privileged: false'));
    const prodUri = file('env/prod.yaml', '# production\nprivileged: false\n');
    const tplUri = file('charts/web/templates/deployment.yaml', DEPLOY);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    c.open(tplUri, DEPLOY);
    const p = await c.nextDiagnostics(tplUri, 1);
    assert.ok(!p.diagnostics.some((d) => d.code === 'K8S003' || d.severity === 1), JSON.stringify(p.diagnostics.map((d) => d.message)));
    c.open(prodUri, '# production\nprivileged: false\n');
    await c.nextDiagnostics(prodUri, 1);
    // unsaved: the chart is rendered with it, and the privileged container is reported on its line
    c.change(prodUri, 2, [{ text: '# production\nprivileged: true\n' }]);
    const q = await c.nextDiagnostics(prodUri, 2);
    const priv = q.diagnostics.find((d) => d.code === 'K8S003');
    assert.ok(priv, JSON.stringify(q.diagnostics.map((d) => [d.code, d.message])));
    assert.deepStrictEqual(priv!.range.start, { line: 1, character: 0 });
    assert.match(priv!.message, /the value is set in env\/prod\.yaml\]/);
  });

  for (const [what, prod, message] of [
    ['missing', undefined, /Helm chart not analysed: the values file web\/values-prod\.yaml named in \.palisade\.yaml \(helm\.valuesFiles of web\) could not be read \(no such file\)/],
    ['unparsable', 'privileged: [true\n', /Helm chart not analysed: [^]*failed to parse web\/values-prod\.yaml/],
  ] as const) {
    it(`a ${what} values file named in .palisade.yaml is an error on the chart, not a silent render without it`, async () => {
      file('.palisade.yaml', 'helm:\n  valuesFiles:\n    web: [values-prod.yaml]\n');
      file('web/Chart.yaml', CHART);
      file('web/values.yaml', VALUES);
      if (prod !== undefined) file('web/values-prod.yaml', prod);
      const tplUri = file('web/templates/deployment.yaml', DEPLOY);
      c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
      c.open(tplUri, DEPLOY);
      const p = await c.nextDiagnostics(tplUri, 1);
      assert.ok(p.diagnostics.some((d) => d.severity === 1 && message.test(d.message)), JSON.stringify(p.diagnostics.map((d) => d.message)));
    });
  }

  it('Scan Workspace renders the charts it finds instead of reading their templates as loose YAML', async () => {
    file('web/Chart.yaml', CHART);
    file('web/values.yaml', VALUES);
    const tplUri = file('web/templates/deployment.yaml', DEPLOY);
    const valuesUri = pathToFileURL(path.join(dir, 'web/values.yaml')).toString();
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    const values = c.nextDiagnostics(valuesUri, undefined, 10000);
    const res = (await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [] })) as { files: number; findings: number };
    const p = await c.nextDiagnostics(tplUri, undefined, 10000);
    assert.ok(p.diagnostics.some((d) => d.code === 'K8S028' && d.range.start.line === 6), JSON.stringify(p.diagnostics.map((d) => [d.code, d.message])));
    assert.ok(!p.diagnostics.some((d) => /not rendered/.test(d.message)));
    // privileged: true is set in values.yaml: reported there
    const v = await values;
    assert.ok(v.diagnostics.some((d) => d.code === 'K8S003' && d.range.start.line === 1), JSON.stringify(v.diagnostics.map((d) => [d.code, d.message])));
    assert.ok(res.findings >= p.diagnostics.length + v.diagnostics.length, JSON.stringify(res));
  });

  it('a keystroke in one template does not publish the other templates again when what they render is unchanged; a closed one is published again', async () => {
    file('web/Chart.yaml', CHART);
    file('web/values.yaml', VALUES);
    const aUri = file('web/templates/a.yaml', DEPLOY);
    const B = DEPLOY.replace('-web', '-worker').replace('name: web', 'name: worker');
    const bUri = file('web/templates/b.yaml', B);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    c.open(aUri, DEPLOY);
    await c.nextDiagnostics(aUri, 1);
    const b1 = await c.nextDiagnostics(bUri);
    assert.ok(b1.diagnostics.some((d) => d.code === 'K8S028'), JSON.stringify(b1.diagnostics.map((d) => d.code)));
    // a keystroke in a.yaml: a is published, b (rendered to the same text) is not
    c.change(aUri, 2, [{ range: { start: { line: 3, character: 29 }, end: { line: 3, character: 29 } }, text: 'x' }]);
    const a2 = await c.nextDiagnostics(aUri, 2);
    assert.ok(a2.diagnostics.some((d) => d.code === 'K8S028'));
    await assert.rejects(c.nextDiagnostics(bUri, undefined, 1500), /./, 'b.yaml was published again although nothing of it changed');
    // b opened, then closed: the server clears it, and the next keystroke in a publishes it again
    c.open(bUri, B);
    await c.nextDiagnostics(bUri, 1);
    c.close(bUri);
    const cleared = await c.nextDiagnostics(bUri);
    assert.deepStrictEqual(cleared.diagnostics, []);
    c.change(aUri, 3, [{ range: { start: { line: 3, character: 30 }, end: { line: 3, character: 30 } }, text: 'y' }]);
    await c.nextDiagnostics(aUri, 3);
    const b3 = await c.nextDiagnostics(bUri);
    assert.deepStrictEqual(b3.diagnostics.map((d) => [d.code, d.range.start.line]), b1.diagnostics.map((d) => [d.code, d.range.start.line]));
  });
});
