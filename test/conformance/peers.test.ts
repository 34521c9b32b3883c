/**
 * Conformance with peer tools' own labelled fixtures: ../shared/corpus/polaris (whole-file verdicts)
 * and the Kubernetes part of ../shared/corpus/checkov (per-resource verdicts where
 * `resources[].expect` is given). Dockerfile fixtures (CKV_DOCKER_*, CKV2_DOCKER_*) are the
 * Dockerfile conformance suite's business.
 *
 * Our verdict for a fixture and a peer id = whether any finding of a rule whose
 * `references.peers` contains that id is reported (on the file, or on the resource).
 *
 * Data files (one per rule family where engineers would otherwise collide):
 * - peer-scope.json: peer ids out of scope (pure reliability checks, test-only custom checks), each with a reason;
 * - uncovered/<family>.json: in-scope ids no rule references yet, each with a reason (printed);
 * - disagreements/<family>.json: every fixture where we deliberately disagree, with the reason.
 * Listing is two-way honest: an unlisted disagreement fails, and so does a listed one that no
 * longer occurs, an uncovered id that a rule now references, or an excluded id a rule references.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';
import { allRules } from '../../server/src/engine/rules';
import type { Finding } from '../../server/src/engine/types';
import { manifest, CORPUS_DIR } from '../corpus';

type Source = 'polaris' | 'checkov';
const SOURCES: Source[] = ['polaris', 'checkov'];
const MIN_AGREEMENT = 0.95;

interface ManifestResource { kind: string; name: string | null; namespace?: string; expect?: 'pass' | 'fail' | 'not-evaluated' }
interface ManifestEntry { file: string; peer_rule_id: string; expect: 'pass' | 'fail'; resources?: ManifestResource[] }
interface Listed { peer: string; reason: string }
interface ListedDisagreement { file: string; peer: string; resource?: string; reason: string }

/** One labelled verdict: a whole file (polaris, single-verdict checkov files) or one resource of a file. */
interface Unit {
  source: Source;
  file: string;
  peer: string;
  /** `Kind/name` for per-resource checkov verdicts. */
  resource?: string;
  expect: 'pass' | 'fail';
  got: 'pass' | 'fail';
  /** Our findings that decided the verdict (for messages). */
  evidence: Finding[];
}

const HERE = __dirname;
const readJson = <T>(p: string): T => JSON.parse(fs.readFileSync(p, 'utf8')) as T;

/**
 * The family files of a data directory. Files that are not JSON arrays belong to other conformance
 * suites sharing the directory (the Dockerfile suite keeps its own format there) and are left alone.
 */
function readFamilyFiles<T>(dir: string): { family: string; items: T[] }[] {
  const d = path.join(HERE, dir);
  if (!fs.existsSync(d)) return [];
  return fs.readdirSync(d).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ family: f.replace(/\.json$/, ''), items: readJson<unknown>(path.join(d, f)) }))
    .filter((x): x is { family: string; items: T[] } => Array.isArray(x.items));
}

function isKubernetesPeer(source: Source, id: string): boolean {
  return source === 'polaris' || /^CKV2?_K8S_/.test(id);
}

function keyOf(u: { file: string; peer: string; resource?: string }): string {
  return `${u.file} | ${u.peer}${u.resource ? ` | ${u.resource}` : ''}`;
}

/** Peer id ("tool:id") -> ids of our rules that reference it. */
function referencedPeers(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of allRules) for (const p of r.meta.references.peers) m.set(p, [...(m.get(p) ?? []), r.meta.id]);
  return m;
}

/** The rule family (id prefix, e.g. K8S, RBAC) of the rules referencing a peer id, for the per-family report. */
function familyOf(peer: string): string {
  const ids = referencedPeers().get(peer) ?? [];
  return [...new Set(ids.map((id) => id.replace(/\d+$/, '')))].sort().join('+') || 'none';
}

function matchesResource(f: Finding, r: ManifestResource): boolean {
  if (!f.resource || f.resource.kind !== r.kind || f.resource.name !== (r.name ?? '')) return false;
  // checkov names cluster-scoped and namespace-less objects "default"
  return !r.namespace || (f.resource.namespace || 'default') === r.namespace;
}

describe('conformance: peer tools (corpus/polaris, corpus/checkov Kubernetes part)', function () {
  this.timeout(120000);
  const entries: Record<Source, ManifestEntry[]> = {
    polaris: manifest<ManifestEntry>('polaris'),
    checkov: manifest<ManifestEntry>('checkov').filter((e) => isKubernetesPeer('checkov', e.peer_rule_id)),
  };
  const scope = readJson<{ excluded: Listed[] }>(path.join(HERE, 'peer-scope.json'));
  const uncoveredFiles = readFamilyFiles<Listed>('uncovered');
  const disagreementFiles = readFamilyFiles<ListedDisagreement>('disagreements');
  const excluded = new Map(scope.excluded.map((x) => [x.peer, x.reason]));
  const uncovered = new Map(uncoveredFiles.flatMap((f) => f.items.map((x) => [x.peer, `${x.reason} (${f.family})`] as const)));
  const refs = referencedPeers();
  const peerIdsInCorpus = new Map<Source, Set<string>>();
  for (const s of SOURCES) peerIdsInCorpus.set(s, new Set(entries[s].map((e) => `${s}:${e.peer_rule_id}`)));
  const inScope = (peer: string) => !excluded.has(peer);

  const units: Unit[] = [];
  before(() => {
    const cache = new Map<string, Finding[]>();
    const findingsOf = (file: string): Finding[] => {
      let f = cache.get(file);
      if (!f) {
        const text = fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8');
        const [res] = scanTexts([{ file, text }], { ...defaultSettings(), profile: 'strict' }); // per-rule conformance: every rule, unmerged
        f = res.findings;
        cache.set(file, f);
      }
      return f;
    };
    for (const s of SOURCES) {
      for (const e of entries[s]) {
        const peer = `${s}:${e.peer_rule_id}`;
        if (!inScope(peer) || !refs.has(peer)) continue;
        const relevant = findingsOf(e.file).filter((f) => f.references.peers.includes(peer));
        const perResource = s === 'checkov' ? (e.resources ?? []).filter((r) => r.expect === 'pass' || r.expect === 'fail') : [];
        if (perResource.length) {
          for (const r of perResource) {
            const ev = relevant.filter((f) => matchesResource(f, r));
            units.push({ source: s, file: e.file, peer, resource: `${r.kind}/${r.name}`, expect: r.expect as 'pass' | 'fail', got: ev.length ? 'fail' : 'pass', evidence: ev });
          }
        } else {
          units.push({ source: s, file: e.file, peer, expect: e.expect, got: relevant.length ? 'fail' : 'pass', evidence: relevant });
        }
      }
    }
  });

  it('reads the whole corpus', () => {
    assert.ok(entries.polaris.length >= 300, `polaris: only ${entries.polaris.length} fixtures`);
    assert.ok(entries.checkov.length >= 350, `checkov (Kubernetes): only ${entries.checkov.length} fixtures`);
  });

  it('scope and not-yet-covered lists are well-formed and honest', () => {
    const all = new Set(SOURCES.flatMap((s) => [...peerIdsInCorpus.get(s)!]));
    const problems: string[] = [];
    for (const x of scope.excluded) {
      if (!all.has(x.peer)) problems.push(`peer-scope.json: ${x.peer} has no fixture in the corpus`);
      if (!x.reason?.trim()) problems.push(`peer-scope.json: ${x.peer} has no reason`);
      if (refs.has(x.peer)) problems.push(`peer-scope.json: ${x.peer} is excluded but rule(s) ${refs.get(x.peer)!.join(', ')} reference it; measure it instead`);
    }
    const seen = new Set<string>();
    for (const f of uncoveredFiles) {
      for (const x of f.items) {
        if (seen.has(x.peer)) problems.push(`uncovered/${f.family}.json: ${x.peer} listed twice`);
        seen.add(x.peer);
        if (!all.has(x.peer)) problems.push(`uncovered/${f.family}.json: ${x.peer} has no fixture in the corpus`);
        if (!x.reason?.trim()) problems.push(`uncovered/${f.family}.json: ${x.peer} has no reason`);
        if (excluded.has(x.peer)) problems.push(`uncovered/${f.family}.json: ${x.peer} is also out of scope in peer-scope.json`);
        if (refs.has(x.peer)) problems.push(`uncovered/${f.family}.json: ${x.peer} is now referenced by ${refs.get(x.peer)!.join(', ')}; remove it from the list`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });

  it('every in-scope peer id is referenced by a rule (or listed as not yet covered, with a reason)', () => {
    const missing: string[] = [];
    const lines: string[] = [];
    for (const s of SOURCES) {
      const ids = [...peerIdsInCorpus.get(s)!].filter(inScope).sort();
      const covered = ids.filter((p) => refs.has(p));
      const pending = ids.filter((p) => !refs.has(p) && uncovered.has(p));
      for (const p of ids) if (!refs.has(p) && !uncovered.has(p)) missing.push(p);
      lines.push(`  ${s}: ${covered.length}/${ids.length} in-scope peer ids referenced by our rules (${((covered.length / Math.max(ids.length, 1)) * 100).toFixed(1)}%); ${[...peerIdsInCorpus.get(s)!].filter((p) => !inScope(p)).length} out of scope (peer-scope.json)`);
      if (pending.length) lines.push(`    not yet covered (${pending.length}): ${pending.map((p) => `${p} [${uncovered.get(p)}]`).join('; ')}`);
    }
    console.log(`\nPeer coverage:\n${lines.join('\n')}`);
    assert.deepStrictEqual(missing, [], 'in-scope peer ids that no rule references and no uncovered/<family>.json lists');
  });

  it(`agrees with each source on at least ${MIN_AGREEMENT * 100}% of the fixtures of covered peer ids`, () => {
    const lines: string[] = [];
    const low: string[] = [];
    for (const s of SOURCES) {
      const us = units.filter((u) => u.source === s);
      const agree = us.filter((u) => u.got === u.expect).length;
      const rate = us.length ? agree / us.length : 1;
      const fail = us.filter((u) => u.expect === 'fail');
      const pass = us.filter((u) => u.expect === 'pass');
      lines.push(`  ${s}: ${agree}/${us.length} verdicts agree (${(rate * 100).toFixed(1)}%); fail labels ${fail.filter((u) => u.got === 'fail').length}/${fail.length}, pass labels ${pass.filter((u) => u.got === 'pass').length}/${pass.length}`);
      const byFamily = new Map<string, Unit[]>();
      for (const u of us) { const f = familyOf(u.peer); byFamily.set(f, [...(byFamily.get(f) ?? []), u]); }
      lines.push(`    by rule family: ${[...byFamily].sort().map(([f, l]) => `${f} ${l.filter((u) => u.got === u.expect).length}/${l.length}`).join(', ')}`);
      if (rate < MIN_AGREEMENT) low.push(`${s}: ${(rate * 100).toFixed(1)}%`);
    }
    console.log(`\nPeer agreement (fixtures of covered, in-scope peer ids):\n${lines.join('\n')}`);
    assert.ok(units.length > 0, 'no fixture was evaluated');
    assert.deepStrictEqual(low, [], 'agreement below the target');
  });

  it('every disagreement is listed with a reason, and every listed disagreement still occurs', () => {
    const listed = new Map<string, { reason: string; family: string }>();
    const problems: string[] = [];
    for (const f of disagreementFiles) {
      for (const d of f.items) {
        const k = keyOf(d);
        if (listed.has(k)) problems.push(`disagreements/${f.family}.json: ${k} listed twice`);
        if (!d.reason?.trim()) problems.push(`disagreements/${f.family}.json: ${k} has no reason`);
        listed.set(k, { reason: d.reason, family: f.family });
      }
    }
    const actual = new Map(units.filter((u) => u.got !== u.expect).map((u) => [keyOf(u), u]));
    for (const [k, u] of actual) {
      if (!listed.has(k)) {
        const why = u.got === 'fail'
          ? `we report ${u.evidence.map((f) => `${f.ruleId} at ${f.range.start.line + 1}:${f.range.start.character + 1} "${f.message}"`).join('; ')}`
          : 'we report nothing';
        problems.push(`unlisted disagreement: ${k}: peer says ${u.expect}, ${why}`);
      }
    }
    for (const [k, l] of listed) if (!actual.has(k)) problems.push(`disagreements/${l.family}.json: ${k} no longer disagrees; remove it`);
    if (listed.size) console.log(`\nListed disagreements: ${listed.size} (${disagreementFiles.map((f) => `${f.family}: ${f.items.length}`).join(', ')})`);
    assert.deepStrictEqual(problems, []);
  });
});
