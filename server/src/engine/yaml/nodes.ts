/**
 * Read access to `yaml` ASTs the way Kubernetes reads manifests: YAML 1.1 scalars (the `yaml`
 * package's 1.1 schema), anchors and aliases resolved, `<<` merge keys applied, and for duplicate
 * keys the last one wins (as in sigs.k8s.io/yaml). Every value keeps the location the user must edit.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, Node as YamlNode } from 'yaml';
import type { Loc } from '../types';

export type AnyNode = YamlNode;
const MAX_ALIAS_DEPTH = 64;

/** A document parsed from one chunk, with the chunk's offset in the file. */
export interface ParsedDoc {
  doc: Document.Parsed;
  offset: number;
  /** The view of a missing value in this document (one for all: views are immutable), made on first use. */
  absent?: YView;
}

/**
 * Most map entries merge keys (`<<`) may copy in one document, counted over every merge source read
 * (a source read twice counts twice). Real manifests merge a few dozen keys; past the limit the
 * document is reported as not fully analysed.
 */
export const MAX_MERGE_ENTRIES = 200_000;

const NO_ENTRIES: ReadonlyMap<string, YView> = new Map();
/** Per map node with merge keys: its resolved entries (nodes are never edited in place). */
const MERGED = new WeakMap<object, Map<string, YView>>();
/** Maps being resolved (a merge cycle through an alias stops there). */
const RESOLVING = new WeakSet<object>();
/** Per document: what is left of its merge-entry limit, and whether it was reached. */
const MERGE_BUDGETS = new WeakMap<object, { left: number; hit: boolean }>();

function mergeBudgetOf(doc: object): { left: number; hit: boolean } {
  let b = MERGE_BUDGETS.get(doc);
  if (!b) { b = { left: MAX_MERGE_ENTRIES, hit: false }; MERGE_BUDGETS.set(doc, b); }
  return b;
}

/** Whether reading the document's merge keys reached `MAX_MERGE_ENTRIES` (some merged entries are missing). */
export function mergeLimitHit(doc: object): boolean {
  return MERGE_BUDGETS.get(doc)?.hit === true;
}

export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

/** Follows aliases to the node they refer to; undefined for dangling aliases or alias loops. */
export function deref(node: unknown, doc: Document): AnyNode | undefined {
  let n: unknown = node;
  for (let i = 0; i < MAX_ALIAS_DEPTH && isAlias(n); i++) {
    try { n = n.resolve(doc); } catch { return undefined; }
  }
  if (isAlias(n)) return undefined;
  return (n ?? undefined) as AnyNode | undefined;
}

export function scalarKey(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'symbol') return v.description;
  return String(v);
}

function absentIn(pd: ParsedDoc): YView {
  return (pd.absent ??= new YView(undefined, pd));
}

/**
 * A view on a node inside a document: resolves aliases and merges on access.
 * `loc` is where the value is written in the file (for aliases, the anchored node).
 */
export class YView {
  constructor(readonly node: AnyNode | undefined, readonly pd: ParsedDoc, readonly pair?: Pair) {}

  get doc(): Document { return this.pd.doc; }
  get exists(): boolean { return this.node !== undefined; }
  get isMap(): boolean { return isMap(this.node); }
  get isSeq(): boolean { return isSeq(this.node); }
  get isScalar(): boolean { return isScalar(this.node); }
  /** Explicit null (`key:` or `key: null`) counts as absent, as in Kubernetes' JSON decoding. */
  get isNull(): boolean { return this.node === undefined || (isScalar(this.node) && this.node.value === null); }

  /** Offsets of the value node in the file. */
  get loc(): Loc {
    const r = (this.node as { range?: [number, number, number] } | undefined)?.range;
    if (!r) return this.keyLoc ?? [this.pd.offset, this.pd.offset];
    return [this.pd.offset + r[0], this.pd.offset + r[1]];
  }
  /** Offsets of the key of the pair holding this value, if any. */
  get keyLoc(): Loc | undefined {
    const k = this.pair?.key as { range?: [number, number, number] } | undefined;
    if (!k?.range) return undefined;
    return [this.pd.offset + k.range[0], this.pd.offset + k.range[1]];
  }
  /** From the key to the end of the value: what to underline for "this field is wrong". */
  get pairLoc(): Loc {
    const k = this.keyLoc;
    const v = this.loc;
    if (!k) return v;
    // an alias value lives elsewhere: underline only the key then
    if (v[0] < k[0] || isAlias(this.pair?.value)) return k;
    return [k[0], Math.max(k[1], v[1])];
  }

  /** The raw scalar value, or undefined. */
  get value(): unknown { return isScalar(this.node) ? (this.node as Scalar).value : undefined; }
  get str(): string | undefined {
    const v = this.value;
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    return undefined;
  }
  /** A string as Kubernetes would decode a string field (numbers and booleans are not strings). */
  get string(): string | undefined { return typeof this.value === 'string' ? (this.value as string) : undefined; }
  get bool(): boolean | undefined { return typeof this.value === 'boolean' ? (this.value as boolean) : undefined; }
  get number(): number | undefined {
    const v = this.value;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return undefined;
  }

  /** Pairs of a map, merges applied, later duplicates winning. */
  entries(): [string, YView][] {
    return [...this.resolved(this.node, 0).entries()];
  }

  /**
   * The pairs of a map with its merge keys applied. A map with merge keys is resolved once (the
   * result is kept per node): re-walking every merge source on each read made 16 levels of
   * `x_i: &x_i {<<: [*x_(i-1), *x_(i-1)]}` (637 bytes) take 2^16 walks per read. The entries merge
   * keys may copy in one document are limited (`MAX_MERGE_ENTRIES`); past it a map keeps what it
   * copied so far and `mergeLimitHit` tells the analyzer, which reports the document as not fully
   * analysed.
   */
  private resolved(node: AnyNode | undefined, depth: number): ReadonlyMap<string, YView> {
    if (!isMap(node) || depth > MAX_ALIAS_DEPTH) return NO_ENTRIES;
    const memo = MERGED.get(node);
    if (memo) return memo;
    const own = new Map<string, YView>();
    const sources: AnyNode[] = [];
    for (const item of (node as YAMLMap).items) {
      if (!isPair(item)) continue;
      if (isMergeKey(item.key)) {
        const src = deref(item.value, this.pd.doc);
        if (isSeq(src)) for (const s of (src as YAMLSeq).items) { const d = deref(s, this.pd.doc); if (d) sources.push(d); }
        else if (src) sources.push(src);
        continue;
      }
      const key = scalarKey(deref(item.key, this.pd.doc));
      if (key === undefined) continue;
      own.delete(key); // later duplicate wins and keeps its own position
      own.set(key, new YView(deref(item.value, this.pd.doc), this.pd, item as Pair));
    }
    if (!sources.length) return own;
    // a map that merges itself (through an alias to an enclosing anchor) adds nothing more
    if (RESOLVING.has(node)) return own;
    RESOLVING.add(node);
    const out = new Map<string, YView>();
    const budget = mergeBudgetOf(this.pd.doc);
    try {
      // merged maps: earlier sources take precedence over later ones; own keys over all
      copy: for (const m of sources) {
        for (const [k, v] of this.resolved(m, depth + 1)) {
          if (budget.left <= 0) { budget.hit = true; break copy; }
          budget.left--;
          if (!out.has(k) && !own.has(k)) out.set(k, v);
        }
      }
    } finally {
      RESOLVING.delete(node);
    }
    for (const [k, v] of own) { out.delete(k); out.set(k, v); }
    MERGED.set(node, out);
    return out;
  }

  get(key: string): YView {
    if (!isMap(this.node)) return absentIn(this.pd);
    // fast path: no merge keys
    const items = (this.node as YAMLMap).items;
    let found: Pair | undefined;
    let hasMerge = false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isPair(item)) continue;
      const k = item.key;
      // the common key, a string scalar, compared in place (what scalarKey and isMergeKey say of it)
      const v = isScalar(k) ? k.value : undefined;
      if (typeof v === 'string') {
        if (v === '<<') hasMerge = true;
        else if (v === key) found = item as Pair;
        continue;
      }
      if (isMergeKey(k)) { hasMerge = true; continue; }
      if (scalarKey(isAlias(k) ? deref(k, this.pd.doc) : k) === key) found = item as Pair;
    }
    if (found) return new YView(deref(found.value, this.pd.doc), this.pd, found);
    if (hasMerge) {
      const v = this.resolved(this.node, 0).get(key);
      if (v) return v;
    }
    return absentIn(this.pd);
  }

  /** Follows a path of keys. */
  at(...path: string[]): YView {
    let v: YView = this;
    for (const k of path) v = v.get(k);
    return v;
  }

  items(): YView[] {
    if (!isSeq(this.node)) return [];
    return (this.node as YAMLSeq).items.map((i) => new YView(deref(i, this.pd.doc), this.pd));
  }

  /** Strings of a sequence of scalars. */
  strings(): string[] {
    return this.items().map((i) => i.str).filter((s): s is string => s !== undefined);
  }

  /** Plain JS value with a node budget, so alias bombs cannot blow it up. */
  toJS(budget = { left: 10000 }): unknown {
    if (this.node === undefined || budget.left-- <= 0) return undefined;
    if (isMap(this.node)) {
      const o: Record<string, unknown> = {};
      // defined, not assigned: a key `__proto__` is data, not the object's prototype
      for (const [k, v] of this.entries()) Object.defineProperty(o, k, { value: v.toJS(budget), enumerable: true, writable: true, configurable: true });
      return o;
    }
    if (isSeq(this.node)) return this.items().map((i) => i.toJS(budget));
    return this.value;
  }
}
