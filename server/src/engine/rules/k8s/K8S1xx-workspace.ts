/**
 * Helpers of the cross-resource (workspace) rules K8S100-K8S119, RBAC050-RBAC069, NET050-NET069:
 * namespaces, pod labels and label selectors as the API server reads them.
 */
import type { RelatedLoc, WorkspaceModel, WorkspaceObject, WorkspaceRule, WorkspaceRuleContext } from '../../rule';
import type { RuleMeta } from '../../types';
import { podSpecOf, PodSpecRef, describeObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';

export function workspaceRule(meta: RuleMeta, check: (model: WorkspaceModel, ctx: WorkspaceRuleContext) => void): WorkspaceRule {
  return { meta, target: 'workspace', check };
}

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

/** Objects that run pods (Pod, Deployment, ..., CronJob, custom resources embedding a pod template). */
export function workloads(model: WorkspaceModel): Workload[] {
  const out: Workload[] = [];
  for (const w of model.objects) {
    const pod = podSpecOf(w.obj);
    if (!pod) continue;
    out.push({ w, pod, labels: labelsOf(pod.meta.get('labels')) });
  }
  return out;
}

export function labelsOf(v: YView): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of v.entries()) { const s = x.str; if (s !== undefined) out[k] = s; }
  return out;
}

/** A metav1.LabelSelector (matchLabels and matchExpressions); an empty or absent selector selects everything. */
export function selectorMatches(sel: YView, labels: Record<string, string>): boolean {
  if (!sel.isMap) return true;
  for (const [k, v] of sel.get('matchLabels').entries()) if (labels[k] !== v.str) return false;
  for (const e of sel.get('matchExpressions').items()) {
    const key = e.get('key').str ?? '';
    const op = e.get('operator').str ?? '';
    const values = e.get('values').strings();
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
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
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
  const s = ctx.settings.rules[meta.id] ?? ctx.settings.rules[meta.name];
  return s !== undefined && s !== 'off';
}
