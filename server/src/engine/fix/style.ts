/**
 * The house style of a YAML file, read from the file itself so that inserted text looks like the
 * user wrote it: indentation step, whether block sequences are indented under their key, flow or
 * block sequences, quoting of string scalars, and the line terminator.
 */
import { Document, isMap, isPair, isScalar, isSeq, Pair } from 'yaml';
import { changedRegion } from '../text';

export interface YamlStyle {
  /** Spaces per nesting level. */
  step: number;
  /** `key:\n  - item` (true) or `key:\n- item` (false). */
  seqIndented: boolean;
  /** Sequences of scalars written `[a, b]` rather than as block sequences. */
  flowSeq: boolean;
  /** Quote character used for string scalars ('' for plain). */
  quote: '' | '"' | "'";
  eol: string;
}

const cache = new Map<string, YamlStyle>();

/** Style of the whole file text (cached for the last few texts). */
export function fileStyle(text: string): YamlStyle {
  const hit = cache.get(text);
  if (hit) return hit;
  const s = detectLines(text);
  // only the last two texts: each may be a whole file (megabytes), kept alive by this cache
  if (cache.size >= 2) cache.clear();
  cache.set(text, s);
  return s;
}

/** What the lines of one stretch of the file say about its style; stretches add up. */
interface LineStats { steps: Map<number, number>; indented: number; indentless: number; crlf: number; lf: number }

/**
 * Statistics per document: a file is cut before every line that starts with `---` at column 0.
 * Such a line has indent 0 and is no sequence item, so it neither counts against the line before
 * it nor depends on it: the sum over the pieces equals one pass over the whole text. A keystroke
 * changes one piece, so only that piece is scanned again, and the sums are the last text's with that
 * piece's statistics taken out and the new ones added: the pieces before the edit are the last
 * text's, those after it the last text's moved by the length difference (found by position, from
 * the edit's place, as the analyzer finds documents), so a keystroke in a large file neither scans
 * nor visits its other pieces. The last two texts' pieces are kept (two files analysed in turn).
 */
interface Pieces { text: string; cuts: number[]; stats: LineStats[]; total: LineStats }
const recent: Pieces[] = [];

function emptyStats(): LineStats { return { steps: new Map(), indented: 0, indentless: 0, crlf: 0, lf: 0 }; }

function addStats(to: LineStats, st: LineStats, sign: 1 | -1): void {
  for (const [k, n] of st.steps) to.steps.set(k, (to.steps.get(k) ?? 0) + sign * n);
  to.indented += sign * st.indented; to.indentless += sign * st.indentless; to.crlf += sign * st.crlf; to.lf += sign * st.lf;
}

/** The cuts of `text` from `from` (a cut) to `to`: `from`, then the start of every line from there on that starts with `---`. */
function cutsIn(text: string, from: number, to: number, out: number[]): void {
  out.push(from);
  for (let i = text.indexOf('---', from + 1); i >= 0 && i < to; i = text.indexOf('---', i + 1)) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) out.push(i);
  }
}

/** Scans the pieces of `text` from `from` (a cut) to `to` (a cut, or the end): their cuts and statistics added to `p`. */
function scanPieces(p: Pieces, text: string, from: number, to: number): void {
  const first = p.cuts.length;
  cutsIn(text, from, to, p.cuts);
  for (let i = first; i < p.cuts.length; i++) {
    const st = pieceStats(text.slice(p.cuts[i], i + 1 < p.cuts.length ? p.cuts[i + 1] : to));
    p.stats.push(st);
    addStats(p.total, st, 1);
  }
}

/** The pieces of `text`, scanned whole. */
function allPieces(text: string): Pieces {
  const p: Pieces = { text, cuts: [], stats: [], total: emptyStats() };
  scanPieces(p, text, 0, text.length);
  return p;
}

/** The pieces of `text`, an edit of `last`'s text: only those the edit touched are scanned (undefined when that is most of them). */
function editedPieces(last: Pieces, text: string): Pieces | undefined {
  const { pre, suf } = changedRegion(last.text, text);
  const oldLen = last.text.length, delta = text.length - oldLen;
  const { cuts: old, stats: oldStats } = last;
  const n = old.length;
  // pieces before the edit: those whose end, the next cut's `---` and the line end before it, are before it
  let a = 0;
  while (a + 1 < n && old[a + 1] + 3 <= pre) a++;
  // pieces after it: those from one whose cut and the line end before it are after the edit
  let b = n;
  while (b - 1 > a && old[b - 1] - 1 >= oldLen - suf) b--;
  const windowEnd = b < n ? old[b] + delta : text.length;
  // (another file's text: most of it would be scanned anyway)
  if (windowEnd - old[a] > 4096 && (windowEnd - old[a]) * 2 > text.length) return undefined;
  const p: Pieces = { text, cuts: old.slice(0, a), stats: oldStats.slice(0, a), total: { ...last.total, steps: new Map(last.total.steps) } };
  for (let i = a; i < b; i++) addStats(p.total, oldStats[i], -1);
  scanPieces(p, text, old[a], windowEnd);
  for (let i = b; i < n; i++) { p.cuts.push(old[i] + delta); p.stats.push(oldStats[i]); }
  return p;
}

function detectLines(text: string): YamlStyle {
  // from the last text seen, or the one before it (another file analysed in between)
  let p: Pieces | undefined;
  for (let r = 0; !p && r < recent.length; r++) if (recent[r].text !== text) p = editedPieces(recent[r], text);
  p ??= allPieces(text);
  recent.unshift(p);
  if (recent.length > 2) recent.pop();
  const { steps, indented, indentless, crlf, lf } = p.total;
  // the most frequent step from 1 to 8; of equal ones, the first seen in the file (as one pass over it)
  let best = 0;
  let tied: number[] = [];
  for (const [k, n] of steps) {
    if (k < 1 || k > 8 || n <= 0 || n < best) continue;
    if (n > best) { best = n; tied = [k]; } else tied.push(k);
  }
  let step = tied.length ? tied[0] : 2;
  if (tied.length > 1) {
    found: for (const st of p.stats) for (const k of st.steps.keys()) if (tied.includes(k)) { step = k; break found; }
  }
  return { step, seqIndented: indented >= indentless, flowSeq: false, quote: '', eol: crlf > lf ? '\r\n' : '\n' };
}

function pieceStats(text: string): LineStats {
  const lines = text.split(/\r\n|\n|\r/);
  const steps = new Map<number, number>();
  let indented = 0, indentless = 0;
  let prev: { indent: number; opensBlock: boolean } | undefined;
  for (const raw of lines) {
    if (!/\S/.test(raw) || /^\s*#/.test(raw)) continue;
    const m = /^( *)(- +)*/.exec(raw)!;
    const indent = m[1].length;
    const isItem = /^ *- /.test(raw) || /^ *-$/.test(raw);
    const body = raw.replace(/(?<!\s)\s+#.*$/, '');
    if (prev?.opensBlock) {
      if (isItem) {
        if (indent === prev.indent) indentless++;
        else if (indent > prev.indent) { indented++; steps.set(indent - prev.indent, (steps.get(indent - prev.indent) ?? 0) + 1); }
      } else if (indent > prev.indent) {
        steps.set(indent - prev.indent, (steps.get(indent - prev.indent) ?? 0) + 1);
      }
    }
    // the column of the key on this line (after any "- " markers)
    const keyCol = m[0].length;
    prev = { indent: /:\s*$/.test(body) ? keyCol : indent, opensBlock: /^[^#'"]*:\s*$/.test(body) || /:\s*$/.test(body) };
  }
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  return { steps, indented, indentless, crlf, lf };
}

/**
 * Style refined with the document's AST: flow vs block sequences of scalars, and quoting. Those two
 * need a walk of the document, made the first time either is read: most fixes write a boolean or a
 * number under a key and never read them.
 */
const docCache = new WeakMap<Document, { base: YamlStyle; style: YamlStyle }>();

export function docStyle(text: string, doc: Document): YamlStyle {
  // keyed by the file's style object (one per text), not the text: an entry of a document that stays
  // unchanged would keep that version of the whole file alive
  const base = fileStyle(text);
  const hit = docCache.get(doc);
  if (hit && hit.base === base) return hit.style;
  let walked: { flowSeq: boolean; quote: YamlStyle['quote'] } | undefined;
  const walk = () => (walked ??= walkDocStyle(doc));
  const style: YamlStyle = { ...base, get flowSeq() { return walk().flowSeq; }, get quote() { return walk().quote; } };
  docCache.set(doc, { base, style });
  return style;
}

function walkDocStyle(doc: Document): { flowSeq: boolean; quote: YamlStyle['quote'] } {
  let flow = 0, block = 0;
  const quotes = { '': 0, '"': 0, "'": 0 };
  // a plain recursive walk (depth is bounded by the parser's nesting limit; aliases are not
  // followed): what `visit` would see here, without the path it builds for every node
  const pair = (p: Pair): void => {
    walk(p.key);
    const v = p.value;
    if (isScalar(v)) {
      if (typeof v.value === 'string') {
        const t = v.type;
        if (t === 'QUOTE_DOUBLE') quotes['"']++;
        else if (t === 'QUOTE_SINGLE') quotes["'"]++;
        else if (t === 'PLAIN') quotes['']++;
      }
    } else walk(v);
  };
  const walk = (n: unknown): void => {
    if (isMap(n)) {
      for (const p of n.items) pair(p);
    } else if (isSeq(n)) {
      let scalars = n.items.length > 0;
      for (const i of n.items) {
        if (!isScalar(i)) { scalars = false; walk(i); }
      }
      if (scalars) { if (n.flow) flow++; else block++; }
    } else if (isPair(n)) {
      pair(n); // the items of `!!omap`/`!!pairs` sequences
    }
  };
  walk(doc.contents);
  const quote = (Object.entries(quotes) as ['' | '"' | "'", number][]).sort((a, b) => b[1] - a[1])[0];
  return { flowSeq: flow > block, quote: quote[1] > 0 && quote[0] !== '' && quote[1] > quotes[''] ? quote[0] : '' };
}

const jsonCache = new WeakMap<Document, boolean>();

/**
 * Whether the document is written as JSON (a `.json` manifest, or a JSON document in a YAML file):
 * its root is a flow collection and every key in it is a double-quoted string. Fixes then write
 * JSON: double-quoted keys and strings, flow collections, commas (still valid YAML either way).
 */
export function isJsonDocument(doc: Document): boolean {
  let r = jsonCache.get(doc);
  if (r === undefined) {
    const root = doc.contents;
    r = (isMap(root) || isSeq(root)) && root.flow === true && jsonKeys(root);
    jsonCache.set(doc, r);
  }
  return r;
}

function jsonKeys(root: unknown): boolean {
  // an explicit stack: nesting is bounded by the parser's limit, but no recursion is needed
  const todo: unknown[] = [root];
  while (todo.length) {
    const n = todo.pop();
    if (isMap(n)) {
      if (!n.flow) return false;
      for (const p of n.items) {
        if (!isScalar(p.key) || p.key.type !== 'QUOTE_DOUBLE') return false;
        todo.push(p.value);
      }
    } else if (isSeq(n)) {
      if (!n.flow) return false;
      for (const i of n.items) todo.push(i);
    } else if (isPair(n)) return false;
  }
  return true;
}

export { isSeq };
