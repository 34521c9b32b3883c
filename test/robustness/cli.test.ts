/** The CLI on hostile file systems: clear error entries, exit code 2 only when nothing could be scanned. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, Io } from '../../server/src/cli/main';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      privileged: true\n';

async function run(args: string[], cwd: string): Promise<{ code: number; json: { results: { file: string; errors: { message: string }[] }[] } }> {
  let out = '';
  const io: Io = { out: (s) => { out += s; }, err: () => undefined, cwd, isTTY: false };
  const code = await main(['scan', ...args, '--format', 'json'], io);
  return { code, json: JSON.parse(out) };
}

describe('robustness: CLI', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-rob-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('unreadable files, dangling links, symlink loops and non-UTF-8 names give error entries; findings still reported', async () => {
    fs.writeFileSync(path.join(dir, 'ok.yaml'), POD);
    fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'dangling.yaml'));
    fs.mkdirSync(path.join(dir, 'loop'));
    fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'self'));
    fs.writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'bad-')), Buffer.from([0xff, 0xfe]), Buffer.from('.yaml')]), POD);
    // chmod 000 does not stop root from reading: then a self-referencing symlink stands in (ELOOP on open)
    const unreadable = path.join(dir, 'secret.yaml');
    if (process.getuid?.() === 0) fs.symlinkSync(unreadable, unreadable);
    else { fs.writeFileSync(unreadable, POD); fs.chmodSync(unreadable, 0o000); }
    const r = await run([dir], dir);
    assert.strictEqual(r.code, 1);
    const errs = r.json.results.filter((x) => x.errors.length);
    assert.ok(errs.some((e) => e.file.includes('dangling') && /cannot read/.test(e.errors[0].message)), JSON.stringify(errs));
    assert.ok(errs.some((e) => e.file.includes('secret') && /cannot read/.test(e.errors[0].message)), JSON.stringify(errs));
    assert.ok(r.json.results.some((x) => x.file === 'ok.yaml'));
    assert.ok(r.json.results.some((x) => x.file.startsWith('bad-')), 'a non-UTF-8 name is still scanned');
  });

  it('exit code 2 only when nothing could be scanned', async () => {
    fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'dangling.yaml'));
    const r = await run([path.join(dir, 'dangling.yaml'), path.join(dir, 'nope')], dir);
    assert.strictEqual(r.code, 2);
    assert.ok(r.json.results.every((x) => x.errors.length > 0));
  });

  it('a directory it cannot enter gives an error entry', async () => {
    fs.writeFileSync(path.join(dir, 'ok.yaml'), POD);
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    if (process.getuid?.() === 0) {
      // root enters any directory: a symlink to a file named like a directory cannot be entered either
      fs.rmdirSync(locked);
      fs.writeFileSync(path.join(dir, 'plain'), 'x');
      fs.symlinkSync(path.join(dir, 'plain', 'sub'), locked);
    } else fs.chmodSync(locked, 0o000);
    const r = await run([dir, locked], dir);
    if (process.getuid?.() !== 0) fs.chmodSync(locked, 0o755);
    assert.strictEqual(r.code, 1);
    assert.ok(r.json.results.some((x) => x.file.includes('locked') && x.errors.length > 0), JSON.stringify(r.json.results.map((x) => [x.file, x.errors])));
  });
});
