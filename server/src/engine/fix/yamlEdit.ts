/**
 * Minimal text edits on YAML, computed from the `yaml` AST ranges and the raw text: the document is
 * never re-serialised. Every function returns absolute `OffsetEdit`s into the file text, or
 * `undefined` when the change cannot be made safely (the value is shared through an anchor/alias or
 * a merge key, or the layout is one we do not edit); a rule then offers no fix.
 *
 * Pure: no LSP imports.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, visit, Node as YNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { OffsetEdit } from '../types';
import type { YView } from '../yaml/nodes';
import { docStyle, isJsonDocument, YamlStyle } from './style';
import { hasNoAliases } from '../yaml/parse';

/** Text inserted verbatim (e.g. a snippet placeholder `${1:100m}`). */
export interface Raw { raw: string }
export type Scalarish = string | number | boolean | Raw;
export type Value = Scalarish | Scalarish[];

type Ranged = { range?: [number, number, number] | null };

// ---------- text helpers ----------

export function lineStartAt(text: string, off: number): number {
  let i = off;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}
/** Offset of the line terminator of the line containing `off` (or the end of the text). */
export function lineEndAt(text: string, off: number): number {
  let i = off;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
export function nextLineStart(text: string, off: number): number {
  const e = lineEndAt(text, off);
  if (e >= text.length) return text.length;
  return text[e] === '\r' && text[e + 1] === '\n' ? e + 2 : e + 1;
}
function column(text: string, off: number): number { return off - lineStartAt(text, off); }

/** Own-line comments (whole lines) inside [start, end), with their line terminators. */
export function ownLineComments(text: string, start: number, end: number, eol: string): string {
  let out = '';
  let p = start;
  while (p < end) {
    const e = lineEndAt(text, p);
    const line = text.slice(p, e);
    if (/^\s*#/.test(line)) out += line + eol;
    const n = nextLineStart(text, p);
    if (n <= p) break;
    p = n;
  }
  return out;
}

// ---------- scalar formatting ----------

const YAML11_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?(?:\d[\d_]*)?\.?\d[\d_:.eE+-]*|\.inf|\.nan)$/;

export function formatScalar(v: Scalarish, quote: '' | '"' | "'" = ''): string {
  if (typeof v === 'object') return v.raw;
  if (typeof v !== 'string') return String(v);
  const plainOk = /^[A-Za-z_/][\w./@:-]*$/.test(v) && !YAML11_SPECIAL.test(v) && !/:$/.test(v) && !/: /.test(v);
  if (quote === "'" ) return `'${v.replace(/'/g, "''")}'`;
  if (quote === '"' || !plainOk) return JSON.stringify(v);
  return v;
}

function quoteOf(node: unknown): '' | '"' | "'" {
  if (!isScalar(node)) return '';
  const t = (node as Scalar).type;
  return t === 'QUOTE_DOUBLE' ? '"' : t === 'QUOTE_SINGLE' ? "'" : '';
}

function flowValue(v: Value, q: '' | '"' | "'", json = false): string {
  const one = (x: Scalarish) => (json ? jsonScalar(x) : formatScalar(x, q));
  return Array.isArray(v) ? `[${v.map(one).join(', ')}]` : one(v);
}

/** A scalar written as JSON: strings (and snippet text) double-quoted, numbers and booleans as they are. */
export function jsonScalar(v: Scalarish): string {
  if (typeof v === 'object') return JSON.stringify(v.raw);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

// ---------- AST helpers ----------

const sharedCache = new WeakMap<Document, [number, number][]>();
const NONE: [number, number][] = [];
/** Ranges (chunk-relative) of anchored nodes that some alias refers to. */
function sharedRanges(doc: Document): [number, number][] {
  if (hasNoAliases(doc)) return NONE;
  let r = sharedCache.get(doc);
  if (r) return r;
  const names = new Set<string>();
  visit(doc, { Alias(_k, a) { names.add(a.source); } });
  r = [];
  if (names.size) {
    const out = r;
    visit(doc, (_k, n) => {
      const a = (n as { anchor?: string }).anchor;
      const rg = (n as Ranged).range;
      if (a && names.has(a) && rg) out.push([rg[0], rg[1]]);
    });
  }
  sharedCache.set(doc, r);
  return r;
}

function isShared(doc: Document, node: unknown): boolean {
  const rg = (node as Ranged)?.range;
  if (!rg) return false;
  return sharedRanges(doc).some(([s, e]) => s <= rg[0] && rg[1] <= e);
}

/** True when an anchored node that some alias uses lies inside [start, end) (chunk-relative). */
function containsShared(doc: Document, start: number, end: number): boolean {
  return sharedRanges(doc).some(([s, e]) => s >= start && e <= end);
}

/** The collection (or pair) directly holding `target`. */
function parentOf(doc: Document, target: unknown): unknown {
  let found: unknown;
  visit(doc, (_k, n, path) => {
    if (n === target) { found = path[path.length - 1]; return visit.BREAK; }
    return undefined;
  });
  return found;
}

export class YamlEditor {
  private styleCache?: YamlStyle;
  constructor(readonly text: string, readonly doc: Document, readonly base: number) {}

  /** The file's house style, read when an edit first needs it (replacing a value often does not). */
  get style(): YamlStyle { return (this.styleCache ??= docStyle(this.text, this.doc)); }
  /** The document is JSON (style.ts `isJsonDocument`): edits write JSON, so that it stays JSON. */
  get json(): boolean { return isJsonDocument(this.doc); }
  private key(k: string): string { return this.json ? JSON.stringify(k) : k; }
  /**
   * What goes between the comma and a new last entry of a flow collection: in JSON written one
   * entry per line (pretty-printed), a line break and the indentation of the last entry; else a space.
   */
  private entryBreak(last: unknown): string {
    if (!this.json) return ' ';
    const st = this.startOf(isPair(last) ? (last as Pair).key : last);
    const ls = lineStartAt(this.text, st);
    const indent = this.text.slice(ls, st);
    return ls > 0 && /^[ \t]*$/.test(indent) ? this.eol() + indent : ' ';
  }
  private scalar(v: Scalarish, q: '' | '"' | "'"): string { return this.json ? jsonScalar(v) : formatScalar(v, q); }

  static of(text: string, view: YView): YamlEditor {
    return new YamlEditor(text, view.pd.doc, view.pd.offset);
  }

  abs(n: number): number { return this.base + n; }
  startOf(node: unknown): number { return this.abs((node as Ranged).range![0]); }

  /** End of a node's content (no trailing newline or comment). */
  contentEnd(node: unknown): number {
    if (isPair(node)) {
      const p = node as Pair;
      const v = p.value as Ranged | null;
      const k = p.key as Ranged | null;
      const ends = [v?.range ? this.contentEnd(v) : -1, k?.range ? this.abs(k.range[1]) : -1];
      return Math.max(...ends);
    }
    if ((isMap(node) || isSeq(node)) && !(node as YAMLMap).flow) {
      const items = (node as YAMLMap | YAMLSeq).items as unknown[];
      if (items.length) return this.contentEnd(items[items.length - 1]);
    }
    const r = (node as Ranged).range!;
    let e = this.abs(r[1]);
    const s = this.abs(r[0]);
    while (e > s && /[\s]/.test(this.text[e - 1])) e--;
    return e;
  }

  private eol(): string { return this.style.eol; }
  /** The document's quote style, read only for a value that has strings (others are written plain). */
  private quoteFor(v: Value): YamlStyle['quote'] {
    return typeof v === 'string' || (Array.isArray(v) && v.some((x) => typeof x === 'string')) ? this.style.quote : '';
  }
  private pad(n: number): string { return ' '.repeat(Math.max(0, n)); }

  /** Lines (relative indentation) writing `path: value` in block style. */
  private blockLines(path: string[], value: Value): string[] {
    const st = this.style;
    const lines: string[] = [];
    path.forEach((k, i) => {
      const ind = this.pad(i * st.step);
      if (i < path.length - 1) { lines.push(`${ind}${k}:`); return; }
      if (Array.isArray(value) && !st.flowSeq) {
        lines.push(`${ind}${k}:`);
        const si = this.pad(i * st.step + (st.seqIndented ? st.step : 0));
        for (const x of value) lines.push(`${si}- ${formatScalar(x, this.quoteFor(x))}`);
      } else lines.push(`${ind}${k}: ${flowValue(value, this.quoteFor(value), this.json)}`);
    });
    return lines;
  }

  private flowText(path: string[], value: Value): string {
    let s = flowValue(value, this.quoteFor(value), this.json);
    for (let i = path.length - 1; i >= 1; i--) s = `{${this.key(path[i])}: ${s}}`;
    return `${this.key(path[0])}: ${s}`;
  }

  /** Insert `path: value` into the map `node` (which must not already hold path[0]). */
  insertIntoMap(node: YAMLMap, path: string[], value: Value): OffsetEdit[] | undefined {
    if (isShared(this.doc, node)) return undefined;
    const r = (node as Ranged).range;
    if (!r) return undefined;
    if (node.flow) {
      const items = node.items;
      if (items.length) {
        const last = items[items.length - 1];
        const at = this.contentEnd(last);
        return [{ start: at, end: at, newText: `,${this.entryBreak(last)}${this.flowText(path, value)}` }];
      }
      const open = this.abs(r[0]);
      if (this.text[open] !== '{') return undefined;
      const close = this.text.indexOf('}', open);
      if (close < 0 || /[^\s]/.test(this.text.slice(open + 1, close))) return undefined;
      return [{ start: open + 1, end: close, newText: this.flowText(path, value) }];
    }
    const items = node.items.filter((i) => isPair(i) && (i.key as Ranged)?.range);
    if (!items.length) return undefined;
    const col = column(this.text, this.startOf(items[0].key));
    const last = node.items[node.items.length - 1];
    const end = this.contentEnd(last);
    let at = nextLineStart(this.text, end);
    let prefix = '';
    if (at >= this.text.length && lineEndAt(this.text, end) === this.text.length) { at = this.text.length; prefix = this.eol(); }
    const body = this.blockLines(path, value).map((l) => this.pad(col) + l + this.eol()).join('');
    return [{ start: at, end: at, newText: prefix + body }];
  }

  /** Give a pair whose value is null/empty the value `path: value` (path may be empty: a plain value). */
  fillNullPair(pair: Pair, path: string[], value: Value, parentFlow: boolean): OffsetEdit[] | undefined {
    const key = pair.key as Ranged;
    const val = pair.value as Ranged | null;
    if (!key?.range) return undefined;
    const keyStart = this.abs(key.range[0]);
    const keyEnd = this.abs(key.range[1]);
    const vr = val?.range ? [this.abs(val.range[0]), this.abs(val.range[1])] : [keyEnd, keyEnd];
    if (!path.length) {
      const t = flowValue(value, this.quoteFor(value), this.json);
      if (vr[1] > vr[0]) return [{ start: vr[0], end: vr[1], newText: t }];
      return [{ start: vr[0], end: vr[0], newText: ' ' + t }];
    }
    if (parentFlow || isFlowContext(this.text, keyStart)) {
      const t = '{' + this.flowText(path, value) + '}';
      if (vr[1] > vr[0]) return [{ start: vr[0], end: vr[1], newText: t }];
      return [{ start: vr[0], end: vr[0], newText: ' ' + t }];
    }
    const edits: OffsetEdit[] = [];
    const colon = this.text.indexOf(':', keyEnd);
    if (colon < 0) return undefined;
    if (vr[1] > vr[0]) edits.push({ start: colon + 1, end: vr[1], newText: '' });
    const col = column(this.text, keyStart) + this.style.step;
    const at = lineEndAt(this.text, Math.max(vr[1], colon));
    const body = this.blockLines(path, value).map((l) => this.eol() + this.pad(col) + l).join('');
    edits.push({ start: at, end: at, newText: body });
    return edits;
  }

  /**
   * Set `path` under the map `view` to `value`, creating the intermediate maps. Existing scalars are
   * replaced; an existing equal value gives no edit ([]); sequences/maps in the way decline.
   */
  setPath(view: YView, path: string[], value: Value): OffsetEdit[] | undefined {
    let cur = view;
    if (!cur.isMap) return undefined;
    for (let i = 0; i < path.length; i++) {
      const k = path[i];
      const own = ownPair(cur.node as YAMLMap, k, this.doc);
      const child = cur.get(k);
      if (child.exists && !own) return undefined; // comes through a merge key: editing it would change other objects
      if (own && isAlias(own.value)) return undefined;
      const last = i === path.length - 1;
      if (!child.exists) return this.insertIntoMap(cur.node as YAMLMap, path.slice(i), value);
      if (child.isNull) {
        if (isShared(this.doc, own)) return undefined;
        return this.fillNullPair(own!, path.slice(i + 1), value, !!(cur.node as YAMLMap).flow);
      }
      if (last) {
        if (Array.isArray(value)) {
          if (child.isSeq) {
            const have = child.strings();
            let edits: OffsetEdit[] = [];
            for (const x of value) if (!have.includes(String(x))) {
              const e = this.addToSeq(child, x);
              if (!e) return undefined;
              edits = edits.concat(e);
            }
            return edits;
          }
          return undefined;
        }
        if (!child.isScalar) return undefined;
        return this.setScalar(child, value);
      }
      if (!child.isMap) return undefined;
      cur = child;
    }
    return [];
  }

  setScalar(view: YView, value: Scalarish): OffsetEdit[] | undefined {
    const n = view.node;
    if (!isScalar(n) || !(n as Ranged).range) return undefined;
    if (view.pair && isAlias(view.pair.value)) return undefined;
    if (isShared(this.doc, n)) return undefined;
    const sc = n as Scalar;
    if (sc.value === value) return [];
    if (sc.type === 'BLOCK_FOLDED' || sc.type === 'BLOCK_LITERAL') return undefined;
    const r = sc.range!;
    const q = typeof value === 'string' ? (quoteOf(sc) || this.style.quote) : '';
    return [{ start: this.abs(r[0]), end: this.abs(r[1]), newText: this.scalar(value, q) }];
  }

  /** Replace a scalar by any value written in flow style (e.g. `ALL` by `[ALL, NET_RAW]`). */
  setScalarRaw(view: YView, value: Value): OffsetEdit[] | undefined {
    const n = view.node;
    if (!isScalar(n) || !(n as Ranged).range || isShared(this.doc, n)) return undefined;
    if (view.pair && isAlias(view.pair.value)) return undefined;
    const r = (n as Scalar).range!;
    return [{ start: this.abs(r[0]), end: this.abs(r[1]), newText: flowValue(value, quoteOf(n) || this.quoteFor(value), this.json) }];
  }

  /** Append a scalar to a sequence, in its own style (flow or block, quoting, dash column). */
  addToSeq(view: YView, value: Scalarish): OffsetEdit[] | undefined {
    const s = view.node as YAMLSeq;
    if (!isSeq(s) || !(s as Ranged).range) return undefined;
    if (view.pair && isAlias(view.pair.value)) return undefined;
    if (isShared(this.doc, s)) return undefined;
    const items = s.items;
    const q = items.length ? quoteOf(items[items.length - 1]) : this.quoteFor(value);
    if (s.flow) {
      if (items.length) {
        const at = this.contentEnd(items[items.length - 1]);
        return [{ start: at, end: at, newText: `,${this.entryBreak(items[items.length - 1])}${this.scalar(value, q)}` }];
      }
      const open = this.abs(s.range![0]);
      if (this.text[open] !== '[') return undefined;
      return [{ start: open + 1, end: open + 1, newText: this.scalar(value, q) }];
    }
    if (!items.length) return undefined;
    const dashCol = column(this.text, this.abs(s.range![0]));
    const end = this.contentEnd(items[items.length - 1]);
    let at = nextLineStart(this.text, end);
    let prefix = '';
    if (at >= this.text.length && lineEndAt(this.text, end) === this.text.length) { at = this.text.length; prefix = this.eol(); }
    return [{ start: at, end: at, newText: `${prefix}${this.pad(dashCol)}- ${formatScalar(value, q)}${this.eol()}` }];
  }

  /** Remove the pair holding `view` (whole lines in block maps, with the comment of its own line). */
  removePair(view: YView): OffsetEdit[] | undefined {
    const pair = view.pair;
    if (!pair) return undefined;
    return this.removePairNode(pair);
  }

  removePairNode(pair: Pair): OffsetEdit[] | undefined {
    const parent = parentOf(this.doc, pair);
    if (!isMap(parent)) return undefined;
    if (isShared(this.doc, parent)) return undefined;
    const key = pair.key as Ranged;
    if (!key?.range) return undefined;
    const K = this.abs(key.range[0]);
    const E = this.contentEnd(pair);
    if (containsShared(this.doc, K - this.base, E - this.base)) return undefined; // an anchor other nodes use would go
    const items = (parent as YAMLMap).items;
    const idx = items.indexOf(pair as never);
    if ((parent as YAMLMap).flow) return this.removeFlowEntry(items as unknown[], idx, K, E, (p) => this.startOf((p as Pair).key));
    const ls = lineStartAt(this.text, K);
    const prefix = this.text.slice(ls, K);
    if (/^[ \t]*$/.test(prefix)) {
      const endLine = nextLineStart(this.text, E);
      return [{ start: ls, end: endLine, newText: ownLineComments(this.text, nextLineStart(this.text, K), endLine, this.eol()) }];
    }
    if (/^[ \t]*(-[ \t]+)+$/.test(prefix)) {
      if (idx + 1 < items.length) {
        const next = items[idx + 1] as Pair;
        const nk = this.startOf(next.key);
        if (/\S/.test(this.text.slice(nextLineStart(this.text, E), nk))) return undefined;
        if (/\S/.test(this.text.slice(E, lineEndAt(this.text, E)).replace(/^\s*#.*$/, ''))) return undefined;
        return [{ start: K, end: nk, newText: '' }];
      }
      return [{ start: K, end: E, newText: '{}' }];
    }
    return undefined;
  }

  private removeFlowEntry(items: unknown[], idx: number, start: number, end: number, startOf: (n: unknown) => number): OffsetEdit[] | undefined {
    if (idx + 1 < items.length) {
      const ns = startOf(items[idx + 1]);
      if (this.text.slice(start, ns).includes('#')) return undefined;
      return [{ start, end: ns, newText: '' }];
    }
    if (idx > 0) {
      const pe = this.contentEnd(items[idx - 1]);
      if (this.text.slice(pe, end).includes('#')) return undefined;
      return [{ start: pe, end, newText: '' }];
    }
    return [{ start, end, newText: '' }];
  }

  /** Remove items (by index) from a sequence; one combined edit set. */
  removeItems(seqView: YView, indices: number[]): OffsetEdit[] | undefined {
    const s = seqView.node as YAMLSeq;
    if (!isSeq(s) || !(s as Ranged).range) return undefined;
    if (seqView.pair && isAlias(seqView.pair.value)) return undefined;
    if (isShared(this.doc, s)) return undefined;
    const drop = new Set(indices);
    if (!drop.size) return [];
    if (s.flow) {
      const r = s.range!;
      const open = this.abs(r[0]);
      const close = this.abs(r[1]) - 1;
      if (this.text[open] !== '[' || this.text[close] !== ']') return undefined;
      if (this.text.slice(open, close).includes('#')) return undefined;
      for (const i of drop) { const r2 = (s.items[i] as Ranged | undefined)?.range; if (r2 && containsShared(this.doc, r2[0], r2[2])) return undefined; }
      const kept = s.items.filter((_x, i) => !drop.has(i)).map((x) => {
        const st = isPair(x) ? this.startOf((x as Pair).key) : this.startOf(x);
        return this.text.slice(st, this.contentEnd(x));
      });
      const inner = this.text.slice(open + 1, close);
      const lead = /^\s*/.exec(inner)![0].includes('\n') ? '' : /^ */.exec(inner)![0];
      const trail = / *$/.exec(inner)![0];
      return [{ start: open + 1, end: close, newText: kept.length ? lead + kept.join(', ') + trail : '' }];
    }
    const edits: OffsetEdit[] = [];
    for (const i of [...drop].sort((a, b) => a - b)) {
      const item = s.items[i];
      if (!item || !(item as Ranged).range) return undefined;
      if (containsShared(this.doc, (item as Ranged).range![0], (item as Ranged).range![2])) return undefined;
      const st = isPair(item) ? this.startOf((item as Pair).key) : this.startOf(item);
      const ls = lineStartAt(this.text, st);
      if (!/^[ \t]*-[ \t]*$/.test(this.text.slice(ls, st)) && !(isAlias(item) && /^[ \t]*-[ \t]*$/.test(this.text.slice(ls, st)))) return undefined;
      const endLine = nextLineStart(this.text, this.contentEnd(item));
      const keep = ownLineComments(this.text, nextLineStart(this.text, st), endLine, this.eol());
      edits.push({ start: ls, end: endLine, newText: keep });
    }
    if (drop.size === s.items.length && edits.length) {
      // the whole block sequence goes: leave `key:` (null, an empty list to Kubernetes) when it is a pair value
      const parent = parentOf(this.doc, s);
      if (!isPair(parent)) return undefined;
    }
    return edits;
  }

  /** Replace a pair by `key: flowValue` in place (e.g. a hostPath volume source by `emptyDir: {}`). */
  replacePair(view: YView, newKey: string, flowText: string): OffsetEdit[] | undefined {
    const pair = view.pair;
    if (!pair) return undefined;
    const parent = parentOf(this.doc, pair);
    if (!isMap(parent) || isShared(this.doc, parent)) return undefined;
    if (isAlias(pair.value)) return undefined;
    const K = this.startOf(pair.key);
    const E = this.contentEnd(pair);
    if (containsShared(this.doc, K - this.base, E - this.base)) return undefined;
    const keep = ownLineComments(this.text, nextLineStart(this.text, K), nextLineStart(this.text, E), this.eol());
    const col = column(this.text, K);
    const kept = keep ? this.eol() + keep.split(this.eol()).filter(Boolean).map((l) => this.pad(col) + l.trim()).join(this.eol()) : '';
    return [{ start: K, end: E, newText: `${this.key(newKey)}: ${flowText}${kept}` }];
  }
}

/** The pair of a map holding `key` as its own (not merged) key; the last one when duplicated. */
function ownPair(map: YAMLMap, key: string, doc: Document): Pair | undefined {
  let found: Pair | undefined;
  for (const it of map.items) {
    if (!isPair(it)) continue;
    const k = isAlias(it.key) ? (it.key as unknown as { resolve(d: Document): YNode | undefined }).resolve(doc) : it.key;
    if (isScalar(k) && String((k as Scalar).value) === key) found = it as Pair;
  }
  return found;
}

/** A rough test: is `off` inside an unclosed `{` or `[` on its line (flow context)? */
function isFlowContext(text: string, off: number): boolean {
  const ls = lineStartAt(text, off);
  let depth = 0;
  for (let i = ls; i < off; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth > 0;
}
