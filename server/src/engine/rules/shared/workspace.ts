/**
 * Helpers of the cross-resource (workspace) rules K8S100-K8S119, RBAC050-RBAC069, NET050-NET069:
 * namespaces, pod labels and label selectors as the API server reads them.
 */
import type { RelatedLoc, WorkspaceModel, WorkspaceObject, WorkspaceRuleContext } from '../../rule';
import type { RuleMeta } from '../../types';
import { podSpecOf, PodSpecRef, describeObject, K8sObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';
import { lookup, put } from '../../own';


/**
 * The namespace an object lands in, as a key: objects without `metadata.namespace` and objects in
 * `default` are treated alike (applied with the same `kubectl -n`, or to `default`).
 */
export function nsKey(w: WorkspaceObject): string {
  return w.obj.namespace && w.obj.namespace !== 'default' ? w.obj.namespace : '';
}
export function nsName(w: WorkspaceObject): string { return w.obj.namespace || 'default'; }

export function isKind(w: WorkspaceObject, kind: string, apiVersion?: RegExp): boolean {
  return w.obj.kind === kind && (!apiVersion || apiVersion.test(w.obj.apiVersion));
}

export interface Workload { w: WorkspaceObject; pod: PodSpecRef; labels: Record<string, string> }

/**
 * Derived data is cached per K8sObject: the analyzer keeps the objects of unchanged documents
 * across analyses (and their views follow the document's offset), so after an edit only the
 * objects of the edited document are looked at again.
 */
const podCache = new WeakMap<K8sObject, { pod: PodSpecRef; labels: Record<string, string> } | null>();
const modelCache = new WeakMap<WorkspaceModel, Map<string, unknown>>();

const objCache = new WeakMap<K8sObject, Map<string, unknown>>();
/** A value derived from one object, computed once per object (objects of unchanged documents persist). */
export function perObject<T>(obj: K8sObject, key: string, f: () => T): T {
  let m = objCache.get(obj);
  if (!m) { m = new Map(); objCache.set(obj, m); }
  if (!m.has(key)) m.set(key, f());
  return m.get(key) as T;
}

/** A value computed once per model (shared by the rules of one pass). */
export function perModel<T>(model: WorkspaceModel, key: string, f: () => T): T {
  let m = modelCache.get(model);
  if (!m) { m = new Map(); modelCache.set(model, m); }
  if (!m.has(key)) m.set(key, f());
  return m.get(key) as T;
}

/** Objects that run pods (Pod, Deployment, ..., CronJob, custom resources embedding a pod template). */
export function workloads(model: WorkspaceModel): Workload[] {
  return perModel(model, 'workloads', () => {
    const out: Workload[] = [];
    for (const w of model.objects) {
      let c = podCache.get(w.obj);
      if (c === undefined) {
        const pod = podSpecOf(w.obj);
        c = pod ? { pod, labels: labelsOf(pod.meta.get('labels')) } : null;
        podCache.set(w.obj, c);
      }
      if (c) out.push({ w, pod: c.pod, labels: c.labels });
    }
    return out;
  });
}

/** Workloads grouped by namespace key. */
export function workloadsByNs(model: WorkspaceModel): Map<string, Workload[]> {
  return perModel(model, 'workloadsByNs', () => groupBy(workloads(model), (x) => nsKey(x.w)));
}

export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) { const k = key(i); const l = m.get(k); if (l) l.push(i); else m.set(k, [i]); }
  return m;
}

export function labelsOf(v: YView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of v.entries()) { const s = x.str; if (s !== undefined) put(out, k, s); }
  return out;
}

/** A metav1.LabelSelector as plain data. */
export interface Selector { matchLabels: Record<string, string>; exprs: { key: string; op: string; values: string[] }[] }
const selCache = new WeakMap<K8sObject, Selector>();

/** `spec.podSelector` of a NetworkPolicy (cached per object). */
export function podSelectorOf(obj: K8sObject): Selector {
  let s = selCache.get(obj);
  if (!s) { s = parseSelector(obj.view.at('spec', 'podSelector')); selCache.set(obj, s); }
  return s;
}

export function parseSelector(sel: YView): Selector {
  if (!sel.isMap) return { matchLabels: {}, exprs: [] };
  return {
    matchLabels: labelsOf(sel.get('matchLabels')),
    exprs: sel.get('matchExpressions').items().map((e) => ({ key: e.get('key').str ?? '', op: e.get('operator').str ?? '', values: e.get('values').strings() })),
  };
}

/** As the API server matches a LabelSelector; an empty selector selects everything. */
export function selectorMatches(sel: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (lookup(labels, k) !== v) return false;
  for (const { key, op, values } of sel.exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    if (op === 'In' && !(has && values.includes(labels[key]))) return false;
    if (op === 'NotIn' && has && values.includes(labels[key])) return false;
    if (op === 'Exists' && !has) return false;
    if (op === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** A plain map selector (Service `spec.selector`): every pair must be among the labels. */
export function mapSelectorMatches(sel: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(sel).every(([k, v]) => lookup(labels, k) === v);
}

export function showLabels(l: Record<string, string>): string {
  const e = Object.entries(l);
  return e.length ? `{${e.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : '{}';
}

/** Related information pointing at an object (its name). */
export function relatedTo(w: WorkspaceObject, message: string, loc = w.obj.headLoc): RelatedLoc {
  return { file: w.file, loc, index: w.lines, message };
}

export function describe(w: WorkspaceObject): string {
  return `${describeObject(w.obj)}${w.obj.namespace ? ` (namespace '${w.obj.namespace}')` : ''}`;
}

/** Whether the user set the rule explicitly (to a severity) in their settings. */
export function explicitlyEnabled(meta: RuleMeta, ctx: WorkspaceRuleContext): boolean {
  const s = lookup(ctx.settings.rules, meta.id) ?? lookup(ctx.settings.rules, meta.name);
  return s !== undefined && s !== 'off';
}
