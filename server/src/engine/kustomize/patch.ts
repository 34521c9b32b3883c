/**
 * Patches as `kustomize build` applies them: strategic merge (kyaml merge2 with the built-in schema's patch strategies
 * and merge keys, lists growing at the front as kustomize's PatchStrategicMergeTransformer asks) and JSON 6902.
 */
import { Json, JsonMap, isMap, deepCopy, KustomizeError } from './resource';
import { K8S_SCHEMA } from './schemaData';
import { copyProv, entryOf, setEntry, spliceEntries, isEmptyNull, EntryLoc } from './prov';

/** A position in the built-in schema: a definition index, or undefined when the schema does not know the field. */
export type SchemaRef = number | undefined;

/** A schema in the compact form of schemaData.ts. */
export type CompactSchema = { r: Record<string, number>; d: Record<string, string>[] };

/** The schema strategic merges use: the built-in one, or a kustomization's `openapi: path:` custom schema. */
let activeSchema: CompactSchema = K8S_SCHEMA;
/** Sets the schema strategic merges use (undefined: the built-in one); returns the previous one. */
export function setActiveSchema(schema: CompactSchema | undefined): CompactSchema {
  const prev = activeSchema;
  activeSchema = schema ?? K8S_SCHEMA;
  return prev;
}

/**
 * A custom OpenAPI (v2) schema, as `openapi: path:` names it, in the compact form: the types its
 * x-kubernetes-group-version-kind names, and per definition the fields that are objects or lists, with their
 * x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key.
 */
export function compactSchema(doc: Json): CompactSchema {
  // kyaml adds the custom definitions to the built-in ones: a $ref the custom schema does not define is a built-in one
  const defs = isMap(doc) && isMap(doc.definitions) ? doc.definitions : {};
  const d: Record<string, string>[] = K8S_SCHEMA.d.slice();
  const r: Record<string, number> = { ...K8S_SCHEMA.r };
  const builtin = new Map(K8S_SCHEMA.n.map((n, i) => [n, i]));
  const named = new Map<string, number>();
  // one compact definition per named definition and per inline object schema
  const define = (schema: JsonMap, depth: number): number => {
    const idx = d.length;
    const out: Record<string, string> = {};
    d.push(out);
    const props = isMap(schema.properties) ? schema.properties : {};
    for (const [f, p] of Object.entries(props)) {
      if (!isMap(p)) continue;
      const strategy = typeof p['x-kubernetes-patch-strategy'] === 'string' ? p['x-kubernetes-patch-strategy'] : '';
      const key = typeof p['x-kubernetes-patch-merge-key'] === 'string' ? p['x-kubernetes-patch-merge-key'] : '';
      const tail = strategy || key ? `|${strategy}|${key}` : '';
      if (p.type === 'array') out[f] = `[]${isMap(p.items) ? target(p.items, depth + 1) : ''}${tail}`;
      else { const t = target(p, depth + 1); if (t !== '' || tail) out[f] = `${t}${tail}`; }
    }
    return idx;
  };
  const target = (p: JsonMap, depth: number): string => {
    if (depth > 50) return '';
    if (typeof p.$ref === 'string') {
      const ref = p.$ref.replace(/^#\/definitions\//, '');
      if (!named.has(ref)) {
        const def = defs[ref];
        if (!isMap(def)) return builtin.has(ref) ? String(builtin.get(ref)) : '';
        named.set(ref, -1);
        named.set(ref, define(def, depth));
      }
      const i = named.get(ref)!;
      return i < 0 ? '' : String(i);
    }
    if (isMap(p.properties)) return String(define(p, depth));
    return '';
  };
  for (const [n, def] of Object.entries(defs)) {
    if (!isMap(def)) continue;
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    const idx = Number(target({ $ref: `#/definitions/${n}` }, 0));
    if (Number.isNaN(idx)) continue;
    for (const g of gvks) if (isMap(g)) r[`${g.group ? `${g.group}/` : ''}${g.version}|${g.kind}`] = idx;
  }
  return { r, d };
}

export function schemaFor(apiVersion: string, kind: string): SchemaRef {
  return activeSchema.r[`${apiVersion}|${kind}`];
}

interface FieldInfo { list: boolean; ref: SchemaRef; strategy: string; key: string }

function fieldInfo(def: SchemaRef, field: string): FieldInfo | undefined {
  if (def === undefined) return undefined;
  const enc = activeSchema.d[def]?.[field];
  if (enc === undefined) return undefined;
  const [head, strategy = '', key = ''] = enc.split('|');
  const list = head.startsWith('[]');
  const idx = list ? head.slice(2) : head;
  return { list, ref: idx === '' ? undefined : Number(idx), strategy, key };
}

const DIRECTIVE = '$patch';
const isDirectiveKey = (k: string) => k === DIRECTIVE || k.startsWith('$setElementOrder/') || k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList/');

const DELETE = Symbol('delete');
/** Lists built by an associative merge of the target's list (their entries say where each element came from). */
const merged = new WeakSet<Json[]>();
type Merged = Json | typeof DELETE;

/** The patch value as it lands where the target has nothing: directives and nulls dropped. */
function clean(v: Json): Merged {
  if (isMap(v)) {
    if (v[DIRECTIVE] === 'delete') return DELETE;
    const out: JsonMap = {};
    copyProv(v, out);
    for (const [k, x] of Object.entries(v)) {
      if (isDirectiveKey(k) || x === null) continue;
      const c = clean(x);
      if (c !== DELETE) out[k] = c;
    }
    return out;
  }
  if (Array.isArray(v)) {
    const out: Json[] = [];
    v.forEach((x, i) => {
      if (isMap(x) && x[DIRECTIVE] !== undefined && Object.keys(x).length === 1) return;
      const c = clean(x);
      if (c === DELETE) return;
      setEntry(out, out.length, entryOf(v, i));
      out.push(c);
    });
    return out;
  }
  return v;
}

function mergeMap(dest: JsonMap, patch: JsonMap, def: SchemaRef): Merged {
  const directive = patch[DIRECTIVE];
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return clean(patch);
  if (directive !== undefined && directive !== 'merge') throw new KustomizeError(`unknown patch directive ${JSON.stringify(directive)}`);
  for (const [k, pv] of Object.entries(patch)) {
    if (isDirectiveKey(k)) continue;
    if (pv === null) { delete dest[k]; continue; }
    const info = fieldInfo(def, k);
    const dv = dest[k];
    const m = mergeValue(dv, pv, info);
    if (m === DELETE) { delete dest[k]; setEntry(dest, k, undefined); continue; }
    // A value merged into the target's own map or list keeps the target's line; a value the patch set is the patch's.
    if (m !== dv && !(Array.isArray(m) && Array.isArray(dv) && merged.has(m))) setEntry(dest, k, entryOf(patch, k));
    dest[k] = m;
  }
  return dest;
}

function mergeValue(dv: Json | undefined, pv: Json, info: FieldInfo | undefined): Merged {
  if (dv === undefined || dv === null) return clean(pv);
  if (isMap(pv) && isMap(dv)) return mergeMap(dv, pv, info && !info.list ? info.ref : undefined);
  if (Array.isArray(pv) && Array.isArray(dv)) return mergeList(dv, pv, info);
  return clean(pv);
}

function listDirective(patch: Json[]): string | undefined {
  for (const e of patch) if (isMap(e) && typeof e[DIRECTIVE] === 'string' && Object.keys(e).length === 1) return e[DIRECTIVE] as string;
  return undefined;
}

function mergeList(dest: Json[], patch: Json[], info: FieldInfo | undefined): Merged {
  const associative = !!info && info.list && info.strategy.split(',').includes('merge');
  if (!associative) return clean(patch);
  const d = listDirective(patch);
  if (d === 'replace') return clean(patch);
  if (d === 'delete') return DELETE;
  const items = patch.filter((e) => !(isMap(e) && e[DIRECTIVE] !== undefined && Object.keys(e).length === 1));
  const key = info!.key;
  if (!key) {
    // A list of scalars merged as a set: the patch's values first, then the others (kyaml's prepend direction).
    const seen = new Set<string>();
    const out: Json[] = [];
    merged.add(out);
    const sources: [Json, EntryLoc | undefined][] = [...items.map((v) => [v, entryOf(patch, patch.indexOf(v))] as [Json, EntryLoc | undefined]), ...dest.map((v, i) => [v, entryOf(dest, i)] as [Json, EntryLoc | undefined])];
    for (const [v, e] of sources) {
      const s = JSON.stringify(v);
      if (seen.has(s)) continue;
      seen.add(s); setEntry(out, out.length, e); out.push(v);
    }
    return out;
  }
  const keyOf = (e: Json) => (isMap(e) && e[key] !== undefined && e[key] !== null ? String(e[key]) : undefined);
  const used = new Set<number>();
  const out: Json[] = [];
  merged.add(out);
  const push = (v: Json, e: EntryLoc | undefined) => { setEntry(out, out.length, e); out.push(v); };
  for (const pe of items) {
    const k = keyOf(pe);
    const pi = patch.indexOf(pe);
    const di = k === undefined ? -1 : dest.findIndex((e, i) => !used.has(i) && keyOf(e) === k);
    if (di >= 0) {
      used.add(di);
      const m = isMap(pe) && isMap(dest[di]) ? mergeMap(dest[di] as JsonMap, pe, info!.ref) : clean(pe);
      if (m !== DELETE && !(isMap(m) && Object.keys(m).length === 0)) push(m, m === dest[di] ? entryOf(dest, di) : entryOf(patch, pi));
    } else {
      const c = clean(pe);
      if (c !== DELETE) push(c, entryOf(patch, pi));
    }
  }
  dest.forEach((e, i) => { if (!used.has(i)) push(e, entryOf(dest, i)); });
  return out;
}

/**
 * Applies a strategic merge patch to `target` in place. Returns false when the patch deletes the whole object
 * (`$patch: delete`).
 */
export function applyStrategicMerge(target: JsonMap, patch: JsonMap): boolean {
  const def = schemaFor(String(target.apiVersion ?? ''), String(target.kind ?? ''));
  const p = deepCopy(patch);
  const r = mergeMap(target, p, def);
  if (r === DELETE) return false;
  if (r !== target) {
    for (const k of Object.keys(target)) delete target[k];
    Object.assign(target, r as JsonMap);
  }
  dropNulls(target, def);
  return true;
}

/**
 * kyaml's merge walks every field of the target, and a field whose value is null comes out of the walk cleared:
 * after a strategic merge, fields written with no value (`key:`) are gone from maps and from the elements of merged
 * (associative) lists; other lists are taken whole and keep theirs. A null written as `null` or `~` is kept.
 */
function dropNulls(m: JsonMap, def: SchemaRef): void {
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (v === null) {
      // `key:` (nothing) is dropped; a written `null` or `~` is kept (kyaml's persistent null)
      if (isEmptyNull(m, k)) { delete m[k]; setEntry(m, k, undefined); }
      continue;
    }
    const info = fieldInfo(def, k);
    if (isMap(v)) dropNulls(v, info && !info.list ? info.ref : undefined);
    else if (Array.isArray(v) && info?.list && info.strategy.split(',').includes('merge')) {
      for (const e of v) if (isMap(e)) dropNulls(e, info.ref);
    }
  }
}

// ---- JSON 6902 (evanphx/json-patch semantics) ----

export interface JsonOp { op: string; path?: string; from?: string; value?: Json }

function splitPointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new KustomizeError(`invalid JSON pointer ${JSON.stringify(p)}`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[], op: string): { parent: Json; key: string } {
  let cur: Json = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    if (Array.isArray(cur)) {
      const idx = Number(k);
      if (!/^\d+$/.test(k) || idx >= cur.length) throw new KustomizeError(`${op} operation does not apply: doc is missing path: /${parts.join('/')}`);
      cur = cur[idx];
    } else if (isMap(cur)) {
      if (!(k in cur)) throw new KustomizeError(`${op} operation does not apply: doc is missing path: "/${parts.join('/')}": missing value`);
      cur = cur[k];
    } else throw new KustomizeError(`${op} operation does not apply: doc is missing path: /${parts.join('/')}`);
  }
  return { parent: cur, key: parts[parts.length - 1] };
}

function getAt(doc: Json, path: string, op: string): Json {
  const parts = splitPointer(path);
  if (parts.length === 0) return doc;
  const { parent, key } = parentOf(doc, parts, op);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!/^\d+$/.test(key) || i >= parent.length) throw new KustomizeError(`${op} operation does not apply: doc is missing path: ${path}`);
    return parent[i];
  }
  if (isMap(parent) && key in parent) return parent[key];
  throw new KustomizeError(`${op} operation does not apply: doc is missing path: ${path}`);
}

function removeAt(doc: Json, path: string, op: string): Json {
  const { parent, key } = parentOf(doc, splitPointer(path), op);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!/^\d+$/.test(key) || i >= parent.length) throw new KustomizeError(`Unable to remove nonexistent key: ${key}: missing value`);
    const n = parent.length;
    const v = parent.splice(i, 1)[0];
    spliceEntries(parent, i, 1, [], n);
    return v;
  }
  if (isMap(parent) && key in parent) { const v = parent[key]; delete parent[key]; return v; }
  throw new KustomizeError(`Unable to remove nonexistent key: ${key}: missing value`);
}

function addAt(doc: Json, path: string, value: Json, op: string, loc?: EntryLoc): Json {
  const parts = splitPointer(path);
  if (parts.length === 0) return value;
  const { parent, key } = parentOf(doc, parts, op);
  if (Array.isArray(parent)) {
    const n = parent.length;
    if (key === '-') { parent.push(value); setEntry(parent, n, loc); }
    else {
      const i = Number(key);
      if (!/^-?\d+$/.test(key) || i > parent.length || i < -parent.length) throw new KustomizeError(`Unable to access invalid index: ${key}: invalid index referenced`);
      const at = i < 0 ? parent.length + i : i;
      parent.splice(at, 0, value);
      spliceEntries(parent, at, 0, [loc], n);
    }
  } else if (isMap(parent)) { parent[key] = value; setEntry(parent, key, loc); }
  else throw new KustomizeError(`${op} operation does not apply: doc is missing path: ${path}`);
  return doc;
}

function replaceAt(doc: Json, path: string, value: Json, loc?: EntryLoc): Json {
  const parts = splitPointer(path);
  if (parts.length === 0) return value;
  const { parent, key } = parentOf(doc, parts, 'replace');
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!/^\d+$/.test(key) || i >= parent.length) throw new KustomizeError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[i] = value;
    setEntry(parent, i, loc);
  } else if (isMap(parent)) {
    if (!(key in parent)) throw new KustomizeError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
    parent[key] = value;
    setEntry(parent, key, loc);
  } else throw new KustomizeError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  return doc;
}

const jsonEqual = (a: Json, b: Json) => JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
function sortDeep(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
  return v;
}

/** Applies JSON 6902 operations to a copy of `doc` and returns it. */
export function applyJson6902(doc: JsonMap, ops: JsonOp[]): JsonMap {
  let cur: Json = deepCopy(doc);
  for (const o of ops) {
    const path = o.path ?? '';
    switch (o.op) {
      case 'add': cur = addAt(cur, path, deepCopy(o.value ?? null), 'add', entryOf(o, 'value')); break;
      case 'remove': removeAt(cur, path, 'remove'); break;
      case 'replace': cur = replaceAt(cur, path, deepCopy(o.value ?? null), entryOf(o, 'value')); break;
      case 'move': { const v = removeAt(cur, o.from ?? '', 'move'); cur = addAt(cur, path, v, 'move', entryOf(o, 'path')); break; }
      case 'copy': { const v = deepCopy(getAt(cur, o.from ?? '', 'copy')); cur = addAt(cur, path, v, 'copy', entryOf(o, 'path')); break; }
      case 'test': if (!jsonEqual(getAt(cur, path, 'test'), o.value ?? null)) throw new KustomizeError(`testing value ${path} failed: test failed`); break;
      default: throw new KustomizeError(`Unexpected kind: ${o.op}`);
    }
  }
  if (!isMap(cur)) throw new KustomizeError('JSON patch result is not an object');
  return cur;
}
