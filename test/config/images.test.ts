/**
 * `.palisade.yaml` images.trustedRegistries (#20): read into the settings, bad values reported as
 * K8S101 at their place, the schema agreeing with the parser, the CLI applying it (K8S072, DF029),
 * the analyzer's cache following it, and K8S105 leaving an image the list rejects to K8S072.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig, configFindings } from '../../server/src/engine/config';
import { Analyzer } from '../../server/src/engine/analyze';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings, Settings } from '../../server/src/engine/settings';
import { entryProblem, normaliseImage, trustedBy } from '../../server/src/engine/registries';
import { main, Io } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');

const dep = (image: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  template:
    spec:
      containers:
      - name: app
        image: ${image}
`;
const constraint = `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sAllowedRepos
metadata:
  name: trusted
spec:
  parameters:
    repos: ["registry.example.com/"]
`;

describe('.palisade.yaml images.trustedRegistries (#20)', () => {
  it('is read into the settings, entries trimmed', () => {
    const c = parseConfig('images:\n  trustedRegistries:\n    - registry.example.com\n    - " ghcr.io/acme/ "\n    - "*.gcr.io"\n');
    assert.deepStrictEqual(c.errors, []);
    assert.deepStrictEqual(c.settings.images, { trustedRegistries: ['registry.example.com', 'ghcr.io/acme/', '*.gcr.io'] });
    assert.strictEqual(parseConfig('rules: {}\n').settings.images, undefined);
  });

  it('reports bad values as K8S101 at their place; the valid entries still apply', () => {
    const text = 'images:\n  trustedRegistries:\n    - nginx\n    - https://registry.example.com\n    - 42\n    - "ghcr.io/*/x"\n    - registry.example.com/app@sha256:abc\n    - ghcr.io/acme/\n  colour: red\n';
    const c = parseConfig(text);
    const f = configFindings(text, c);
    assert.ok(f.every((x) => x.ruleId === 'K8S101' && x.severity === 'error'));
    assert.deepStrictEqual(f.map((x) => x.range.start.line).sort((a, b) => a - b), [2, 3, 4, 5, 6, 8]);
    const at = (line: number) => f.find((x) => x.range.start.line === line)!.message;
    assert.match(at(2), /^images\.trustedRegistries\[0\] 'nginx' is not a registry host .* for its official image nginx write docker\.io\/library\/nginx; it is ignored\.$/);
    assert.match(at(3), /images\.trustedRegistries\[1\] 'https:\/\/registry\.example\.com' has a URL scheme/);
    assert.match(at(4), /images\.trustedRegistries\[2\] must be a non-empty string/);
    assert.match(at(5), /uses '\*' other than as '\*\.domain'/);
    assert.match(at(6), /contains '@'/);
    assert.match(at(8), /Unknown setting images\.colour \(known: trustedRegistries\)/);
    assert.deepStrictEqual(f.find((x) => x.range.start.line === 2)!.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 11 } });
    assert.deepStrictEqual(c.settings.images, { trustedRegistries: ['ghcr.io/acme/'] });
  });

  it('reports an images or trustedRegistries of the wrong shape, and checks nothing then', () => {
    for (const [text, line, re] of [
      ['images: [registry.example.com]\n', 0, /^images must be a mapping/],
      ['images:\n  trustedRegistries: registry.example.com\n', 1, /^images\.trustedRegistries must be a list/],
    ] as const) {
      const c = parseConfig(text);
      const f = configFindings(text, c);
      assert.strictEqual(f.length, 1, text);
      assert.strictEqual(f[0].range.start.line, line);
      assert.match(f[0].message, re);
      assert.strictEqual(c.settings.images, undefined);
    }
  });

  it('the schema accepts and refuses entries as the parser does', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'palisade-config.schema.json'), 'utf8'));
    const items = schema.properties.images.properties.trustedRegistries.items;
    const ok = new RegExp(items.pattern);
    const scheme = new RegExp(items.not.pattern);
    for (const e of ['registry.example.com', 'registry.example.com:5000', 'localhost', 'localhost:5000', 'ghcr.io/acme/', 'ghcr.io/acme/web', 'docker.io/library/nginx', 'bitnami/', '*.gcr.io',
      'nginx', 'https://registry.example.com', 'ghcr.io/*/x', 'a*b', 'reg.io/x@sha256:1', '/x', 'has space.io']) {
      assert.strictEqual(ok.test(e) && !scheme.test(e), entryProblem(e) === undefined, e);
    }
  });

  it('normalises references as Docker does and compares entries at a boundary', () => {
    assert.strictEqual(normaliseImage('nginx:1.27'), 'docker.io/library/nginx:1.27');
    assert.strictEqual(normaliseImage('nginx@sha256:ab'), 'docker.io/library/nginx@sha256:ab');
    assert.strictEqual(normaliseImage('bitnami/redis:7'), 'docker.io/bitnami/redis:7');
    assert.strictEqual(normaliseImage('registry-1.docker.io/nginx'), 'docker.io/library/nginx');
    assert.strictEqual(normaliseImage('localhost:5000/app'), 'localhost:5000/app');
    const t = (image: string, ...list: string[]) => trustedBy(image, list).trusted;
    assert.ok(t('registry.example.com/x', 'registry.example.com') && !t('registry.example.com.evil.io/x', 'registry.example.com'));
    assert.ok(t('registry.example.com/x', 'registry.example.com/') && !t('registry.example.com.evil.io/x', 'registry.example.com/'));
    assert.ok(t('nginx:1.27', 'docker.io/library/') && t('nginx:1.27', 'docker.io/nginx') && !t('nginxx:1', 'docker.io/nginx'));
    assert.ok(t('bitnami/redis', 'bitnami/') && !t('redis', 'bitnami/') && !t('bitnami-evil/redis', 'bitnami/'));
    assert.ok(t('eu.gcr.io/p/a', '*.gcr.io') && !t('gcr.io/p/a', '*.gcr.io') && !t('eu.gcr.io.evil.io/p/a', '*.gcr.io'));
  });

  it('a changed list is applied by a long-lived analyzer (its per-document cache follows the setting)', () => {
    const a = new Analyzer();
    const text = dep('nginx:1.27');
    const k072 = (s: Partial<Settings>) => a.analyze('d.yaml', text, { settings: { ...defaultSettings(), ...s } }).findings.filter((f) => f.ruleId === 'K8S072').length;
    assert.strictEqual(k072({}), 0);
    assert.strictEqual(k072({ images: { trustedRegistries: ['registry.example.com'] } }), 1);
    assert.strictEqual(k072({ images: { trustedRegistries: ['docker.io'] } }), 0);
  });

  describe('with K8S105 (K8sAllowedRepos constraints): one finding per image', () => {
    const ids = (image: string, s: Partial<Settings>, ns = 'shop') =>
      scanTexts([{ file: 'c.yaml', text: constraint }, { file: 'd.yaml', text: dep(image, ns) }], { ...defaultSettings(), ...s })
        .flatMap((r) => r.findings.filter((f) => f.ruleId === 'K8S072' || f.ruleId === 'K8S105').map((f) => `${f.ruleId} ${r.file}:${f.range.start.line + 1}`));
    const list = { images: { trustedRegistries: ['registry.example.com', 'ghcr.io/acme/'] } };
    it('the list and a constraint both reject the image: K8S072 alone reports it', () => {
      assert.deepStrictEqual(ids('nginx:1.27', list), ['K8S072 d.yaml:11']);
    });
    it('the list accepts it and a constraint rejects it: K8S105 reports it', () => {
      assert.deepStrictEqual(ids('ghcr.io/acme/web:1', list), ['K8S105 d.yaml:11']);
    });
    it('no list, or K8S072 off globally or for the namespace: K8S105 reports it', () => {
      assert.deepStrictEqual(ids('nginx:1.27', {}), ['K8S105 d.yaml:11']);
      assert.deepStrictEqual(ids('nginx:1.27', { ...list, rules: { 'image-registry-not-trusted': 'off' } }), ['K8S105 d.yaml:11']);
      assert.deepStrictEqual(ids('nginx:1.27', { ...list, namespaceRules: { shop: { K8S072: 'off' } } }), ['K8S105 d.yaml:11']);
      assert.deepStrictEqual(ids('nginx:1.27', { ...list, namespaceRules: { other: { K8S072: 'off' } } }), ['K8S072 d.yaml:11']);
    });
  });

  it('palisade scan applies the list from ./.palisade.yaml to manifests and Dockerfiles, and reports a bad entry', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-images-'));
    fs.writeFileSync(path.join(d, '.palisade.yaml'), 'images:\n  trustedRegistries: [registry.example.com, nginx]\n');
    fs.writeFileSync(path.join(d, 'd.yaml'), dep('nginx:1.27') + '---\n' + dep('registry.example.com/web:1').replace('name: web', 'name: ok'));
    fs.writeFileSync(path.join(d, 'Dockerfile'), 'FROM node:22 AS build\nFROM registry.example.com/distroless/nodejs22\n');
    let out = '';
    let err = '';
    const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd: d, isTTY: false };
    await main(['scan', '.', '--format', 'json'], io);
    assert.match(err, /images\.trustedRegistries\[1\] 'nginx' is not a registry host/);
    const res = JSON.parse(out).results as { file: string; findings: { ruleId: string; range: { start: { line: number } } }[] }[];
    const got = res.flatMap((r) => r.findings.filter((f) => f.ruleId === 'K8S072' || f.ruleId === 'DF029').map((f) => `${f.ruleId} ${r.file}:${f.range.start.line + 1}`)).sort();
    assert.deepStrictEqual(got, ['DF029 Dockerfile:1', 'K8S072 d.yaml:11']);
  });
});
