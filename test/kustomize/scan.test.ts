/**
 * `palisade scan` on folders holding a kustomization: what the kustomization builds is analysed, each finding on the
 * line that caused it (the base resource, the patch that set the value, the `images:` entry), its patches and
 * resources are not also scanned as loose files, and what cannot be built or fetched fails the scan.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';
import { analyzeKustomization } from '../../server/src/engine/kustomize/analyze';
import { diskHost } from '../../server/src/cli/kustomize';
import { defaultSettings } from '../../server/src/engine/settings';

function tmpdir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-kscan-'));
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), body);
  }
  return d;
}

async function scan(args: string[], cwd: string) {
  let out = '', err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  const code = await main(['scan', ...args, '--format', 'json'], io);
  return { code, json: out ? JSON.parse(out) : undefined, err };
}

const BASE = {
  'base/kustomization.yaml': 'resources:\n- deploy.yaml\n- svc.yaml\n',
  'base/deploy.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  selector:', '    matchLabels:', '      app: web',
    '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      hostNetwork: true', '      containers:',
    '      - name: app', '        image: nginx:1.25', '',
  ].join('\n'),
  'base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n',
};
const OVERLAY = {
  'overlay/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: prod-\npatches:\n- path: priv.yaml\n- path: drop-svc.yaml\nimages:\n- name: nginx\n  newTag: latest\n',
  'overlay/priv.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        securityContext:\n          privileged: true\n',
  'overlay/drop-svc.yaml': '$patch: delete\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
};

describe('kustomizations in palisade scan', () => {
  it('reports each finding on the line that caused it: base resource, patch, images entry', () => {
    const d = tmpdir({ ...BASE, ...OVERLAY });
    const a = analyzeKustomization(diskHost(), path.join(d, 'overlay'), defaultSettings());
    const find = (file: string, rule: string) => a.results.find((r) => r.file === path.join(d, file))?.findings.find((f) => f.ruleId === rule);
    const priv = find('overlay/priv.yaml', 'K8S003');
    assert.ok(priv, JSON.stringify(a.results.map((r) => [r.file, r.findings.map((f) => f.ruleId)])));
    assert.deepStrictEqual(priv!.range.start, { line: 10, character: 10 }); // privileged: true, in the patch
    assert.match(priv!.message, /Deployment 'prod-web'/);
    assert.strictEqual(priv!.fixes.length, 0, 'fixes edit the built text, not the files: none are offered');
    const hostNet = find('base/deploy.yaml', 'K8S002');
    assert.ok(hostNet);
    assert.strictEqual(hostNet!.range.start.line, 13); // hostNetwork: true, in the base
    const latest = find('overlay/kustomization.yaml', 'K8S035');
    assert.ok(latest, 'the :latest tag the images entry set is reported on that entry');
    assert.strictEqual(latest!.range.start.line, 7);
    assert.ok(!a.results.some((r) => r.findings.some((f) => /Service 'prod-web'/.test(f.message))), 'the Service the overlay deletes is not analysed');
    assert.deepStrictEqual(a.results.flatMap((r) => r.errors), []);
  });

  it('scans the built objects and not the patches or resources as loose files; a $patch: delete patch is not an object', async () => {
    const d = tmpdir({ ...BASE, ...OVERLAY });
    const r = await scan(['.'], d);
    const files = r.json.results.map((x: { file: string }) => x.file);
    assert.ok(files.includes(path.join('overlay', 'priv.yaml')));
    const all = r.json.results.flatMap((x: { file: string; findings: { ruleId: string; message: string }[] }) => x.findings.map((f) => ({ file: x.file, ...f })));
    assert.ok(!all.some((f: { ruleId: string }) => f.ruleId === 'K8S044'), 'no finding for the $patch: delete patch as an object');
    assert.ok(!all.some((f: { file: string }) => f.file === path.join('overlay', 'drop-svc.yaml')));
    // the base is reported through the overlay (prod-web), not also as a loose Deployment 'web'
    assert.ok(all.some((f: { message: string }) => /'prod-web'/.test(f.message)));
    assert.ok(!all.some((f: { message: string }) => /Deployment 'web'/.test(f.message)), JSON.stringify(all.map((f: { message: string }) => f.message)));
    assert.strictEqual(r.code, 1);
  });

  it('analyses what a local helmCharts chart renders, on the helmCharts entry, and does not scan the chart on its own', async () => {
    const d = tmpdir({
      'kustomization.yaml': 'helmCharts:\n- name: app\n  releaseName: rel\n',
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
      'charts/app/values.yaml': 'image: nginx:latest\n',
      'charts/app/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-p\nspec:\n  containers:\n  - name: a\n    image: {{ .Values.image }}\n',
    });
    const r = await scan(['.', '--profile', 'strict'], d);
    assert.deepStrictEqual(r.json.results.map((x: { file: string }) => x.file), ['kustomization.yaml']);
    const latest = r.json.results[0].findings.find((f: { ruleId: string }) => f.ruleId === 'K8S035');
    assert.ok(latest, 'the chart\'s Pod is analysed');
    assert.match(latest.message, /Pod 'rel-p'/);
    assert.strictEqual(latest.range.start.line, 1); // the helmCharts entry
  });

  it('fails the scan with an error on a kustomization that cannot be built or has a remote base', async () => {
    const broken = tmpdir({ 'kustomization.yaml': 'resources:\n- missing.yaml\n' });
    const b = await scan(['.'], broken);
    assert.strictEqual(b.code, 1);
    const errs = b.json.results.flatMap((x: { errors: { message: string }[] }) => x.errors.map((e) => e.message));
    assert.ok(errs.some((m: string) => /could not be built, so nothing it produces was checked: .*missing\.yaml/.test(m)), JSON.stringify(errs));
    const remote = tmpdir({ 'kustomization.yaml': 'resources:\n- deploy.yaml\n- https://github.com/example/repo//base?ref=v1\n', 'deploy.yaml': BASE['base/deploy.yaml'] });
    const rr = await scan(['.'], remote);
    assert.strictEqual(rr.code, 1);
    const rerrs = rr.json.results.flatMap((x: { errors: { message: string }[] }) => x.errors.map((e) => e.message));
    assert.ok(rerrs.some((m: string) => /Not analysed: remote resource 'https:\/\/github.com\/example\/repo\/\/base\?ref=v1' cannot be fetched/.test(m)), JSON.stringify(rerrs));
  });
});
