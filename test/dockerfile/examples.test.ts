import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/settings';
import { COMPILED } from '../../server/src/engine/dockerfile/eol-data';
import { applyTextEdits } from '../../server/src/engine/text';

const DIR = path.join(__dirname, '..', '..', 'examples', 'docker');
// End-of-life verdicts depend on the date; the examples are checked against the table's compile date.
// The insecure example shows the whole catalogue: the strict profile (every rule).
const settings = { ...defaultSettings(), profile: 'strict' as const, today: COMPILED };
const scan = (name: string) => { const text = fs.readFileSync(path.join(DIR, name), 'utf8'); return { text, res: analyzeText(path.join(DIR, name), text, { settings }) }; };

describe('Dockerfile examples', () => {
  it('the hardened multi-stage Dockerfile has no warnings or errors', () => {
    const { res } = scan('Dockerfile');
    assert.deepStrictEqual(res.errors, []);
    assert.deepStrictEqual(res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId} ${f.message}`), []);
  });

  it('the insecure Dockerfile shows most rules', () => {
    const { res } = scan('Dockerfile.insecure');
    assert.deepStrictEqual(res.errors, []);
    const ids = new Set(res.findings.map((f) => f.ruleId));
    for (const id of ['DF001', 'DF004', 'DF006', 'DF007', 'DF008', 'DF009', 'DF011', 'DF012', 'DF013', 'DF014', 'DF015', 'DF016', 'DF017', 'DF018', 'DF019', 'DF020', 'DF022', 'DF023', 'DF024', 'DF025']) assert.ok(ids.has(id), `no ${id} finding`);
  });

  it('applying every safe fix to the insecure Dockerfile removes those findings and keeps it parseable', () => {
    const { text, res } = scan('Dockerfile.insecure');
    const edits = res.findings.flatMap((f) => f.fixes.filter((x) => x.applicability === 'safe').slice(0, 1).flatMap((x) => x.edits));
    const fixed = applyTextEdits(text, edits);
    const after = analyzeText('Dockerfile', fixed, { settings });
    assert.deepStrictEqual(after.errors, []);
    for (const id of ['DF006', 'DF017', 'DF018', 'DF020', 'DF023']) assert.ok(!after.findings.some((f) => f.ruleId === id), `${id} still reported after its fix:\n${fixed}`);
  });
});
