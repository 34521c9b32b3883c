/**
 * The kustomization builder (server/src/engine/kustomize) on small in-memory folders, for what the kustomize corpus
 * does not pin down: nothing silent (remote bases, charts without a renderer), the `kustomize build` command's default
 * order, the output style, and `palisade render` on a kustomization folder.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kustomizeBuild, KustomizeHost, KustomizeError } from '../../server/src/engine/kustomize/build';
import { kustomizeHash } from '../../server/src/engine/kustomize/hash';
import { toYamlV2 } from '../../server/src/engine/kustomize/yamlOut';
import { render } from '../../server/src/cli/render';

function memHost(files: Record<string, string>): KustomizeHost {
  const dirs = new Set<string>();
  for (const f of Object.keys(files)) {
    let d = path.posix.dirname(f);
    while (d !== '/' && !dirs.has(d)) { dirs.add(d); d = path.posix.dirname(d); }
    dirs.add('/');
  }
  return { readFile: (p) => files[p], isDirectory: (p) => dirs.has(p) };
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx
        envFrom:
        - configMapRef:
            name: settings
`;

describe('kustomize builder', () => {
  it('reports a remote resource as not analysed instead of skipping it silently', () => {
    const host = memHost({
      '/k/kustomization.yaml': 'resources:\n- deploy.yaml\n- https://github.com/example/repo//base?ref=v1\n',
      '/k/deploy.yaml': DEPLOY,
    });
    const r = kustomizeBuild(host, '/k');
    assert.strictEqual(r.notAnalysed.length, 1);
    assert.match(r.notAnalysed[0].message, /remote resource 'https:\/\/github.com\/example\/repo\/\/base\?ref=v1' cannot be fetched: not analysed/);
    assert.strictEqual(r.resources.length, 1);
  });

  it('reports a helmCharts entry as not rendered when no chart renderer is given', () => {
    const host = memHost({ '/k/kustomization.yaml': 'helmCharts:\n- name: vault\n  repo: https://helm.releases.hashicorp.com\n' });
    const r = kustomizeBuild(host, '/k');
    assert.deepStrictEqual(r.notAnalysed.map((n) => n.message), ["helmCharts entry 'vault' is not rendered: no chart renderer is available"]);
  });

  it('renders helmCharts through the renderer it is given, and reports a renderer failure as not analysed', () => {
    const files = { '/k/kustomization.yaml': 'helmCharts:\n- name: app\n' };
    const ok = kustomizeBuild(memHost(files), '/k', { helm: () => ({ output: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-chart\n', files: new Map([['/k/charts/app/Chart.yaml', 'name: app\n']]) }) });
    assert.ok(ok.files.has('/k/charts/app/Chart.yaml'), 'the chart files belong to the build');
    assert.strictEqual(ok.yaml, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-chart\n');
    const bad = kustomizeBuild(memHost(files), '/k', { helm: () => { throw new KustomizeError('template: app/templates/x.yaml:3: bad'); } });
    assert.match(bad.notAnalysed[0].message, /helmCharts entry 'app' is not rendered: template: app\/templates\/x.yaml:3: bad/);
  });

  it('orders the output as `kustomize build` does by default (legacy), or as accumulated with reorder none', () => {
    const host = memHost({
      '/k/kustomization.yaml': 'resources:\n- deploy.yaml\nconfigMapGenerator:\n- name: settings\n  literals:\n  - mode=prod\nnamespace: shop\n',
      '/k/deploy.yaml': DEPLOY,
    });
    const legacy = kustomizeBuild(host, '/k');
    assert.deepStrictEqual(legacy.resources.map((r) => r.kind), ['ConfigMap', 'Deployment']);
    const fifo = kustomizeBuild(host, '/k', { reorder: 'none' });
    assert.deepStrictEqual(fifo.resources.map((r) => r.kind), ['Deployment', 'ConfigMap']);
    // the generated name (hash suffix) is what the Deployment now refers to
    const cm = legacy.resources[0];
    assert.match(cm.name, /^settings-[a-z0-9]{10}$/);
    assert.ok(legacy.yaml.includes(`            name: ${cm.name}\n`), legacy.yaml);
    assert.ok(legacy.yaml.includes('  namespace: shop\n'));
  });

  it('fails, as kustomize does, on a patch whose target does not exist and on an unknown field', () => {
    const patchMissing = memHost({
      '/k/kustomization.yaml': 'resources:\n- deploy.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: nope\n',
      '/k/deploy.yaml': DEPLOY,
    });
    assert.throws(() => kustomizeBuild(patchMissing, '/k'), /no matches for Id Deployment.v1.apps\|nope/);
    assert.throws(() => kustomizeBuild(memHost({ '/k/kustomization.yaml': 'resourcez:\n- a.yaml\n' }), '/k'), /unknown field "resourcez"/);
  });

  it('keeps files outside the kustomization root out of reach, as kustomize build\'s load restrictions do', () => {
    const host = memHost({ '/k/kustomization.yaml': 'resources:\n- ../secret.yaml\n', '/secret.yaml': DEPLOY });
    assert.throws(() => kustomizeBuild(host, '/k'), /security; file '\/secret.yaml' is not in or below '\/k'/);
  });

  it('refuses exponential alias expansion (an error, quickly)', () => {
    let y = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++) y += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const host = memHost({ '/k/kustomization.yaml': 'resources:\n- b.yaml\n', '/k/b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n' + y.split('\n').map((l) => '  ' + l).join('\n') });
    const t = Date.now();
    assert.throws(() => kustomizeBuild(host, '/k'), (e: unknown) => e instanceof KustomizeError && /resource exhaustion/.test((e as Error).message));
    assert.ok(Date.now() - t < 2000);
  });

  it('matches kustomize on details found against kubectl kustomize (kubeflow/manifests)', () => {
    const files: Record<string, string> = {
      '/k/kustomization.yaml': [
        'resources:', '- r.yaml', 'patches:', '- patch: |-', '    apiVersion: apps/v1', '    kind: Deployment', '    metadata:', '      name: d',
        '    spec:', '      replicas: 2', 'configMapGenerator:', '- name: p', '  literals:', '  - PREFIX=/x', 'secretGenerator:', '- name: empty',
        '- name: long', '  literals:', `  - key=${'a'.repeat(60)}`, 'vars:', '- name: PREFIX', '  objref:', '    apiVersion: v1', '    kind: ConfigMap',
        '    name: p', '  fieldref:', '    fieldPath: data.PREFIX', '',
      ].join('\n'),
      '/k/r.yaml': [
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: d', '  annotations: {}', '  creationTimestamp: null', 'spec:', '  template:',
        '    spec:', '      affinity:', '        nodeAffinity:', '          requiredDuringSchedulingIgnoredDuringExecution:', '      containers:',
        '      - name: a', '        args: ["$(PREFIX)"]', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', 'data:', '  script: |',
        '    echo hi',
      ].join('\n'),
    };
    const out = kustomizeBuild(memHost(files), '/k', { reorder: 'none' }).yaml;
    // after a strategic merge, `key:` (no value) is gone, a written null stays; an empty annotations map is removed
    assert.ok(out.includes('      affinity:\n        nodeAffinity: {}\n'), out);
    assert.ok(out.includes('  creationTimestamp: null\n') && !out.includes('annotations'), out);
    // vars: fieldref.fieldPath (Go's JSON field names match case-insensitively)
    assert.ok(out.includes('      - args:\n        - /x\n'), out);
    // a block scalar ending the file without a line break has none
    assert.ok(out.includes('  script: echo hi\n'), out);
    // a secret generator always has data; base64 longer than 70 characters is cut in lines of 70
    assert.ok(out.includes('apiVersion: v1\ndata: {}\nkind: Secret\n'), out);
    assert.ok(out.includes('  key: |\n    YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYW\n    FhYWFhYWFh\n'), out);
  });

  it('reads 0755 as octal, as go-yaml v3 does (file modes)', () => {
    const host = memHost({ '/k/kustomization.yaml': 'resources:\n- cm.yaml\n', '/k/cm.yaml': 'apiVersion: v1\nkind: X\nmetadata:\n  name: x\nmode: 0755\nquoted: "0755"\nbin: 0b101\n' });
    assert.strictEqual(kustomizeBuild(host, '/k').yaml, 'apiVersion: v1\nbin: 5\nkind: X\nmetadata:\n  name: x\nmode: 493\nquoted: "0755"\n');
  });

  it('puts a file that is not UTF-8 in a ConfigMap\'s binaryData', () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff]);
    const host = { ...memHost({ '/k/kustomization.yaml': 'configMapGenerator:\n- name: bin\n  files:\n  - data.gz\n', '/k/data.gz': 'x' }), readBytes: (p: string) => (p === '/k/data.gz' ? bytes : undefined) };
    const out = kustomizeBuild(host, '/k').yaml;
    assert.ok(out.startsWith('apiVersion: v1\nbinaryData:\n  data.gz: H4sIAP8=\nkind: ConfigMap\n'), out);
  });

  it('builds from Windows paths (drive letters) as the CLI gives them', () => {
    const host = memHost({ 'C:/k/kustomization.yaml': 'resources:\n- ../base\n', 'C:/base/kustomization.yaml': 'resources:\n- deploy.yaml\n', 'C:/base/deploy.yaml': DEPLOY });
    const dirs = new Set(['C:/k', 'C:/base']);
    const r = kustomizeBuild({ ...host, isDirectory: (p) => dirs.has(p) }, 'C:/k');
    assert.strictEqual(r.resources.length, 1);
    assert.ok(r.files.has('C:/base/deploy.yaml'));
  });

  it('hashes generated objects as kustomize does (the name enters the hash as "")', () => {
    // kustomize build: configMapGenerator bob with fruit=Indian Gooseberry, year=2020, crisis=true -> bob-79t79mt227
    assert.strictEqual(kustomizeHash({ kind: 'ConfigMap', metadata: { name: 'bob' }, data: { fruit: 'Indian Gooseberry', year: '2020', crisis: 'true' } }), '79t79mt227');
  });

  it('prints YAML as kustomize does (go-yaml v2): sorted keys, quoted ambiguous strings, literal blocks, folded long lines', () => {
    const out = toYamlV2({ b: 'yes', a: ['x', { k: 'line1\nline2\n' }], c: '', d: 'a: b', item10: 1, item9: 1.5, e: 'word '.repeat(20).trim() });
    assert.strictEqual(out, [
      'a:', '- x', '- k: |', '    line1', '    line2', 'b: "yes"', 'c: ""', "d: 'a: b'",
      'e: word word word word word word word word word word word word word word word word',
      '  word word word word', 'item9: 1.5', 'item10: 1', '',
    ].join('\n'));
  });
});

describe('palisade render (kustomization)', () => {
  async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
    let out = '', err = '';
    const io = { out: (s: string) => { out += s; }, err: (s: string) => { err += s; }, cwd };
    return { code: render(args.slice(1), io), out, err };
  }
  function tmpdir(files: Record<string, string>): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-kustomize-'));
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
      fs.writeFileSync(path.join(d, name), body);
    }
    return d;
  }

  it('prints what kustomize build prints, exit 0', async () => {
    const d = tmpdir({ 'overlay/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: prod-\n', 'base/kustomization.yaml': 'resources:\n- deploy.yaml\n', 'base/deploy.yaml': DEPLOY });
    const r = await run(['render', 'overlay'], d);
    assert.strictEqual(r.err, '');
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.out, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: prod-web\nspec:\n  template:\n    spec:\n      containers:\n      - envFrom:\n        - configMapRef:\n            name: settings\n        image: nginx\n        name: app\n');
  });

  it('fails (exit 1) with kustomize\'s error, and on a remote base it cannot fetch', async () => {
    const d = tmpdir({ 'kustomization.yaml': 'resources:\n- missing.yaml\n', 'remote/kustomization.yaml': 'resources:\n- github.com/example/repo/base?ref=main\n' });
    const r = await run(['render', '.'], d);
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /^Error: .*missing\.yaml/);
    const remote = await run(['render', 'remote'], d);
    assert.strictEqual(remote.code, 1);
    assert.match(remote.err, /remote resource 'github.com\/example\/repo\/base\?ref=main' cannot be fetched: not analysed/);
  });

  it('renders a local helmCharts chart through the engine\'s chart renderer (values file and valuesInline)', async () => {
    const d = tmpdir({
      'kustomization.yaml': 'namePrefix: x-\nhelmCharts:\n- name: app\n  releaseName: rel\n  valuesFile: values.yaml\n  valuesInline:\n    mode: inline\n',
      'values.yaml': 'mode: file\ncolor: blue\n',
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
      'charts/app/values.yaml': 'mode: default\ncolor: red\n',
      'charts/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  mode: {{ .Values.mode }}\n  color: {{ .Values.color }}\n',
    });
    const r = await run(['render', '.'], d);
    assert.strictEqual(r.err, '');
    assert.strictEqual(r.out, 'apiVersion: v1\ndata:\n  color: blue\n  mode: inline\nkind: ConfigMap\nmetadata:\n  name: x-rel-settings\n');
    const missing = tmpdir({ 'kustomization.yaml': 'helmCharts:\n- name: vault\n  repo: https://helm.releases.hashicorp.com\n  version: 0.28.0\n' });
    const m = await run(['render', '.'], missing);
    assert.strictEqual(m.code, 1);
    assert.match(m.err, /helmCharts entry 'vault' is not rendered: helmCharts: chart 'vault' is not present under .*charts; remote charts cannot be fetched: not analysed/);
  });

  it('takes the legacy helmChartInflationGenerator, helmGlobals.chartHome, the kustomization namespace and valuesMerge: replace', async () => {
    const d = tmpdir({
      'kustomization.yaml': 'namespace: shop\nhelmGlobals:\n  chartHome: vendored\nhelmChartInflationGenerator:\n- chartName: app\n  releaseName: rel\n  values: values.yaml\n  valuesLocal:\n    mode: inline\n  valuesMerge: replace\n',
      'values.yaml': 'color: blue\n',
      'vendored/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
      'vendored/app/values.yaml': 'mode: default\ncolor: red\n',
      'vendored/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\n  labels:\n    ns: {{ .Release.Namespace }}\ndata:\n  mode: {{ .Values.mode }}\n  color: {{ .Values.color }}\n',
    });
    const r = await run(['render', '.'], d);
    assert.strictEqual(r.err, '');
    assert.strictEqual(r.out, 'apiVersion: v1\ndata:\n  color: red\n  mode: inline\nkind: ConfigMap\nmetadata:\n  labels:\n    ns: shop\n  name: rel-settings\n  namespace: shop\n');
  });

  it('takes --reorder none|legacy and rejects other values', async () => {
    const d = tmpdir({ 'kustomization.yaml': 'resources:\n- deploy.yaml\n- ns.yaml\n', 'deploy.yaml': DEPLOY, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' });
    const legacy = await run(['render', '.'], d);
    assert.ok(legacy.out.startsWith('apiVersion: v1\nkind: Namespace'), legacy.out);
    const none = await run(['render', '--reorder', 'none', '.'], d);
    assert.ok(none.out.startsWith('apiVersion: apps/v1\nkind: Deployment'), none.out);
    const bad = await run(['render', '.', '--reorder', 'alpha'], d);
    assert.strictEqual(bad.code, 2);
  });
});
