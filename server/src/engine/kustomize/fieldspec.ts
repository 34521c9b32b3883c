/** Kustomize field specs: a path through an object (segments split on unescaped '/', `name[]` for a list) and a GVK. */
import { Json, JsonMap, isMap, KustomizeError, Gvk, parseApiVersion } from './resource';

export interface FieldSpec { group?: string; version?: string; kind?: string; path: string; create?: boolean }

/** kustomize utils.PathSplitter: split on '/', except '\/'. */
export function splitPath(path: string, sep = '/'): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\' && path[i + 1] === sep) { cur += sep; i++; continue; }
    if (path[i] === sep) { out.push(cur); cur = ''; continue; }
    cur += path[i];
  }
  out.push(cur);
  return out;
}

export function fsMatches(fs: FieldSpec, obj: JsonMap): boolean {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (fs.kind && fs.kind !== kind) return false;
  const { group, version } = parseApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  if (fs.group && fs.group !== group) return false;
  if (fs.version && fs.version !== version) return false;
  return true;
}

export function fsSelectsGvk(fs: FieldSpec, g: Gvk): boolean {
  if (fs.group && fs.group !== g.group) return false;
  if (fs.version && fs.version !== g.version) return false;
  if (fs.kind && fs.kind !== g.kind) return false;
  return true;
}

/** Where a field spec's value lives: the parent collection and the key in it. */
export interface Slot { parent: JsonMap | Json[]; key: string | number }
export const slotGet = (s: Slot): Json => (s.parent as Record<string | number, Json>)[s.key];
export const slotSet = (s: Slot, v: Json) => { (s.parent as Record<string | number, Json>)[s.key] = v; };

/**
 * kustomize's fieldspec.Filter: visits the value(s) at `fs.path` in `obj` (every element of a list on the way),
 * creating missing fields when the spec says `create` and `createKind` is given.
 */
export function visitFieldSpec(obj: JsonMap, fs: FieldSpec, set: (slot: Slot) => void, createKind?: 'scalar' | 'map'): void {
  if (!fsMatches(fs, obj)) return;
  const path = splitPath(fs.path);
  walk({ parent: [obj], key: 0 }, path, fs, set, createKind);
}

function walk(slot: Slot, path: string[], fs: FieldSpec, set: (slot: Slot) => void, createKind?: 'scalar' | 'map'): void {
  if (path.length === 0) { set(slot); return; }
  const node = slotGet(slot);
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) walk({ parent: node, key: i }, path, fs, set, createKind);
    return;
  }
  if (!isMap(node)) throw new KustomizeError(`considering field '${fs.path}' of object: expected sequence or mapping node`);
  const seg = path[0];
  const isSeq = seg.endsWith('[]');
  const name = isSeq ? seg.slice(0, -2) : seg;
  if (name === '') throw new KustomizeError('cannot set or create an empty field name');
  const creating = !!fs.create && !!createKind && !isSeq;
  if (!(name in node) || node[name] === null) {
    if (!(name in node) && !creating) return;
    if (creating) node[name] = path.length <= 1 ? (createKind === 'map' ? {} : '') : {};
  }
  walk({ parent: node, key: name }, path.slice(1), fs, set, createKind);
}

/** Parses a list of field specs from a config value. */
export function toFieldSpecs(v: Json | undefined): FieldSpec[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isMap).map((m) => ({
    group: str(m.group), version: str(m.version), kind: str(m.kind), path: str(m.path) ?? '', create: m.create === true,
  }));
}
const str = (v: Json | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * FsSlice.MergeAll: appends each incoming spec unless an existing one "effectively equals" it: same path, and the
 * existing spec's GVK selected by the incoming one's (asymmetric, as in kustomize: an incoming spec with an empty GVK
 * is swallowed by any existing spec of the same path). Conflicting create flags are an error.
 */
export function mergeFieldSpecs(base: FieldSpec[], more: FieldSpec[]): FieldSpec[] {
  const out = [...base];
  for (const f of more) {
    const sel = { group: f.group ?? '', version: f.version ?? '', kind: f.kind ?? '' };
    const i = out.findIndex((x) => x.path === f.path && fsSelectsGvk({ ...sel, path: '' }, { group: x.group ?? '', version: x.version ?? '', kind: x.kind ?? '' }));
    if (i < 0) { out.push(f); continue; }
    if (!!out[i].create !== !!f.create) throw new KustomizeError(`conflicting fieldspecs: ${f.path}`);
  }
  return out;
}

const ORDER_FIRST = ['Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget'];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const TYPE_ORDER = new Map<string, number>([...ORDER_FIRST.map((k, i) => [k, -ORDER_FIRST.length + i] as [string, number]), ...ORDER_LAST.map((k, i) => [k, 1 + i] as [string, number])]);

/** resid.Gvk.IsLessThan, as kustomize sorts field specs after merging configurations. */
export function gvkLess(a: Partial<Gvk>, b: Partial<Gvk>): number {
  const ia = TYPE_ORDER.get(a.kind ?? '') ?? 0, ib = TYPE_ORDER.get(b.kind ?? '') ?? 0;
  if (ia !== ib) return ia - ib;
  const sa = [a.group || '~G', a.version || '~V', a.kind || '~K'].join('_'), sb = [b.group || '~G', b.version || '~V', b.kind || '~K'].join('_');
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function sortFieldSpecs(fs: FieldSpec[]): FieldSpec[] {
  return [...fs].sort(gvkLess);
}
