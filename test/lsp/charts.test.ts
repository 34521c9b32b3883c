/** Helm charts in the editor: templates get the findings of what the chart renders, live, unsaved buffers included (issue 21). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
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
    const priv = p.diagnostics.find((d) => d.code === 'K8S003');
    assert.ok(priv, JSON.stringify(p.diagnostics.map((d) => [d.code, d.message])));
    assert.strictEqual(priv!.range.start.line, 11, 'on the template line that printed the value');
    assert.ok(!p.diagnostics.some((d) => /template that was not rendered/.test(d.message)), 'the template is rendered, not skipped');
    assert.match(priv!.message, /rendered by Helm from web\/templates\/deployment\.yaml/);
    // typing in values.yaml (unsaved) re-renders the chart and republishes the template
    c.open(valuesUri, VALUES);
    await c.nextDiagnostics(valuesUri, 1);
    c.change(valuesUri, 2, [{ text: VALUES.replace('privileged: true', 'privileged: false') }]);
    for (let i = 0; i < 10; i++) {
      const q = await c.nextDiagnostics(tplUri, undefined, 10000);
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

  it('Scan Workspace renders the charts it finds instead of reading their templates as loose YAML', async () => {
    file('web/Chart.yaml', CHART);
    file('web/values.yaml', VALUES);
    const tplUri = file('web/templates/deployment.yaml', DEPLOY);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    const res = (await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [] })) as { files: number; findings: number };
    const p = await c.nextDiagnostics(tplUri, undefined, 10000);
    assert.ok(p.diagnostics.some((d) => d.code === 'K8S003' && d.range.start.line === 11), JSON.stringify(p.diagnostics.map((d) => [d.code, d.message])));
    assert.ok(!p.diagnostics.some((d) => /not rendered/.test(d.message)));
    assert.ok(res.findings >= p.diagnostics.length, JSON.stringify(res));
  });
});
