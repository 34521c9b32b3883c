import type { Position, Range, Loc, OffsetEdit, TextEdit } from './types';

/** Maps offsets (UTF-16 code units) to LSP positions. Lines end at \n, \r\n or a lone \r. */
export class LineIndex {
  readonly lineStarts: number[];
  constructor(readonly text: string, starts?: number[]) {
    if (starts) { this.lineStarts = starts; return; }
    starts = [0];
    if (text.indexOf('\r') < 0) {
      // the common case, \n only: indexOf is many times faster than a character loop on large files
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }
  get lineCount(): number { return this.lineStarts.length; }
  position(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const s = this.lineStarts;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - s[lo] };
  }
  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + Math.max(0, pos.character), end));
  }
  range(loc: Loc): Range { return { start: this.position(loc[0]), end: this.position(loc[1]) }; }
  edit(e: OffsetEdit): TextEdit { return { range: this.range([e.start, e.end]), newText: e.newText }; }
  /** Start offset of the line containing `offset`. */
  lineStart(offset: number): number { return this.lineStarts[this.position(offset).line]; }
  lineOf(offset: number): number { return this.position(offset).line; }
  /** The line terminator the file uses most ("\r\n" or "\n"). */
  get eol(): string { return /\r\n/.test(this.text) ? '\r\n' : '\n'; }

  /**
   * The index of `text`, which is `prev.text` with the characters between `region.pre` and
   * `region.suf` (from the end) replaced: line starts before the change are kept, those after it
   * move by the length difference, and only the changed stretch is read. Equal to `new
   * LineIndex(text)`, without reading a large file for a keystroke.
   */
  static edited(prev: LineIndex, text: string, region: ChangedRegion): LineIndex {
    const { pre, suf } = region;
    const old = prev.lineStarts;
    const delta = text.length - prev.text.length;
    const oldEnd = prev.text.length - suf, newEnd = text.length - suf;
    // a line start s depends on the characters at s-1 and s (`\r` not followed by `\n`)
    const starts: number[] = [];
    let i = 0;
    for (; i < old.length && old[i] <= pre - 1; i++) starts.push(old[i]);
    if (!starts.length) starts.push(0);
    for (let s = Math.max(pre, 1); s <= newEnd; s++) {
      const c = text.charCodeAt(s - 1);
      if (c === 10 || (c === 13 && text.charCodeAt(s) !== 10)) starts.push(s);
    }
    while (i < old.length && old[i] < oldEnd + 1) i++;
    for (; i < old.length; i++) starts.push(old[i] + delta);
    return new LineIndex(text, starts);
  }
}

/** Where two texts differ: the length of their common prefix, and of their common suffix after it. */
export interface ChangedRegion { pre: number; suf: number }

/**
 * The last two texts compared: a keystroke's two texts are compared by the analyzer, the file style
 * and the language server's line index in turn, and each comparison reads both texts up to the edit
 * from either end. (Only the last pair: it keeps the older text alive until the next comparison.)
 */
let compared: { a: string; b: string; r: ChangedRegion } | undefined;

export function changedRegion(a: string, b: string): ChangedRegion {
  const c = compared;
  if (c && c.a === a && c.b === b) return { pre: c.r.pre, suf: c.r.suf };
  const pre = commonPrefix(a, b);
  const r = { pre, suf: commonSuffix(a, b, Math.min(a.length, b.length) - pre) };
  compared = { a, b, r };
  return { pre, suf: r.suf };
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (const step of [65536, 4096, 256]) while (i + step <= n && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  for (const step of [65536, 4096, 256]) while (i + step <= max && a.slice(a.length - i - step, a.length - i) === b.slice(b.length - i - step, b.length - i)) i += step;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** Apply non-overlapping offset edits (any order). Throws on overlap. */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const idx = new LineIndex(text);
  return applyOffsetEdits(text, edits.map((e) => ({ start: idx.offset(e.range.start), end: idx.offset(e.range.end), newText: e.newText })));
}

/**
 * Values derived from an object (a document, a Kubernetes object) of one file text, computed once
 * per analysis and position. Only the latest text's entries are kept: a new text empties the cache,
 * so no value (they often hold slices of the text) keeps an old version of a file alive.
 */
export class TextScopedCache<K extends object, V> {
  private text = '';
  private byKey = new WeakMap<K, { offset: number; value: V }>();

  /** The value for `key` at `offset` (absolute locations move with the object) in `text`. */
  get(text: string, key: K, offset: number, compute: () => V): V {
    if (text !== this.text) { this.text = text; this.byKey = new WeakMap(); }
    const hit = this.byKey.get(key);
    if (hit && hit.offset === offset) return hit.value;
    const value = compute();
    this.byKey.set(key, { offset, value });
    return value;
  }
}

/** A string that does not share memory with the text it was sliced from. */
export function ownCopy(s: string): string {
  // latin1 when every character fits, so the copy stays a one-byte string (half the memory of UTF-16)
  return /^[\x00-\xff]*$/.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : Buffer.from(s, 'utf16le').toString('utf16le');
}

/**
 * A copy of `s` that shares no memory with a larger string (V8 slices and concatenations keep their
 * sources); shorter than 13 characters, V8 makes neither, so `s` itself.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : ownCopy(s);
}

/**
 * Line references inside a finding's text (message, fix title, related message). A rule that
 * names a line ("first on line 12") writes `lineRef(offset)` instead of the number: the reference
 * is carried as data (the offset, shifted with the finding) and rendered as a 1-based line number
 * when the finding's positions are computed. An incremental analysis that reuses an unchanged
 * document's findings after an edit above it thus names the same line as a fresh analysis.
 * The marks use a private-use character, which no message writes on its own.
 */
const LINE_MARK = '\uE000';
const LINE_REF = /\uE000(-?\d+)\uE000/g;

export function lineRef(offset: number): string { return `${LINE_MARK}${offset}${LINE_MARK}`; }

export function hasLineRefs(s: string): boolean { return s.includes(LINE_MARK); }

/** `s` with the offset of every line reference moved by `d`. */
export function shiftLineRefs(s: string, d: number): string {
  return d === 0 || !hasLineRefs(s) ? s : s.replace(LINE_REF, (_, n: string) => lineRef(Number(n) + d));
}

/** `s` with every line reference rendered as the 1-based line of its offset under `lineOf` (0-based). */
export function renderLineRefs(s: string, lineOf: (offset: number) => number): string {
  return hasLineRefs(s) ? s.replace(LINE_REF, (_, n: string) => String(lineOf(Number(n)) + 1)) : s;
}
