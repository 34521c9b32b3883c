/**
 * Issue 18, item 6: a `.palisade.yaml` whose aliases expand too much (51 aliases) is a diagnostic on
 * that file, never a crash; the CLI says so in one line (no stack trace) and fails with exit 2.
 * (The language server side is in lsp-hardening.test.ts.)
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig, configFindings } from '../../server/src/engine/config';
import { main, Io } from '../../server/src/cli/main';

export const ALIAS_CONFIG = `x: &x [1]\ny: [${Array.from({ length: 51 }, () => '*x').join(', ')}]\n`;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "nginx:1.25"}]\n';

describe('security: .palisade.yaml with too many aliases (#18 item 6)', () => {
  it('parseConfig reports it and uses defaults instead of throwing', () => {
    const cfg = parseConfig(ALIAS_CONFIG);
    assert.strictEqual(cfg.errors.length, 1);
    assert.match(cfg.errors[0].message, /^Invalid \.palisade\.yaml: it could not be read \(Excessive alias count.*\); using defaults\.$/);
    assert.strictEqual(cfg.unusable, true);
    assert.deepStrictEqual(cfg.settings, {});
    const f = configFindings(ALIAS_CONFIG, cfg);
    assert.strictEqual(f.length, 1);
    assert.strictEqual(f[0].ruleId, 'K8S101');
    assert.strictEqual(f[0].range.start.line, 0);
  });

  it('a configuration with 49 aliases is still read (yaml maxAliasCount 50)', () => {
    const cfg = parseConfig(`exclude: [&x build, ${Array.from({ length: 49 }, () => '*x').join(', ')}]\n`);
    assert.deepStrictEqual(cfg.errors, []);
    assert.strictEqual(cfg.unusable, undefined);
    assert.strictEqual(cfg.exclude.length, 50);
  });

  it('the CLI prints one clear line per problem, no stack trace, and exits 2', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-sec-'));
    try {
      fs.writeFileSync(path.join(d, '.palisade.yaml'), ALIAS_CONFIG);
      fs.writeFileSync(path.join(d, 'pod.yaml'), POD);
      let out = '', err = '';
      const io: Io = { out: (s) => { out += s; }, err: (s) => { err += s; }, cwd: d, isTTY: false };
      const code = await main(['scan', '.'], io);
      assert.strictEqual(code, 2, out + err);
      assert.match(err, /\.palisade\.yaml: Invalid \.palisade\.yaml: it could not be read \(Excessive alias count/);
      assert.match(err, /\.palisade\.yaml cannot be used/);
      assert.doesNotMatch(err, /internal error|\n\s+at /);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
