import type { Position, Range, Loc, OffsetEdit, TextEdit } from './types';

/** Maps offsets (UTF-16 code units) to LSP positions. Lines end at \n, \r\n or a lone \r. */
export class LineIndex {
  readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
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
