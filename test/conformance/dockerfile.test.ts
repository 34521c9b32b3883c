/**
 * Conformance with Checkov's Dockerfile check fixtures (../shared/corpus/checkov, MANIFEST entries
 * CKV_DOCKER_* and CKV2_DOCKER_*): a fixture labelled `fail` must get a finding from a rule that
 * lists the Checkov id in references.peers; a `pass` fixture must get none. Every security-relevant
 * Checkov id must be covered by some rule. Disagreements are recorded, with their reasons, in
 * disagreements/dockerfile.json: an unlisted disagreement fails, and so does a listed one that no
 * longer occurs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/engine/analyze';
import { allRules } from '../../server/src/engine/rules';
import { manifest, CORPUS_DIR } from '../corpus';
import { defaultSettings } from '../../server/src/engine/settings';

const STRICT = { ...defaultSettings(), profile: 'strict' as const };

interface Entry { file: string; peer_rule_id: string; peer_rule_title: string; expect: 'pass' | 'fail' }
interface Disagreements {
  notSecurityRelevant: Record<string, string>;
  /** Fixtures that Docker itself rejects, and why. */
  syntaxErrors: Record<string, string>;
  disagreements: { file: string; peer: string; expect: 'pass' | 'fail'; reason: string }[];
}

const DATA = path.join(__dirname, 'disagreements', 'dockerfile.json');

describe('conformance: Checkov Dockerfile fixtures (corpus/checkov CKV_DOCKER_*, CKV2_DOCKER_*)', () => {
  const entries = manifest<Entry>('checkov').filter((e) => /^CKV2?_DOCKER_/.test(e.peer_rule_id));
  const data = JSON.parse(fs.readFileSync(DATA, 'utf8')) as Disagreements;
  const rulesFor = (peer: string) => allRules.filter((r) => r.meta.language === 'dockerfile' && r.meta.references.peers.includes(`checkov:${peer}`)).map((r) => r.meta.id);
  const ids = [...new Set(entries.map((e) => e.peer_rule_id))].sort();

  it('has the Dockerfile fixtures', () => {
    assert.ok(entries.length >= 100, `only ${entries.length} Dockerfile fixtures`);
    assert.ok(entries.some((e) => e.expect === 'pass') && entries.some((e) => e.expect === 'fail'));
  });

  it('covers every security-relevant Checkov id with a rule (others are listed with a reason)', () => {
    const uncovered = ids.filter((id) => !rulesFor(id).length && !data.notSecurityRelevant[id]);
    for (const id of Object.keys(data.notSecurityRelevant)) {
      assert.ok(ids.includes(id), `${id} is listed as not security-relevant but has no fixtures`);
      assert.deepStrictEqual(rulesFor(id), [], `${id} is listed as not security-relevant but a rule references it; remove it from the list`);
      assert.ok(data.notSecurityRelevant[id].length > 20, `${id}: give a reason`);
    }
    const covered = ids.filter((id) => rulesFor(id).length);
    console.log(`      coverage: ${covered.length}/${ids.length} Checkov Dockerfile ids covered by rules; ${Object.keys(data.notSecurityRelevant).length} listed as not security-relevant (${Object.keys(data.notSecurityRelevant).join(', ')})`);
    assert.deepStrictEqual(uncovered, []);
  });

  it('agrees with at least 95% of the labels; every disagreement is recorded with its reason', () => {
    const seen: string[] = [];
    let scored = 0, agree = 0;
    for (const e of entries) {
      const rules = rulesFor(e.peer_rule_id);
      if (!rules.length) continue;
      scored++;
      const text = fs.readFileSync(path.join(CORPUS_DIR, e.file), 'utf8');
      const res = analyzeText(e.file, text, { settings: STRICT }); // per-rule conformance: every rule
      const hits = res.findings.filter((f) => rules.includes(f.ruleId));
      const ok = e.expect === 'fail' ? hits.length > 0 : hits.length === 0;
      if (ok) { agree++; continue; }
      seen.push(e.file);
      const listed = data.disagreements.find((d) => d.file === e.file && d.peer === e.peer_rule_id);
      assert.ok(listed, `unlisted disagreement: ${e.file} (${e.peer_rule_id}) expected ${e.expect}, got ${hits.length ? hits.map((h) => `${h.ruleId} ${h.range.start.line + 1}:${h.range.start.character + 1} ${h.message}`).join('; ') : 'no finding'} from ${rules.join(', ')}`);
      assert.strictEqual(listed.expect, e.expect);
      assert.ok(listed.reason.length > 20, `${e.file}: give a reason`);
    }
    const stale = data.disagreements.filter((d) => !seen.includes(d.file));
    assert.deepStrictEqual(stale.map((d) => d.file), [], 'listed disagreements that no longer occur; remove them from disagreements/dockerfile.json');
    const pct = (100 * agree) / scored;
    console.log(`      agreement: ${agree}/${scored} fixtures (${pct.toFixed(1)}%), ${seen.length} recorded disagreements`);
    assert.ok(pct >= 95, `agreement ${pct.toFixed(1)}% < 95%`);
  });

  it('reports a syntax error exactly on the fixtures Docker would reject (listed with the reason)', () => {
    const withErrors: string[] = [];
    for (const e of entries) {
      const text = fs.readFileSync(path.join(CORPUS_DIR, e.file), 'utf8');
      const res = analyzeText(e.file, text, { settings: STRICT }); // per-rule conformance: every rule
      assert.ok(res.errors.length <= 1, `${e.file}: more than one syntax diagnostic`);
      if (res.errors.length) withErrors.push(e.file);
    }
    assert.deepStrictEqual(withErrors.sort(), Object.keys(data.syntaxErrors).sort());
  });
});
