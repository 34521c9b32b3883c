/** Kustomize overlays in the editor: the overlay is built, live, and findings land on the base and patch lines (issue 21). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { startClient, TestClient } from './client';
import { kustomizationDirOf } from '../../server/src/lsp/kustomizations';

const BASE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.25
`;
const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostPID: true
`;
const DELETE = `$patch: delete
apiVersion: v1
kind: ConfigMap
metadata:
  name: gone
`;

describe('kustomizations in the editor', function () {
  this.timeout(60000);
  let c: TestClient | undefined;
  let dir: string;
  const file = (rel: string, text: string) => { const p = path.join(dir, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return pathToFileURL(p).toString(); };
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-kust-')); });
  afterEach(async () => { await c?.stop(); c = undefined; fs.rmSync(dir, { recursive: true, force: true }); });

  it('finds the nearest kustomization folder, not past the workspace root', () => {
    file('app/kustomization.yaml', 'resources: [deploy.yaml]\n');
    assert.strictEqual(kustomizationDirOf(path.join(dir, 'app/deploy.yaml')), path.join(dir, 'app'));
    assert.strictEqual(kustomizationDirOf(path.join(dir, 'other/x.yaml'), [dir]), undefined);
  });

  it('a patch is not analysed as an object; the value it sets is reported on its line, as the user types', async () => {
    file('base/kustomization.yaml', 'resources: [deploy.yaml]\n');
    const baseUri = file('base/deploy.yaml', BASE);
    file('overlay/kustomization.yaml', 'resources: [../base, cm.yaml]\npatches:\n- path: patch.yaml\n- path: delete.yaml\n');
    const patchUri = file('overlay/patch.yaml', PATCH);
    const delUri = file('overlay/delete.yaml', DELETE);
    file('overlay/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gone\ndata: {a: b}\n');
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    c.open(patchUri, PATCH);
    const p = await c.nextDiagnostics(patchUri, 1);
    const pid = p.diagnostics.find((d) => d.code === 'K8S002');
    assert.ok(pid, JSON.stringify(p.diagnostics.map((d) => [d.code, d.message])));
    assert.strictEqual(pid!.range.start.line, 7, 'on the patch line that set hostPID');
    assert.ok(!p.diagnostics.some((d) => d.code === 'K8S104'), 'the patch is not analysed as an object');
    assert.ok(!p.diagnostics.some((d) => d.code === 'K8S014' || d.code === 'K8S015'), 'the container findings belong to the base, not the patch');
    // the built object's other findings land on the base resource, published without opening it
    const b = await c.nextDiagnostics(baseUri, undefined, 10000);
    assert.ok(b.diagnostics.some((x) => x.code === 'K8S014' && x.range.start.line === 8), JSON.stringify(b.diagnostics.map((x) => [x.code, x.range.start.line])));
    // the delete patch is part of the build: not analysed as an object either
    c.open(delUri, DELETE);
    const d = await c.nextDiagnostics(delUri, 1);
    assert.ok(!d.diagnostics.some((x) => x.code === 'K8S104' || x.code === 'K8S044'), JSON.stringify(d.diagnostics.map((x) => x.code)));
    // typing in the patch (unsaved) rebuilds the overlay
    c.change(patchUri, 2, [{ text: PATCH.replace('hostPID: true', 'hostPID: false') }]);
    const q = await c.nextDiagnostics(patchUri, 2);
    assert.ok(!q.diagnostics.some((x) => x.code === 'K8S002'), JSON.stringify(q.diagnostics.map((x) => x.code)));
  });

  it('a kustomization that cannot be built is an error on the file being edited, which is still analysed on its own', async () => {
    file('app/kustomization.yaml', 'resources: [deploy.yaml]\npatches:\n- path: patch.yaml\n');
    file('app/deploy.yaml', BASE);
    const bad = PATCH.replace('name: web', 'name: nosuch');
    const pUri = file('app/patch.yaml', bad);
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    c.open(pUri, bad);
    const p = await c.nextDiagnostics(pUri, 1);
    assert.ok(p.diagnostics.some((x) => x.severity === 1 && /could not be built/.test(x.message)), JSON.stringify(p.diagnostics.map((x) => x.message)));
  });

  it('a remote base is reported as not analysed on the kustomization', async () => {
    const kUri = file('app/kustomization.yaml', 'resources:\n- https://github.com/example/repo//deploy?ref=v1\n');
    c = await startClient({ workspaceFolders: [pathToFileURL(dir).toString()] });
    c.open(kUri, 'resources:\n- https://github.com/example/repo//deploy?ref=v1\n');
    const p = await c.nextDiagnostics(kUri, 1);
    assert.ok(p.diagnostics.some((x) => x.severity === 1 && /not analysed/i.test(x.message)), JSON.stringify(p.diagnostics.map((x) => x.message)));
  });
});
