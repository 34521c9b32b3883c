/**
 * Provenance of built objects: for each map and list of a resource, where each of its entries was written (the file
 * and offsets of the key and of the value). Recorded when files are parsed, carried by copies, and moved to the patch
 * when a patch sets a value, so that a finding on a built object can be reported on the line that caused it: the
 * base resource's line, or the patch's line for a value a patch set.
 */
import type { Document, Node } from 'yaml';
import { isMap as isYamlMap, isSeq as isYamlSeq, isScalar, isPair } from 'yaml';
import type { Json } from './resource';

export interface SrcLoc { file: string; start: number; end: number }
export interface EntryLoc { key?: SrcLoc; value?: SrcLoc }
interface NodeProv { self?: SrcLoc; entries: Map<string | number, EntryLoc>; emptyNulls?: Set<string> }

const PROV = new WeakMap<object, NodeProv>();

const isObj = (v: unknown): v is object => typeof v === 'object' && v !== null;

export function provOf(v: unknown): NodeProv | undefined {
  return isObj(v) ? PROV.get(v) : undefined;
}

function ensure(v: object): NodeProv {
  let p = PROV.get(v);
  if (!p) { p = { entries: new Map() }; PROV.set(v, p); }
  return p;
}

export function entryOf(container: unknown, key: string | number): EntryLoc | undefined {
  return provOf(container)?.entries.get(key);
}

export function setEntry(container: object, key: string | number, loc: EntryLoc | undefined): void {
  if (!loc) { PROV.get(container)?.entries.delete(key); return; }
  ensure(container).entries.set(key, loc);
}

/** Gives `to` the provenance of `from` (entries for keys `to` lacks are harmless). */
export function copyProv(from: unknown, to: unknown): void {
  if (!isObj(from) || !isObj(to)) return;
  const p = PROV.get(from);
  if (p) PROV.set(to, { self: p.self, entries: new Map(p.entries), emptyNulls: p.emptyNulls && new Set(p.emptyNulls) });
}

/** A deep copy that keeps provenance. */
export function deepCopyProv<T extends Json>(v: T): T {
  if (Array.isArray(v)) {
    const out = v.map((x) => deepCopyProv(x)) as T;
    copyProv(v, out);
    return out;
  }
  if (isObj(v)) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v as Record<string, Json>)) out[k] = deepCopyProv(x);
    copyProv(v, out);
    return out as T;
  }
  return v;
}

/** Whether `container[key]` is a null written as nothing (`key:`), which kyaml drops when it walks the object. */
export function isEmptyNull(container: object, key: string): boolean {
  return !!PROV.get(container)?.emptyNulls?.has(key);
}

/** Array entries after a splice at `index` (removing `deleteCount`, inserting `inserted`). */
export function spliceEntries(arr: object, index: number, deleteCount: number, inserted: (EntryLoc | undefined)[], oldLength: number): void {
  const p = PROV.get(arr);
  if (!p) { inserted.forEach((e, i) => e && setEntry(arr, index + i, e)); return; }
  const old: (EntryLoc | undefined)[] = [];
  for (let i = 0; i < oldLength; i++) old.push(p.entries.get(i));
  old.splice(index, deleteCount, ...inserted);
  p.entries = new Map();
  old.forEach((e, i) => { if (e) p.entries.set(i, e); });
}

const rangeOf = (n: Node | null | undefined, file: string): SrcLoc | undefined =>
  n && n.range ? { file, start: n.range[0], end: n.range[1] } : undefined;

/** Records where the entries of `value` (the JSON of `node`) are written in `file`. */
export function attachProv(node: unknown, value: Json, file: string, depth = 0): void {
  if (!isObj(value) || depth > 200) return;
  const n = node as Node;
  if (isYamlMap(n) && !Array.isArray(value)) {
    const p = ensure(value);
    p.self = rangeOf(n, file);
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined || k === '<<' || !(k in value)) continue;
      p.entries.set(k, { key: rangeOf(pair.key as Node, file), value: rangeOf(pair.value as Node, file) });
      if (pair.value === null || (isScalar(pair.value) && pair.value.value === null && pair.value.source === '')) (p.emptyNulls ??= new Set()).add(k);
      attachProv(pair.value, (value as Record<string, Json>)[k], file, depth + 1);
    }
  } else if (isYamlSeq(n) && Array.isArray(value)) {
    const p = ensure(value);
    p.self = rangeOf(n, file);
    n.items.forEach((item, i) => {
      if (i >= value.length) return;
      p.entries.set(i, { value: rangeOf(item as Node, file) });
      attachProv(item, value[i], file, depth + 1);
    });
  }
}

/** Makes `loc` where the whole of `v` (a fresh copy without entries) comes from. */
export function setSelf(v: object, loc: SrcLoc | undefined): void {
  if (loc) ensure(v).self = loc;
}

export function attachDocProv(doc: Document, value: Json, file: string): void {
  attachProv(doc.contents, value, file);
  const self = rangeOf(doc.contents as Node, file);
  if (self && isObj(value)) ensure(value).self = self;
}

/**
 * Where the value at `path` in `root` came from: the deepest entry with a known location (a value a transformer
 * added has none: its nearest ancestor's is used), and whether that is the entry at `path` itself.
 */
export function locate(root: Json, path: (string | number)[]): { loc?: EntryLoc; exact: boolean } {
  let cur: Json | undefined = root;
  let best: EntryLoc | undefined = provOf(root)?.self ? { value: provOf(root)!.self } : undefined;
  let exact = path.length === 0;
  for (let i = 0; i < path.length; i++) {
    if (!isObj(cur)) break;
    const e = provOf(cur)?.entries.get(path[i]);
    if (e) { best = e; exact = i === path.length - 1; } else exact = false;
    cur = (cur as Record<string | number, Json>)[path[i]];
  }
  return { loc: best, exact };
}
