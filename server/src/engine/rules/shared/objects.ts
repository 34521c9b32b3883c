/** Helpers shared by the mesh, identity, secrets, policy and pipeline rules. */
import type { Loc, OffsetEdit } from '../../types';
import type { K8sObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';




/** `group/version` belongs to the API group (e.g. 'security.istio.io'). */
export function inGroup(obj: K8sObject, group: string): boolean {
  return obj.apiVersion.startsWith(group + '/');
}

export function isKind(obj: K8sObject, group: string, kind: string): boolean {
  return obj.kind === kind && inGroup(obj, group);
}

export function who(obj: K8sObject): string {
  return `${obj.kind} '${obj.name || '(unnamed)'}'`;
}

/**
 * Replaces a scalar's value keeping its quoting style: for `"PERMISSIVE"` only the text between
 * the quotes is replaced, so comments, indentation and quotes stay as written.
 */
export function replaceScalar(v: YView, text: string, newValue: string): OffsetEdit {
  const [s, e] = v.loc;
  const raw = text.slice(s, e);
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length >= 2 && raw[raw.length - 1] === q) return { start: s + 1, end: e - 1, newText: newValue };
  return { start: s, end: e, newText: newValue };
}

/** Deletes the whole line(s) of a block-mapping pair `key: value` (used when the pair is alone on its lines). */
export function deletePairLines(v: YView, text: string): OffsetEdit | undefined {
  const k = v.keyLoc;
  if (!k) return undefined;
  const lineStart = text.lastIndexOf('\n', k[0] - 1) + 1;
  if (text.slice(lineStart, k[0]).trim() !== '') return undefined; // not alone on its line (e.g. `- key: v` or flow)
  const end = v.loc[1];
  let lineEnd = text.indexOf('\n', end);
  lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
  return { start: lineStart, end: lineEnd, newText: '' };
}

/** Label selector `matchLabels` as a stable string key ('' = selects everything). */
export function selectorKey(sel: YView): string {
  const ml = sel.get('matchLabels');
  return ml.entries().map(([k, v]) => `${k}=${v.str ?? ''}`).sort().join(',');
}

export function isTrue(v: YView): boolean {
  if (v.bool !== undefined) return v.bool;
  return (v.str ?? '').toLowerCase() === 'true';
}

export type { Loc };
