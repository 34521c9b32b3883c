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
 * changes one piece, so only that piece is scanned again: the others come from the pieces of the
 * last two texts seen (only those are kept, as the pieces refer to their texts). A piece is found at
 * its position, as the analyzer finds documents: before the edit at the same offset, after it moved
 * by the length difference; so a large file costs string comparisons, not a hash of every piece.
 */
interface Pieces { text: string; pieces: { offset: number; piece: string; st: LineStats }[] }
const recent: Pieces[] = [];

function known(p: Pieces, i: number, offset: number, piece: string): LineStats | undefined {
  const e = p.pieces[i];
  return e && e.offset === offset && e.piece === piece ? e.st : undefined;
}

function detectLines(text: string): YamlStyle {
  const steps = new Map<number, number>();
  let indented = 0, indentless = 0, crlf = 0, lf = 0;
  // before every `---` that starts a line (found with indexOf: a regular expression's matches would be
  // an allocation per document of a large file, on every keystroke)
  const cuts = [0];
  for (let i = text.indexOf('---', 1); i >= 0; i = text.indexOf('---', i + 1)) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) cuts.push(i);
  }
  const now: Pieces = { text, pieces: [] };
  // against the last text, where this one differs from it: a piece, its cut and the next cut wholly
  // before that stretch is the last text's piece of the same index, one wholly after it is the last
  // text's piece moved by the length difference; only those near the edit are compared
  const last = recent[0];
  const region = last && last.text !== text ? changedRegion(last.text, text) : undefined;
  const shift = last ? cuts.length - last.pieces.length : 0;
  for (let i = 0; i < cuts.length; i++) {
    const offset = cuts[i];
    const end = i + 1 < cuts.length ? cuts[i + 1] : text.length;
    const piece = text.slice(offset, end);
    let st: LineStats | undefined;
    if (region) {
      if (end + 3 <= region.pre && i + 1 < cuts.length) st = last.pieces[i]?.st;
      else if (offset - 1 >= text.length - region.suf && offset > 0) st = last.pieces[i - shift]?.st;
    }
    for (let r = 0; !st && r < recent.length; r++) {
      const p = recent[r];
      st = known(p, i, offset, piece) ?? known(p, i - (cuts.length - p.pieces.length), offset - (text.length - p.text.length), piece);
    }
    st ??= pieceStats(piece);
    now.pieces.push({ offset, piece, st });
    for (const [k, n] of st.steps) steps.set(k, (steps.get(k) ?? 0) + n);
    indented += st.indented; indentless += st.indentless; crlf += st.crlf; lf += st.lf;
  }
  recent.unshift(now);
  if (recent.length > 2) recent.pop();
  let step = 2, best = 0;
  for (const [k, n] of steps) if (k >= 1 && k <= 8 && n > best) { best = n; step = k; }
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
