/**
 * Properties of fixing, over the YAML files of the shared corpus and generated variants of them
 * (CRLF, flow-style securityContext, a comment on every line, documents before and after):
 *  1. after applying every (safe and unsafe) fix, the text parses;
 *  2. every comment is still there (except the trailing comment of a line a fix removed);
 *  3. in every round, lines outside the edited spans are byte-identical, and documents with no
 *     fixable finding are byte-identical at the end;
 *  4. applying the fixes again changes nothing;
 *  5. a re-scan shows no finding that still has an automatic fix (display-only aside), and
 *     findings of the fixed rules that remain are ones the library declined to fix (counted);
 *  6. every `fail` pod of corpus/pss hardened to its level passes that level.
 * The corpus is sampled to keep `npm test` fast: every PALISADE_FIX_SAMPLE-th file (default 25) for
 * 1-5, every PALISADE_HARDEN_SAMPLE-th fail pod (default 6) for 6; set both to 1 (and PALISADE_FIX_VARIANT_RUNS=1500) for the full run:
 *   PALISADE_FIX_SAMPLE=1 PALISADE_HARDEN_SAMPLE=1 PALISADE_FIX_VARIANT_RUNS=1500 npx mocha test/fix/properties.test.ts
 * The counts are printed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Lexer, parseAllDocuments, parseDocument, isMap, isScalar, isSeq, visit, Node as YNode, Pair } from 'yaml';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings, Settings } from '../../server/src/engine/settings';
import { fixText, chooseFix, FixFilter, RoundInfo, splitLinesKeep } from '../../server/src/engine/fix/apply';
import { lineDiff } from '../../server/src/engine/fix/diff';
import { hardenText } from '../../server/src/engine/fix/harden';
import { splitDocuments } from '../../server/src/engine/yaml/split';
import { LineIndex } from '../../server/src/engine/text';
import { CORPUS_DIR, manifest } from '../corpus';

const FILTER: FixFilter = { applicability: ['safe', 'unsafe'] };
const SAMPLE = Math.max(1, Number(process.env.PALISADE_FIX_SAMPLE ?? 25));
const HARDEN_SAMPLE = Math.max(1, Number(process.env.PALISADE_HARDEN_SAMPLE ?? 6));
const VARIANT_RUNS = Number(process.env.PALISADE_FIX_VARIANT_RUNS ?? 100);

function walk(d: string, out: string[] = []): string[] {
  for (const n of fs.readdirSync(d).sort()) {
    const p = path.join(d, n);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else if (/\.ya?ml$/i.test(n)) out.push(p);
  }
  return out;
}

const counts = {
  files: 0, variants: 0, skippedUnparseable: 0, fixesApplied: 0, rounds: 0, filesChanged: 0,
  commentsKept: 0, trailingCommentsRemovedWithTheirLine: 0, untouchedDocuments: 0, editedHunksChecked: 0,
  idempotent: 0, remainingDeclined: 0, variantSkipped: 0,
  byVariant: {} as Record<string, number>,
  hardened: 0, hardenedPass: 0,
};

function comments(text: string): string[] {
  const out: string[] = [];
  for (const t of new Lexer().lex(text)) if (t.startsWith('#')) out.push(t.trim());
  return out;
}

function multiset(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** Comments survive, except a trailing comment on a line that a fix deleted. */
function checkComments(name: string, a: string, b: string): void {
  const before = multiset(comments(a));
  const after = multiset(comments(b));
  const la = splitLinesKeep(a);
  const allowed = new Map<string, number>();
  for (const h of lineDiff(la, splitLinesKeep(b))) {
    for (let i = h.aStart; i < h.aStart + h.aLen; i++) {
      const line = la[i];
      if (/^\s*#/.test(line)) continue; // own-line comments are never allowed to go
      for (const c of comments(line)) allowed.set(c, (allowed.get(c) ?? 0) + 1);
    }
  }
  for (const [c, n] of before) {
    const have = after.get(c) ?? 0;
    const lost = n - have;
    if (lost > 0) {
      assert.ok(lost <= (allowed.get(c) ?? 0), `${name}: comment ${JSON.stringify(c)} lost (${n} before, ${have} after)`);
      counts.trailingCommentsRemovedWithTheirLine += lost;
    }
    counts.commentsKept += Math.min(n, have);
  }
}

/** In a round, every changed line lies within (or next to) the line span of an applied edit. */
function checkRound(name: string, r: RoundInfo): void {
  const idx = new LineIndex(r.before);
  const spans = r.edits.map((e) => [idx.lineOf(e.start), idx.lineOf(e.end)]);
  for (const h of lineDiff(splitLinesKeep(r.before), splitLinesKeep(r.after))) {
    const lo = h.aStart, hi = Math.max(h.aStart, h.aStart + h.aLen - 1);
    assert.ok(spans.some(([s, e]) => lo <= e + 1 && s - 1 <= hi), `${name}: lines ${lo + 1}-${hi + 1} changed outside every fix edit`);
    counts.editedHunksChecked++;
  }
}

function docIndexAt(text: string, offset: number): number {
  const chunks = splitDocuments(text);
  let i = 0;
  for (let k = 0; k < chunks.length; k++) if (chunks[k].offset <= offset) i = k;
  return i;
}

function parses(text: string): string[] {
  return parseAllDocuments(text, { version: '1.1', uniqueKeys: false }).flatMap((d) => ('errors' in d ? d.errors.map((e) => e.message) : []));
}

/** Properties 1-5 on one text. Returns false when the text is not analysable (skipped, as the CLI does). */
function checkText(name: string, text: string, settings: Settings = defaultSettings()): boolean {
  const before = analyzeText(name, text, { settings });
  if (before.errors.length || parses(text).length) { counts.skippedUnparseable++; return false; }
  const lines = new LineIndex(text);
  const fixableDocs = new Set<number>();
  for (const f of before.findings) {
    const fx = chooseFix(f, FILTER);
    // an insertion at a document boundary appends to the document before it
    if (fx) for (const e of fx.edits) { const o = lines.offset(e.range.start); fixableDocs.add(docIndexAt(text, o)); fixableDocs.add(docIndexAt(text, Math.max(0, o - 1))); }
  }
  const rounds: RoundInfo[] = [];
  const r = fixText(name, text, settings, FILTER, { onRound: (x) => rounds.push(x) });
  counts.fixesApplied += r.applied;
  counts.rounds += r.rounds;
  if (r.text !== text) counts.filesChanged++;
  // 1. parses
  assert.deepStrictEqual(parses(r.text), [], `${name}: fixed text does not parse:\n${r.text}`);
  const after = analyzeText(name, r.text, { settings });
  assert.deepStrictEqual(after.errors.map((e) => e.message), [], `${name}: errors after fixing`);
  // 2. comments
  checkComments(name, text, r.text);
  // 3. lines and documents
  for (const x of rounds) checkRound(name, x);
  const ca = splitDocuments(text), cb = splitDocuments(r.text);
  assert.strictEqual(cb.length, ca.length, `${name}: number of documents changed`);
  ca.forEach((c, i) => {
    if (fixableDocs.has(i)) return;
    assert.strictEqual(cb[i].text, c.text, `${name}: document ${i} has no fixable finding but changed`);
    counts.untouchedDocuments++;
  });
  // 4. idempotent
  const again = fixText(name, r.text, settings, FILTER);
  assert.strictEqual(again.applied, 0, `${name}: a second pass applied ${again.applied} more fixes`);
  assert.strictEqual(again.text, r.text);
  counts.idempotent++;
  // 5. nothing fixable remains; the remaining findings of fixed rules were declined
  const fixableLeft = after.findings.filter((f) => chooseFix(f, FILTER));
  assert.deepStrictEqual(fixableLeft.map((f) => `${f.ruleId} ${f.message}`), [], `${name}: findings with fixes remain`);
  counts.remainingDeclined += after.findings.filter((f) => r.rules.has(f.ruleId)).length;
  return true;
}

// ---------- variants ----------

function crlf(t: string): string { return t.includes('\r') ? t : t.replace(/\n/g, '\r\n'); }

/** `securityContext:` block maps without comments rewritten as flow maps, in place. */
function flowSecurityContext(t: string): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const c of splitDocuments(t)) {
    const doc = parseDocument(c.text, { version: '1.1', uniqueKeys: false });
    if (doc.errors.length) continue;
    const src = c.text;
    const render = (n: unknown): string | undefined => {
      if (isScalar(n)) {
        const r = (n as YNode).range!;
        const s = src.slice(r[0], r[1]);
        return /\n/.test(s) || /^[|>]/.test(s) ? undefined : s;
      }
      if (isMap(n)) {
        const parts: string[] = [];
        for (const p of n.items) {
          const k = render(p.key); const v = p.value === null ? '' : render(p.value);
          if (k === undefined || v === undefined) return undefined;
          parts.push(v === '' ? `${k}:` : `${k}: ${v}`);
        }
        return `{${parts.join(', ')}}`;
      }
      if (isSeq(n)) {
        const parts = n.items.map(render);
        return parts.some((x) => x === undefined) ? undefined : `[${parts.join(', ')}]`;
      }
      return undefined;
    };
    visit(doc, {
      Pair(_k, p: Pair) {
        if (!isScalar(p.key) || (p.key as { value: unknown }).value !== 'securityContext' || !isMap(p.value) || p.value.flow) return;
        const vr = (p.value as YNode).range!;
        let end = vr[1];
        while (end > vr[0] && /\s/.test(src[end - 1])) end--;
        const kr = (p.key as YNode).range!;
        const colon = src.indexOf(':', kr[1]);
        if (src.slice(colon, end).includes('#') || (p.value as YNode).anchor) return;
        const f = render(p.value);
        if (f) edits.push({ start: c.offset + colon + 1, end: c.offset + end, text: ' ' + f });
      },
    });
  }
  let out = t;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function commentEveryLine(t: string): string {
  let n = 0;
  return t.split(/(\r?\n)/).map((part) => (/^\r?\n$/.test(part) ? part : part.includes('#') ? part : `${part}${part.trim() ? ' ' : ''}# line ${++n}`)).join('');
}

const BEFORE_DOC = '# a document before\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: before # keep me\n  namespace: apps\ndata:\n  key: value\n---\n';
const AFTER_DOC = '---\n# a document after\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: after\n  namespace: apps\nautomountServiceAccountToken: false\n';
function surround(t: string): string {
  return BEFORE_DOC + (t.startsWith('---') ? t.replace(/^---[^\n]*\n?/, '') : t) + (t.endsWith('\n') ? '' : '\n') + AFTER_DOC;
}

const VARIANTS: Record<string, (t: string) => string> = { crlf, flowSecurityContext, commentEveryLine, surround };

function sameData(a: string, b: string): boolean {
  const js = (t: string) => JSON.stringify(parseAllDocuments(t, { version: '1.1', uniqueKeys: false }).map((d) => ('toJS' in d ? d.toJS({ maxAliasCount: -1 }) : null)));
  try { return js(a) === js(b); } catch { return false; }
}

describe('fix properties (corpus and variants)', function () {
  this.timeout(15 * 60 * 1000);
  const files = walk(CORPUS_DIR);
  const sample = files.filter((_f, i) => i % SAMPLE === 0);

  it('finds the corpus', () => assert.ok(files.length > 4000, `only ${files.length} YAML files under ${CORPUS_DIR}`));

  it(`fixing every file (1 in ${SAMPLE}): parses, keeps comments, edits only targeted lines and documents, idempotent, nothing fixable left`, () => {
    for (const f of sample) {
      if (checkText(path.relative(CORPUS_DIR, f), fs.readFileSync(f, 'utf8'))) counts.files++;
    }
    assert.ok(counts.files > sample.length / 2);
    assert.ok(counts.fixesApplied > 0);
  });

  it(`the same properties on generated variants (${VARIANT_RUNS} fast-check runs): CRLF, flow securityContext, a comment on every line, documents before and after`, () => {
    const pool = files.filter((_f, i) => i % 3 === 0);
    fc.assert(fc.property(fc.constantFrom(...pool), fc.constantFrom(...Object.keys(VARIANTS)), (file, variant) => {
      const text = fs.readFileSync(file, 'utf8');
      const v = VARIANTS[variant](text);
      if (variant !== 'surround' && v !== text && !sameData(text, v)) { counts.variantSkipped++; return; } // e.g. a comment appended inside a block scalar
      const name = `${path.relative(CORPUS_DIR, file)} [${variant}]`;
      if (!checkText(name, v)) return;
      counts.variants++;
      counts.byVariant[variant] = (counts.byVariant[variant] ?? 0) + 1;
      if (variant === 'surround') {
        const r = fixText(name, v, defaultSettings(), FILTER);
        assert.ok(r.text.startsWith(BEFORE_DOC) && r.text.endsWith(AFTER_DOC), `${name}: the surrounding documents changed`);
      }
      if (variant === 'crlf') {
        const r = fixText(name, v, defaultSettings(), FILTER);
        assert.ok(!/(^|[^\r])\n/.test(r.text), `${name}: a bare LF was inserted into a CRLF file`);
      }
    }), { seed: 20261128, numRuns: VARIANT_RUNS });
    assert.ok(counts.variants > VARIANT_RUNS / 2, `only ${counts.variants} variants checked`);
  });

  it(`hardening every fail pod of corpus/pss (1 in ${HARDEN_SAMPLE}) to its level passes that level`, () => {
    const entries = manifest<{ file: string; level: 'baseline' | 'restricted'; version: string; expect: string }>('pss').filter((e) => e.expect === 'fail');
    const failures: string[] = [];
    entries.filter((_e, i) => i % HARDEN_SAMPLE === 0).forEach((e) => {
      const text = fs.readFileSync(path.join(CORPUS_DIR, e.file), 'utf8');
      const settings = defaultSettings();
      settings.podSecurity = { level: e.level, version: e.version };
      const r = hardenText(e.file, text, e.level, settings);
      counts.hardened++;
      const after = analyzeText(e.file, r.text, { settings });
      const left = after.findings.filter((f) => f.references.pss !== null);
      if (left.length || after.errors.length) failures.push(`${e.file}: ${left.map((f) => f.ruleId).join(', ')} ${after.errors.map((x) => x.message).join(', ')}`);
      else counts.hardenedPass++;
    });
    assert.deepStrictEqual(failures.slice(0, 10), [], `${failures.length} hardened pods still fail`);
    assert.ok(counts.hardened >= Math.floor(entries.length / HARDEN_SAMPLE), `only ${counts.hardened} pods hardened`);
  });

  after(() => {
    // the closing note quotes these numbers
    console.log(`      fix properties: ${JSON.stringify(counts)}`);
  });
});
