import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');

async function run(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

function tmpdir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-cli-'));
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), body);
  }
  return d;
}

const PRIV = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n`;

describe('CLI', () => {
  it('scan --format json follows the contract', async () => {
    const d = tmpdir({ 'pod.yaml': PRIV, 'ok.txt': 'ignored' });
    const r = await run(['scan', '.', '--format', 'json'], d);
    assert.strictEqual(r.code, 1);
    const j = JSON.parse(r.out);
    assert.strictEqual(j.version, 1);
    assert.strictEqual(j.tool.name, 'palisade');
    assert.match(j.tool.version, /^\d+\.\d+\.\d+/);
    assert.strictEqual(j.results.length, 1);
    assert.strictEqual(j.results[0].file, 'pod.yaml');
    const f = j.results[0].findings.find((x: { ruleId: string }) => x.ruleId === 'K8S003');
    assert.deepStrictEqual(Object.keys(f).sort(), ['fixes', 'message', 'name', 'range', 'references', 'resource', 'ruleId', 'severity'].sort());
    assert.deepStrictEqual(f.range, { start: { line: 10, character: 6 }, end: { line: 10, character: 22 } });
    assert.deepStrictEqual(f.resource, { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'shop', document: 0 });
    assert.deepStrictEqual(f.references.pss, { level: 'baseline', control: 'Privileged Containers' });
    assert.ok(f.references.peers.includes('checkov:CKV_K8S_16'));
    assert.ok(Array.isArray(f.references.cis));
    assert.ok(Array.isArray(j.results[0].errors));
    for (const fx of f.fixes) assert.deepStrictEqual(Object.keys(fx).sort(), ['applicability', 'title']);
  });

  it('exit codes: 0 below the threshold, 1 with findings, 2 on usage errors', async () => {
    const d = tmpdir({ 'pod.yaml': PRIV });
    assert.strictEqual((await run(['scan', 'pod.yaml'], d)).code, 1);
    assert.strictEqual((await run(['scan', 'pod.yaml', '--pod-security-level', 'privileged', '--severity-threshold', 'error'], d)).code, 0);
    assert.strictEqual((await run(['scan', '--format', 'xml'], d)).code, 2);
    assert.strictEqual((await run(['scan', '--bogus'], d)).code, 2);
    assert.strictEqual((await run(['scan', '--pod-security-version', 'v2.0'], d)).code, 2);
    assert.strictEqual((await run(['frobnicate'], d)).code, 2);
    assert.strictEqual((await run(['scan', 'missing.yaml'], d)).code, 2);
  });

  it('--pod-security-level and --pod-security-version select the standard', async () => {
    const d = tmpdir({ 'pod.yaml': PRIV.replace('privileged: true', 'runAsUser: 0') });
    const ids = async (...a: string[]) => JSON.parse((await run(['scan', 'pod.yaml', '--format', 'json', ...a], d)).out).results[0].findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok((await ids()).includes('K8S016'));
    assert.ok(!(await ids('--pod-security-version', 'v1.22')).includes('K8S016'));
    assert.ok(!(await ids('--pod-security-level', 'baseline')).includes('K8S016'));
  });

  it('text output has file:line:col severity ruleId message and a summary', async () => {
    const d = tmpdir({ 'pod.yaml': PRIV });
    const r = await run(['scan', 'pod.yaml', '--no-color'], d);
    // the message leads with the problem, then names the object and container
    assert.match(r.out, /^pod\.yaml:11:7 error K8S003 securityContext\.privileged is true \(Pod 'web', container 'app'\)\. Privileged containers/m);
    assert.match(r.out, /\d+ problem\(s\) \(1 error, \d+ warning, \d+ info\) in 1 of 1 file\(s\)\./);
    assert.ok(!r.out.includes('\x1b['));
  });

  it('SARIF 2.1.0 with rules (helpUri) and results with regions', async () => {
    const d = tmpdir({ 'k8s/pod.yaml': PRIV });
    const r = await run(['scan', '.', '--format', 'sarif'], d);
    const s = JSON.parse(r.out);
    assert.strictEqual(s.version, '2.1.0');
    const run0 = s.runs[0];
    assert.strictEqual(run0.tool.driver.name, 'palisade');
    const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'K8S003');
    assert.match(rule.helpUri, /^https:\/\/.+K8S003\.md$/);
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text);
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'K8S003');
    assert.strictEqual(res.level, 'error');
    assert.strictEqual(run0.tool.driver.rules[res.ruleIndex].id, 'K8S003');
    assert.deepStrictEqual(res.locations[0].physicalLocation.artifactLocation, { uri: 'k8s/pod.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepStrictEqual(res.locations[0].physicalLocation.region, { startLine: 11, startColumn: 7, endLine: 11, endColumn: 23 });
  });

  it('rules --format json lists the registry', async () => {
    const r = await run(['rules', '--format', 'json']);
    const rules = JSON.parse(r.out);
    const k = rules.find((x: { id: string }) => x.id === 'K8S003');
    assert.deepStrictEqual(Object.keys(k).sort(), ['fix', 'id', 'language', 'name', 'references', 'severity', 'title']);
    assert.ok(rules.length >= 20);
    const md = await run(['rules', '--format', 'markdown']);
    assert.match(md.out, /\| \[K8S003\]\(K8S003\.md\) \|/);
  });

  it('a Namespace in another input file sets the level of its namespace', async () => {
    const ns = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n`;
    const d = tmpdir({ 'ns.yaml': ns, 'pod.yaml': PRIV });
    const j = JSON.parse((await run(['scan', '.', '--format', 'json'], d)).out);
    const pod = j.results.find((x: { file: string }) => x.file === 'pod.yaml');
    assert.deepStrictEqual(pod.findings.filter((f: { references: { pss: unknown } }) => f.references.pss), []);
  });

  it('the installed binary runs (bin/palisade.js over the bundle)', () => {
    const r = cp.spawnSync(process.execPath, [path.join(ROOT, 'bin', 'palisade.js'), 'scan', 'examples/kubernetes/hardened-deployment.yaml', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout).results[0].findings, []);
  });
  it('--as-of judges end-of-life dates as of the given day, and rejects a malformed date', async () => {
    const d = tmpdir({ Dockerfile: 'FROM node:16-alpine\nUSER 10001\nCMD ["node", "app.js"]\n' });
    const eol = async (asOf: string) => {
      const r = await run(['scan', '.', '--format', 'json', '--as-of', asOf], d);
      return JSON.parse(r.out).results[0].findings.filter((f: { ruleId: string }) => f.ruleId === 'DF004').length;
    };
    assert.strictEqual(await eol('2022-06-01'), 0, 'Node 16 was still supported in mid-2022');
    assert.strictEqual(await eol('2024-01-01'), 1, 'Node 16 reached end of life on 2023-09-11');
    const bad = await run(['scan', '.', '--as-of', 'yesterday'], d);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--as-of must be a date/);
  });
  it('refuses an implicit .palisade.yaml that is a symlink to a file outside the directory', async () => {
    const outside = tmpdir({ 'cfg.yaml': 'podSecurity:\n  level: privileged\n' });
    const d = tmpdir({ 'pod.yaml': PRIV });
    fs.symlinkSync(path.join(outside, 'cfg.yaml'), path.join(d, '.palisade.yaml'));
    const r = await run(['scan', '.', '--format', 'json'], d);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /resolves outside/);
    const ok = await run(['scan', '.', '--format', 'json', '--config', path.join(outside, 'cfg.yaml')], d);
    assert.notStrictEqual(ok.code, 2, 'an explicit --config is the user\'s choice');
  });
});
