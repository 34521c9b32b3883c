/** `palisade scan --fix [--unsafe-fixes]` and `--diff`. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';
import { analyzeText } from '../../server/src/engine/analyze';
import { unifiedDiff } from '../../server/src/engine/fix/diff';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

function tmpdir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-fix-'));
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(d, name), body);
  return d;
}

const POD = `# the web pod
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  hostPID: true # debugging
  containers:
  - name: app
    image: nginx:1.25
    securityContext:
      privileged: false
      privileged: true # later wins
`;

describe('CLI --fix / --diff', () => {
  it('--fix applies safe fixes only, in place', async () => {
    const d = tmpdir({ 'pod.yaml': POD });
    const r = await run(['scan', '--fix', 'pod.yaml', '--format', 'json'], d);
    assert.match(r.err, /applied 1 fix\(es\) in 1 file\(s\)/);
    const out = fs.readFileSync(path.join(d, 'pod.yaml'), 'utf8');
    assert.strictEqual(out, POD.replace('      privileged: false\n', ''));
    const ids = JSON.parse(r.out).results[0].findings.map((f: { ruleId: string }) => f.ruleId);
    assert.ok(!ids.includes('YAML001') && ids.includes('K8S003'), 'the report is of the fixed file');
  });

  it('--fix --unsafe-fixes hardens, keeps CRLF, BOM, mode and comments, leaves no temp file', async () => {
    const crlf = POD.replace(/\n/g, '\r\n');
    const d = tmpdir({ 'pod.yaml': '\uFEFF' + crlf });
    fs.chmodSync(path.join(d, 'pod.yaml'), 0o640);
    const r = await run(['scan', '--fix', '--unsafe-fixes', '.', '--format', 'json'], d);
    const raw = fs.readFileSync(path.join(d, 'pod.yaml'));
    assert.deepStrictEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const out = raw.toString('utf8').slice(1);
    assert.ok(!/(^|[^\r])\n/.test(out), 'only CRLF line ends');
    assert.ok(out.includes('# the web pod') && out.includes('# later wins'));
    assert.ok(!out.includes('hostPID'), 'hostPID removed (with the comment of its own line)');
    assert.strictEqual(fs.statSync(path.join(d, 'pod.yaml')).mode & 0o777, 0o640);
    assert.deepStrictEqual(fs.readdirSync(d), ['pod.yaml']);
    const pss = JSON.parse(r.out).results[0].findings.filter((f: { references: { pss: unknown } }) => f.references.pss);
    assert.deepStrictEqual(pss, []);
    assert.deepStrictEqual(analyzeText('pod.yaml', out).findings.filter((f) => f.references.pss), []);
  });

  it('--diff prints a unified diff and changes nothing', async () => {
    const d = tmpdir({ 'pod.yaml': POD });
    const r = await run(['scan', '--diff', '--unsafe-fixes', 'pod.yaml'], d);
    assert.strictEqual(fs.readFileSync(path.join(d, 'pod.yaml'), 'utf8'), POD);
    assert.match(r.out, /^--- a\/pod\.yaml\n\+\+\+ b\/pod\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    assert.match(r.out, /^-  hostPID: true # debugging$/m);
    assert.match(r.out, /^\+      allowPrivilegeEscalation: false$/m);
  });

  it('never touches a file that does not parse', async () => {
    const broken = POD + 'spec: [unclosed\n';
    const d = tmpdir({ 'bad.yaml': broken });
    const r = await run(['scan', '--fix', '--unsafe-fixes', 'bad.yaml'], d);
    assert.strictEqual(fs.readFileSync(path.join(d, 'bad.yaml'), 'utf8'), broken);
    assert.match(r.err, /bad\.yaml: not fixed: YAML syntax error/);
  });

  it('a Namespace labelled privileged in another input keeps its pods as they are', async () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: privileged\n';
    const d = tmpdir({ 'ns.yaml': ns, 'pod.yaml': POD });
    await run(['scan', '--fix', '--unsafe-fixes', '.'], d);
    const out = fs.readFileSync(path.join(d, 'pod.yaml'), 'utf8');
    assert.ok(out.includes('hostPID: true'), 'no Pod Security fix in a privileged namespace');
  });
});

describe('unified diff', () => {
  it('matches diff -u for changes, insertions at the end and a missing final newline', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const b = 'a\nB\nc\nd\ne\nf\ng\nh\ni';
    assert.strictEqual(unifiedDiff('a/x', 'b/x', a, b, 1), '--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -8,1 +8,2 @@\n h\n+i\n\\ No newline at end of file\n');
    assert.strictEqual(unifiedDiff('a/x', 'b/x', a, a), '');
    assert.strictEqual(unifiedDiff('a/x', 'b/x', '', 'x\n'), '--- a/x\n+++ b/x\n@@ -0,0 +1,1 @@\n+x\n');
  });
});
