/** The bundled examples for mesh, identity, secrets, policy and pipeline files. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

const EX = path.join(__dirname, '..', '..', 'examples');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p)); else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Scans under the default profile, or the strict one (every rule) for the catalogue of the insecure examples. */
function scan(paths: string[], profile: 'default' | 'strict' = 'default') {
  return scanTexts(paths.map((p) => ({ file: path.relative(EX, p).split(path.sep).join('/'), text: fs.readFileSync(p, 'utf8') })), { ...defaultSettings(), profile });
}

const EXPECT: Record<string, string[]> = {
  istio: ['IST001', 'IST002', 'IST003', 'IST004', 'IST005', 'IST006', 'IST007', 'IST008', 'IST009', 'IST010', 'IST011', 'IST012', 'IST013'],
  spire: ['SPF001', 'SPF002', 'SPF003', 'SPF004', 'SPF005', 'SPF006', 'SPF007', 'SPF008'],
  vault: ['VLT001', 'VLT002', 'VLT003', 'VLT004', 'VLT005', 'VLT006', 'SEC001', 'SEC002'],
  gatekeeper: ['GK001', 'GK002', 'GK003', 'GK004'],
  falco: ['FAL001', 'FAL002', 'FAL003', 'FAL004', 'FAL005'],
  'github-actions': ['GHA001', 'GHA002', 'GHA003', 'GHA004', 'GHA005', 'GHA006', 'GHA007', 'GHA008'],
};

describe('mesh, identity, policy and pipeline examples', () => {
  for (const [dir, ids] of Object.entries(EXPECT)) {
    const all = files(path.join(EX, dir));
    const hardened = all.filter((f) => /hardened/.test(path.basename(f)));
    const insecure = all.filter((f) => !/hardened/.test(path.basename(f)));
    it(`${dir}: the hardened examples have no finding, even under the strict profile`, () => {
      assert.ok(hardened.length > 0);
      const res = scan(hardened, 'strict');
      assert.deepStrictEqual(res.flatMap((r) => [...r.errors.map((e) => `${r.file} ${e.message}`), ...r.findings.map((f) => `${r.file}:${f.range.start.line + 1} ${f.ruleId} ${f.message}`)]), []);
    });
    it(`${dir}: the insecure examples show every rule of the family (strict profile)`, () => {
      assert.ok(insecure.length > 0);
      const res = scan(insecure, 'strict');
      assert.deepStrictEqual(res.flatMap((r) => r.errors), []);
      const got = new Set(res.flatMap((r) => r.findings.map((f) => f.ruleId)));
      assert.deepStrictEqual(ids.filter((id) => !got.has(id)), []);
    });
  }
});
