/**
 * Issue 18, item 13: the VSIX carries Palisade's licence (Apache-2.0) and the licences of the
 * packages bundled into dist/*.js; the packaged bundles do not point at source maps the VSIX does
 * not ship. Builds the packaged (--minify) bundles into a temporary directory.
 */
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

describe('security: licences in the package (#18 item 13)', function () {
  this.timeout(180000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-dist-'));
    cp.execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--minify'], { cwd: ROOT, env: { ...process.env, PALISADE_DIST: out }, stdio: 'pipe' });
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('LICENSE is the Apache License 2.0, as package.json says, and the VSIX takes it (no --skip-license)', () => {
    const lic = read('LICENSE');
    assert.match(lic, /^\s*Apache License\s+Version 2\.0, January 2004/);
    assert.match(lic, /TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION/);
    assert.match(lic, /END OF TERMS AND CONDITIONS/);
    const pkg = JSON.parse(read('package.json'));
    assert.strictEqual(pkg.license, 'Apache-2.0');
    assert.doesNotMatch(pkg.scripts.package, /--skip-license/);
    const ignore = read('.vscodeignore').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('!LICENSE'));
    assert.ok(ignore.includes('!dist/THIRD_PARTY_NOTICES.txt'));
    assert.ok(!ignore.some((l) => /^!.*\.map$/.test(l)), 'no source map is shipped');
  });

  for (const bundle of ['client.js', 'server.js', 'cli.js']) {
    it(`${bundle}: no sourceMappingURL in the packaged bundle; every bundled package's licence is in THIRD_PARTY_NOTICES.txt`, () => {
      const js = fs.readFileSync(path.join(out, bundle), 'utf8');
      assert.doesNotMatch(js, /sourceMappingURL=/);
      const notices = fs.readFileSync(path.join(out, 'THIRD_PARTY_NOTICES.txt'), 'utf8');
      // the external map lists every input of the bundle
      const sources: string[] = JSON.parse(fs.readFileSync(path.join(out, `${bundle}.map`), 'utf8')).sources;
      const dirs = new Set<string>();
      for (const s of sources) {
        const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(s.replace(/\\/g, '/'));
        if (m) dirs.add(path.resolve(out, m[1]));
      }
      assert.ok(dirs.size >= 3, `bundled packages of ${bundle}: ${[...dirs]}`);
      for (const dir of dirs) {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
        assert.ok(notices.includes(`\n${pkg.name} ${pkg.version} (`), `${pkg.name} ${pkg.version} is not listed`);
        const files = fs.readdirSync(dir).filter((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
        assert.ok(files.length, `${pkg.name} has a licence file`);
        for (const f of files) {
          const text = fs.readFileSync(path.join(dir, f), 'utf8').replace(/\r\n/g, '\n').trim();
          assert.ok(notices.includes(text), `the licence text of ${pkg.name} (${f}) is reproduced`);
        }
      }
    });
  }
});
