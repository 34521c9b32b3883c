/**
 * Kustomize `replacements`: the literal cases of kustomize's own replacementtransformer_test.go (replacements/, with
 * their origin and licence), built as kustomize's test harness builds them and compared byte for byte; and what the
 * builder does not do (values inside YAML held in a string) is an error that says so.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { kustomizeBuild, KustomizeHost } from '../../server/src/engine/kustomize/build';
import { diskHost } from '../../server/src/cli/kustomize';

const ROOT = path.join(__dirname, 'replacements');

describe('kustomize replacements', () => {
  const cases = fs.readdirSync(ROOT).filter((d) => d.startsWith('Test'));
  it('has the extracted cases', () => assert.ok(cases.length >= 9, `only ${cases.length} cases`));
  for (const c of cases) {
    it(c, () => {
      const run = fs.readFileSync(path.join(ROOT, c, 'run'), 'utf8').trim();
      const expected = fs.readFileSync(path.join(ROOT, c, 'expected.yaml'), 'utf8');
      assert.strictEqual(kustomizeBuild(diskHost(), path.resolve(ROOT, c, 'in', run), { reorder: 'none' }).yaml, expected);
    });
  }

  it('says so when a target path goes into YAML held in a string field', () => {
    const files: Record<string, string> = {
      '/k/kustomization.yaml': 'resources:\n- cm.yaml\nreplacements:\n- sourceValue: v2\n  targets:\n  - select:\n      kind: ConfigMap\n    fieldPaths:\n    - data.settings.image.tag\n',
      '/k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  settings: |\n    image:\n      tag: v1\n',
    };
    const host: KustomizeHost = { readFile: (p) => files[p], isDirectory: (p) => p === '/k' };
    assert.throws(() => kustomizeBuild(host, '/k'), /unable to find field .* \(the path goes into YAML or JSON held in a string field, which this builder does not edit\)/);
  });
});
