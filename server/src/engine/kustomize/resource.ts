import { K8S_SCHEMA } from './schemaData';
import { deepCopyProv } from './prov';

/** Resources as `kustomize build` tracks them: the object plus the build bookkeeping kustomize keeps in annotations. */

export type Json = null | boolean | number | string | Json[] | JsonMap;
export interface JsonMap { [k: string]: Json }

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A deep copy that keeps where each entry came from (see prov.ts). */
export const deepCopy = <T extends Json>(v: T): T => deepCopyProv(v);

export class KustomizeError extends Error {}

export interface Gvk { group: string; version: string; kind: string }
export interface ResId extends Gvk { name: string; namespace: string }

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i >= 0 ? { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) } : { group: '', version: apiVersion };
}

const CLUSTER_SCOPED = new Set(K8S_SCHEMA.c);

/** kyaml openapi.IsCertainlyClusterScoped: a built-in type the schema marks cluster-scoped. */
export function isClusterScoped(g: Gvk): boolean {
  const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
  return CLUSTER_SCOPED.has(`${apiVersion}|${g.kind}`);
}

export const TOTALLY_NOT_A_NAMESPACE = '_non_namespaceable_';

export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id)) return TOTALLY_NOT_A_NAMESPACE;
  if (id.namespace === '' || id.namespace === 'default') return 'default';
  return id.namespace;
}

export const gvkEquals = (a: Gvk, b: Gvk) => a.group === b.group && a.version === b.version && a.kind === b.kind;
export const idEquals = (a: ResId, b: ResId) => a.name === b.name && gvkEquals(a, b) && effectiveNamespace(a) === effectiveNamespace(b);

/** resid.Gvk.String(): kind.version.group with [noKind]/[noVer]/[noGrp] placeholders. */
export function gvkString(g: Gvk): string {
  return [g.kind || '[noKind]', g.version || '[noVer]', g.group || '[noGrp]'].join('.');
}
export function idString(id: ResId): string {
  return `${gvkString(id)}|${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

/** gvk.IsSelected(selector): empty selector fields match anything. */
export function gvkSelected(g: Gvk, sel: Partial<Gvk> | undefined): boolean {
  if (!sel) return true;
  if (sel.group && g.group !== sel.group) return false;
  if (sel.version && g.version !== sel.version) return false;
  if (sel.kind && g.kind !== sel.kind) return false;
  return true;
}

/** Where a resource's text came from, for findings on the source. */
export interface Provenance { file: string; doc: number; kustomization?: string; generated?: boolean }

export class Resource {
  obj: JsonMap;
  prefixes: string[] = [];
  suffixes: string[] = [];
  /** Previous ids, as kustomize's previousNames/previousNamespaces/previousKinds build annotations keep them. */
  prev: { name: string; namespace: string; kind: string }[] = [];
  refVarNames: string[] = [];
  refBy: string[] = [];
  behavior = '';
  needHash = false;
  allowNameChange = false;
  allowKindChange = false;
  /** Set by a `$patch: delete` patch. */
  deleted = false;
  origin?: string;
  /** The origins of the transformers that ran on it (with origin tracking on). */
  transformations: string[] = [];
  provenance: Provenance;

  constructor(obj: JsonMap, provenance: Provenance) { this.obj = obj; this.provenance = provenance; }

  get meta(): JsonMap {
    if (!isMap(this.obj.metadata)) this.obj.metadata = {};
    return this.obj.metadata as JsonMap;
  }
  get kind(): string { return typeof this.obj.kind === 'string' ? this.obj.kind : ''; }
  get apiVersion(): string { return typeof this.obj.apiVersion === 'string' ? this.obj.apiVersion : ''; }
  get name(): string { const m = this.obj.metadata; return isMap(m) && typeof m.name === 'string' ? m.name : ''; }
  get namespace(): string { const m = this.obj.metadata; return isMap(m) && typeof m.namespace === 'string' ? m.namespace : ''; }
  set name(v: string) { this.meta.name = v; }
  set namespace(v: string) { this.meta.namespace = v; }
  gvk(): Gvk { return { ...parseApiVersion(this.apiVersion), kind: this.kind }; }
  curId(): ResId { return { ...this.gvk(), name: this.name, namespace: this.namespace }; }
  prevIds(): ResId[] {
    const g = parseApiVersion(this.apiVersion);
    return this.prev.map((p) => ({ ...g, kind: p.kind, name: p.name, namespace: p.namespace }));
  }
  orgId(): ResId { const p = this.prevIds(); return p.length ? p[0] : this.curId(); }
  /**
   * Set when kustomize would have written a build annotation on it (previous ids, prefixes, suffixes, references,
   * generator options): at the end kustomize removes them and, when no annotation is left, the annotations field.
   */
  buildAnnotated = false;
  storePreviousId(): void {
    this.buildAnnotated = true;
    const id = this.curId();
    this.prev.push({ name: id.name, namespace: effectiveNamespace(id), kind: id.kind });
  }
  labels(): Record<string, string> { const l = this.meta.labels; return isMap(l) ? (l as Record<string, string>) : {}; }
  annotations(): Record<string, string> { const a = this.meta.annotations; return isMap(a) ? (a as Record<string, string>) : {}; }

  copy(): Resource {
    const r = new Resource(deepCopy(this.obj), { ...this.provenance });
    r.prefixes = [...this.prefixes]; r.suffixes = [...this.suffixes]; r.prev = this.prev.map((p) => ({ ...p }));
    r.refVarNames = [...this.refVarNames]; r.refBy = [...this.refBy]; r.behavior = this.behavior; r.needHash = this.needHash;
    r.allowNameChange = this.allowNameChange; r.allowKindChange = this.allowKindChange; r.origin = this.origin; r.transformations = [...this.transformations]; r.buildAnnotated = this.buildAnnotated;
    return r;
  }
}

/** The ordered resource list (kustomize's resWrangler). */
export class ResMap {
  list: Resource[] = [];

  append(r: Resource): void {
    const id = r.curId();
    if (this.list.some((x) => idEquals(x.curId(), id))) {
      throw new KustomizeError(`may not add resource with an already registered id: ${idString(id)}`);
    }
    this.list.push(r);
  }
  appendAll(other: ResMap | Resource[]): void { for (const r of Array.isArray(other) ? other : other.list) this.append(r); }

  byAnyId(match: (id: ResId) => boolean): Resource[] {
    return this.list.filter((r) => [...r.prevIds(), r.curId()].some(match));
  }
  getById(id: ResId): Resource {
    const m = this.byAnyId((x) => idEquals(x, id));
    if (m.length !== 1) {
      throw new KustomizeError(`${m.length === 0 ? 'no matches' : 'multiple matches'} for Id ${idString(id)}; failed to find unique target for patch ${idString(id)}`);
    }
    return m[0];
  }
}
