/**
 * The benchmark's generated chart (bench/gen.ts `chart`, issue 23): what `npm run bench` re-renders
 * per keystroke must be a chart the engine renders in full, with findings for the analysis to carry,
 * or the chart row would time an error message.
 */
import * as assert from 'assert';
import { chart } from '../../bench/gen';
import { helmTemplate } from '../../server/src/engine/helm/chart';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

describe('bench: the generated 30-template chart', () => {
  it('renders one Deployment per template, each with its own values, and has findings', () => {
    const files = chart(30);
    assert.strictEqual(Object.keys(files).filter((f) => /^templates\/deployment-\d+\.yaml$/.test(f)).length, 30);
    const r = helmTemplate(files, { now: 0 });
    assert.strictEqual(r.error, undefined);
    assert.strictEqual(r.manifests.length, 30);
    assert.ok(r.manifests.every((m) => m.kind === 'Deployment'));
    const m15 = r.manifests.find((m) => m.name === 'release-name-bench-c15');
    assert.ok(m15, 'deployment-15 rendered with its name');
    assert.match(m15!.content, /containerPort: 8015/);
    assert.match(m15!.content, /allowPrivilegeEscalation: true/);
    // the line the bench types at exists in the template it edits
    assert.match(files['templates/deployment-15.yaml'], /^\s+component: c15$/m);
    const results = scanTexts(r.manifests.map((m, i) => ({ file: `m${i}.yaml`, text: m.content, languageId: 'yaml' as const })), defaultSettings());
    assert.ok(results.every((x) => x.errors.length === 0));
    assert.ok(results.reduce((n, x) => n + x.findings.length, 0) >= 30);
  });
});
