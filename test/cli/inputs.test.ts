/**
 * Inputs that are not regular files (#18): `-` reads standard input; `/dev/stdin`, a process
 * substitution `<(...)` and a named FIFO are read as streams, with the size limit. Before, each
 * printed "No problems found in 0 file(s)" and exited 0.
 */
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { main, Io } from '../../server/src/cli/main';

const ROOT = path.resolve(__dirname, '..', '..');
const RUN = path.join(__dirname, 'run-cli.ts');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n';

/**
 * The CLI in a child process (from source, through tsx resolved from the repository, so the child can
 * run in any directory): a real standard input, FIFO or process substitution. A shell command gets
 * $CLI (the command line that starts the CLI) and $DIR. Each child is killed after 30 s.
 */
const TSX = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json', { paths: [ROOT] })), 'dist', 'loader.mjs')).href;
function spawn(args: string[], opts: { input?: string; cwd?: string; shell?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const cli = `"${process.execPath}" --import "${TSX}" "${RUN}"`;
  const r = opts.shell !== undefined
    ? cp.spawnSync('bash', ['-c', opts.shell], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input, env: { ...process.env, CLI: cli }, timeout: 30000, killSignal: 'SIGKILL' })
    : cp.spawnSync(process.execPath, ['--import', TSX, RUN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', input: opts.input, timeout: 30000, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const k8s003 = (json: string) => JSON.parse(json).results.flatMap((r: { file: string; findings: { ruleId: string }[] }) => r.findings.filter((f) => f.ruleId === 'K8S003').map(() => r.file));

describe('CLI: standard input, FIFOs and process substitutions (#18)', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-in-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('`scan -` reads standard input and names it <stdin>', () => {
    const r = spawn(['scan', '-', '--format', 'json'], { input: POD });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.deepStrictEqual(k8s003(r.stdout), ['<stdin>']);
    const t = spawn(['scan', '-', '--no-color'], { input: POD });
    assert.match(t.stdout, /^<stdin>:10:7 error K8S003 /m);
  });

  it('--stdin-filename names standard input and sets its kind (a Dockerfile)', () => {
    const r = spawn(['scan', '-', '--stdin-filename', 'build/Dockerfile', '--format', 'json'], { input: 'FROM alpine:3.19\nUSER root\nCMD ["sh"]\n' });
    const res = JSON.parse(r.stdout).results;
    assert.deepStrictEqual(res.map((x: { file: string }) => x.file), ['build/Dockerfile']);
    assert.ok(res[0].findings.some((f: { ruleId: string }) => f.ruleId === 'DF001'), r.stdout);
  });

  it('/dev/stdin is read as a stream', () => {
    const r = spawn(['scan', '/dev/stdin', '--format', 'json'], { input: POD });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.deepStrictEqual(k8s003(r.stdout), ['/dev/stdin']);
  });

  it('a process substitution <(...) is read as a stream', () => {
    fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
    const r = spawn([], { cwd: dir, shell: 'eval "$CLI scan <(cat pod.yaml) --format json"' });
    assert.strictEqual(r.status, 1, r.stderr);
    const files = k8s003(r.stdout);
    assert.strictEqual(files.length, 1, r.stdout);
    assert.match(files[0], /^\/(dev|proc\/self)\/fd\/\d+$/);
  });

  it('a named FIFO is read as a stream', () => {
    fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
    cp.execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    // the writer gives up after 20 s (and closes the output) if the CLI never opens the FIFO
    const r = spawn([], { cwd: dir, shell: '(timeout 20 sh -c "cat pod.yaml > pipe.yaml" >/dev/null 2>&1 &) ; eval "$CLI scan pipe.yaml --format json"' });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.deepStrictEqual(k8s003(r.stdout), ['pipe.yaml']);
  });

  it('a FIFO met in a directory walk is not opened (it would block): only named ones are read', async () => {
    fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);
    cp.execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    let out = '';
    const io: Io = { out: (s) => { out += s; }, err: () => undefined, cwd: dir, isTTY: false };
    assert.strictEqual(await main(['scan', '.', '--format', 'json'], io), 1);
    assert.deepStrictEqual(JSON.parse(out).results.map((r: { file: string }) => r.file), ['pod.yaml']);
  });

  it('a stream over the size limit is an error that fails the scan, not a truncated text', async () => {
    let out = '';
    let err = '';
    const big = POD + '# ' + 'x'.repeat(2 * 1024 * 1024) + '\n';
    const r = spawn(['scan', '-', '--format', 'json', '--max-file-size', '1'], { input: big });
    out = r.stdout; err = r.stderr;
    assert.strictEqual(r.status, 2, err);
    const res = JSON.parse(out).results;
    assert.deepStrictEqual(res.map((x: { file: string; findings: unknown[] }) => [x.file, x.findings.length]), [['<stdin>', 0]]);
    assert.match(res[0].errors[0].message, /longer than the 1 MB limit \(--max-file-size\); it was not checked/);
    // raised, the same stream is analysed
    const ok = spawn(['scan', '-', '--format', 'json', '--max-file-size', '3'], { input: big });
    assert.deepStrictEqual(k8s003(ok.stdout), ['<stdin>']);
  });

  it('--max-file-size raises the limit for files too; a bad value is a usage error', async () => {
    fs.writeFileSync(path.join(dir, 'big.yaml'), POD + '# ' + 'x'.repeat(1024 * 1024) + '\n');
    const run = async (...a: string[]) => {
      let out = '';
      const io: Io = { out: (s) => { out += s; }, err: () => undefined, cwd: dir, isTTY: false };
      const code = await main(['scan', 'big.yaml', '--format', 'json', ...a], io);
      return { code, out };
    };
    const small = await run('--max-file-size', '0.5');
    assert.strictEqual(small.code, 2);
    assert.match(JSON.parse(small.out).results[0].errors[0].message, /over the 0\.5 MB limit \(--max-file-size\)/);
    assert.deepStrictEqual(k8s003((await run()).out), ['big.yaml']);
    assert.strictEqual((await run('--max-file-size', 'lots')).code, 2);
  });
});
