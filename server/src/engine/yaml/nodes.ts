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
    const out = new Map<string, YView>();
    this.collectEntries(this.node, out, 0);
    return [...out.entries()];
  }

  private collectEntries(node: AnyNode | undefined, out: Map<string, YView>, depth: number): void {
    if (!isMap(node) || depth > MAX_ALIAS_DEPTH) return;
    const own = new Map<string, YView>();
    const merged: AnyNode[] = [];
    for (const item of (node as YAMLMap).items) {
      if (!isPair(item)) continue;
      if (isMergeKey(item.key)) {
        const src = deref(item.value, this.pd.doc);
        if (isSeq(src)) for (const s of (src as YAMLSeq).items) { const d = deref(s, this.pd.doc); if (d) merged.push(d); }
        else if (src) merged.push(src);
        continue;
      }
      const key = scalarKey(deref(item.key, this.pd.doc));
      if (key === undefined) continue;
      own.delete(key); // later duplicate wins and keeps its own position
      own.set(key, new YView(deref(item.value, this.pd.doc), this.pd, item as Pair));
    }
    // merged maps: earlier sources take precedence over later ones; own keys over all
    for (const m of merged) {
      const sub = new Map<string, YView>();
      this.collectEntries(m, sub, depth + 1);
      for (const [k, v] of sub) if (!out.has(k) && !own.has(k)) out.set(k, v);
    }
    for (const [k, v] of own) { out.delete(k); out.set(k, v); }
  }

  get(key: string): YView {
    if (!isMap(this.node)) return new YView(undefined, this.pd);
    // fast path: no merge keys
    const items = (this.node as YAMLMap).items;
    let found: Pair | undefined;
    let hasMerge = false;
    for (const item of items) {
      if (!isPair(item)) continue;
      if (isMergeKey(item.key)) { hasMerge = true; continue; }
      if (scalarKey(isAlias(item.key) ? deref(item.key, this.pd.doc) : item.key) === key) found = item as Pair;
    }
    if (found) return new YView(deref(found.value, this.pd.doc), this.pd, found);
    if (hasMerge) {
      for (const [k, v] of this.entries()) if (k === key) return v;
    }
    return new YView(undefined, this.pd);
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
      for (const [k, v] of this.entries()) o[k] = v.toJS(budget);
      return o;
    }
    if (isSeq(this.node)) return this.items().map((i) => i.toJS(budget));
    return this.value;
  }
}
