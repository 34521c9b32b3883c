/**
 * `--fix` and symbolic links (#18): links out of the scanned paths are neither followed by the walk
 * nor written; a named one is an error entry; fixes are written in place (same inode, mode, hard links).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';
import { writeInPlace } from '../../server/src/cli/fix';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.25\n    securityContext:\n      privileged: false\n      privileged: true\n';
const FIXED = POD.replace('      privileged: false\n', '');

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe('CLI --fix through symbolic links, in-place writes (#18)', () => {
  let base: string, repo: string, outside: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-links-'));
    repo = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    fs.mkdirSync(repo);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'victim.yaml'), POD);
    fs.mkdirSync(path.join(outside, 'dir'));
    fs.writeFileSync(path.join(outside, 'dir', 'victim2.yaml'), POD);
    fs.writeFileSync(path.join(repo, 'own.yaml'), POD);
    fs.symlinkSync('../outside/victim.yaml', path.join(repo, 'link.yaml'));
    fs.symlinkSync('../outside/dir', path.join(repo, 'linkdir'));
  });
  afterEach(() => { fs.rmSync(base, { recursive: true, force: true }); });

  it('scan . --fix writes neither a linked file nor a linked folder outside the tree, and says links were not followed', async () => {
    const r = await run(['scan', '.', '--fix', '--format', 'json'], repo);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'victim.yaml'), 'utf8'), POD, 'the linked file outside is untouched');
    assert.strictEqual(fs.readFileSync(path.join(outside, 'dir', 'victim2.yaml'), 'utf8'), POD, 'the file in the linked folder is untouched');
    assert.strictEqual(fs.readFileSync(path.join(repo, 'own.yaml'), 'utf8'), FIXED, 'the repository\'s own file is fixed');
    assert.deepStrictEqual(JSON.parse(r.out).results.map((x: { file: string }) => x.file), ['own.yaml'], 'the walk did not follow the links out');
    assert.match(r.err, /palisade: 2 symbolic link\(s\) leading outside the scanned paths were not followed/);
  });

  it('links that stay inside the scanned tree are followed (once)', async () => {
    fs.mkdirSync(path.join(repo, 'k8s'));
    fs.writeFileSync(path.join(repo, 'k8s', 'real.yaml'), POD);
    fs.symlinkSync('real.yaml', path.join(repo, 'k8s', 'alias.yaml'));
    fs.symlinkSync('k8s', path.join(repo, 'k8s-link'));
    const r = await run(['scan', '.', '--format', 'json'], repo);
    const files = JSON.parse(r.out).results.map((x: { file: string }) => x.file);
    assert.strictEqual(files.filter((f: string) => f.includes('real') || f.includes('alias')).length, 1, files.join());
  });

  it('a named link to a file outside the current directory and the named paths is an error entry, not read or written', async () => {
    const cwd = path.join(base, 'repo');
    fs.mkdirSync(path.join(base, 'elsewhere'));
    fs.symlinkSync(path.join(outside, 'victim.yaml'), path.join(base, 'elsewhere', 'named.yaml'));
    const r = await run(['scan', path.join(base, 'elsewhere', 'named.yaml'), '--fix', '--format', 'json'], cwd);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'victim.yaml'), 'utf8'), POD);
    const res = JSON.parse(r.out).results;
    assert.strictEqual(res.length, 1);
    assert.match(res[0].errors[0].message, /^skipped: symbolic link to .*victim\.yaml, outside the scanned paths and the current directory; it was not checked/);
    assert.strictEqual(r.code, 2, 'nothing could be scanned');
  });

  it('writes in place: the inode, the mode and a hard link stay', async () => {
    const f = path.join(repo, 'own.yaml');
    fs.chmodSync(f, 0o640);
    fs.linkSync(f, path.join(base, 'hardlink.yaml'));
    const before = fs.statSync(f);
    await run(['scan', 'own.yaml', '--fix', '--format', 'json'], repo);
    const after = fs.statSync(f);
    assert.strictEqual(fs.readFileSync(f, 'utf8'), FIXED);
    assert.strictEqual(after.ino, before.ino, 'same inode');
    assert.strictEqual(after.mode & 0o7777, 0o640);
    assert.strictEqual(after.nlink, 2);
    assert.strictEqual(fs.readFileSync(path.join(base, 'hardlink.yaml'), 'utf8'), FIXED, 'the hard link sees the fix');
    assert.deepStrictEqual(fs.readdirSync(repo).sort(), ['link.yaml', 'linkdir', 'own.yaml'], 'no temporary file left');
  });

  it('a shorter fix truncates the file; a file that changed on disk since it was read is left as it is', async () => {
    const f = path.join(repo, 'own.yaml');
    assert.strictEqual(writeInPlace(f, POD, 'a: 1\n', [fs.realpathSync(repo)]), undefined);
    assert.strictEqual(fs.readFileSync(f, 'utf8'), 'a: 1\n');
    assert.strictEqual(writeInPlace(f, POD, 'b: 2\n', [fs.realpathSync(repo)]), 'changed on disk while fixing; left as it is');
    assert.match(writeInPlace(path.join(repo, 'link.yaml'), POD, 'x', [fs.realpathSync(repo)])!, /outside the scanned paths/);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'victim.yaml'), 'utf8'), POD);
  });

  it('--fix on standard input is not possible: an error line, and --diff shows the fixes', async () => {
    let out = '';
    let err = '';
    const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd: repo, isTTY: false, stdin: () => ({ text: POD }) };
    await main(['scan', '-', '--fix', '--format', 'json'], io);
    assert.match(err, /palisade: <stdin>: not fixed: <stdin> is a stream, not a file \(use --diff to see the fixes\)/);
    out = '';
    await main(['scan', '-', '--diff', '--no-color'], io);
    assert.match(out, /^--- a\/<stdin>\n\+\+\+ b\/<stdin>\n/);
    assert.match(out, /^-      privileged: false$/m);
  });
});
