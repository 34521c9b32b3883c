/**
 * Kustomize's own krusty tests for features the shared corpus leaves out, extracted with their origin and licence:
 * `replacements` (replacements/) and custom OpenAPI schemas for strategic merges (openapi/). Each case is built as
 * kustomize's test harness builds it (no final reordering) and compared byte for byte with the test's expectation,
 * or must fail when the test expects an error. Also: what the builder does not do is an error that says so.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { kustomizeBuild, KustomizeHost, KustomizeError } from '../../server/src/engine/kustomize/build';
import { diskHost } from '../../server/src/cli/kustomize';

for (const [suite, min] of [['replacements', 9], ['openapi', 12]] as const) {
  const root = path.join(__dirname, suite);
  describe(`kustomize ${suite} (kustomize's krusty tests)`, () => {
    const cases = fs.readdirSync(root).filter((d) => d.startsWith('Test'));
    it('has the extracted cases', () => assert.ok(cases.length >= min, `only ${cases.length} cases`));
    for (const c of cases) {
      it(c, () => {
        const dir = path.resolve(root, c, 'in', fs.readFileSync(path.join(root, c, 'run'), 'utf8').trim());
        if (fs.existsSync(path.join(root, c, 'wantError'))) {
          assert.throws(() => kustomizeBuild(diskHost(), dir, { reorder: 'none' }), KustomizeError);
          return;
        }
        const expected = fs.readFileSync(path.join(root, c, 'expected.yaml'), 'utf8');
        assert.strictEqual(kustomizeBuild(diskHost(), dir, { reorder: 'none' }).yaml, expected);
      });
    }
  });
}

describe('kustomize replacements: edge cases', () => {
  const hostOf = (files: Record<string, string>): KustomizeHost => ({ readFile: (p) => files[p], isDirectory: (p) => p === '/k' });
  it('copies an empty string, and reaches a key with dots written in brackets', () => {
    const files: Record<string, string> = {
      '/k/kustomization.yaml': [
        'resources:', '- r.yaml', 'replacements:', '- source:', '    kind: ConfigMap', '    fieldPath: data.PREFIX', '  targets:', '  - select:',
        '      kind: Deployment', '    fieldPaths:', '    - spec.template.metadata.annotations.[traffic.sidecar.istio.io/excludeOutboundPorts]', '',
      ].join('\n'),
      '/k/r.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  PREFIX: ""\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    metadata:\n      annotations:\n        traffic.sidecar.istio.io/excludeOutboundPorts: "443"\n',
    };
    const out = kustomizeBuild(hostOf(files), '/k').yaml;
    assert.ok(out.includes('        traffic.sidecar.istio.io/excludeOutboundPorts: ""\n'), out);
  });


  it('says so when a target path goes into YAML held in a string field', () => {
    const files: Record<string, string> = {
      '/k/kustomization.yaml': 'resources:\n- cm.yaml\nreplacements:\n- sourceValue: v2\n  targets:\n  - select:\n      kind: ConfigMap\n    fieldPaths:\n    - data.settings.image.tag\n',
      '/k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  settings: |\n    image:\n      tag: v1\n',
    };
    assert.throws(() => kustomizeBuild(hostOf(files), '/k'), /unable to find field .* \(the path goes into YAML or JSON held in a string field, which this builder does not edit\)/);
  });
});
