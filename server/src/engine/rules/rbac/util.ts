/** Helpers for the RBAC rules (RBAC001+): Role/ClusterRole policy rules and (Cluster)RoleBinding subjects, as the RBAC authorizer reads them. */
import { describeObject, K8sObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';
import { perObject } from '../shared/workspace';



const RBAC_API = /^rbac\.authorization\.k8s\.io\/v\d+((alpha|beta)\d+)?$/;

export function isRole(obj: K8sObject): boolean {
  return (obj.kind === 'Role' || obj.kind === 'ClusterRole') && RBAC_API.test(obj.apiVersion);
}

export function isBinding(obj: K8sObject): boolean {
  return (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') && RBAC_API.test(obj.apiVersion);
}

/**
 * Kubernetes' own bootstrap roles and bindings: the API server creates them at start-up and
 * reconciles them (`rbac.authorization.kubernetes.io/autoupdate`), and the `system:` prefix is
 * reserved for Kubernetes components. Managed distributions do the same with their own prefixes
 * (GKE's addon manager `gce:`, EKS `eks:`), reconciling those objects back if edited. A manifest
 * that carries them (a cluster dump, a vendored add-on) gets no findings on them: they are not the
 * user's to change.
 */
const PLATFORM_PREFIXES = ['system:', 'gce:', 'eks:'];

export function isBootstrapName(obj: K8sObject): boolean {
  if (PLATFORM_PREFIXES.some((p) => obj.name.startsWith(p))) return true;
  if (obj.kind === 'ClusterRole') return ['cluster-admin', 'admin', 'edit', 'view'].includes(obj.name);
  if (obj.kind === 'ClusterRoleBinding') return obj.name === 'cluster-admin';
  return false;
}

export interface Item { value: string; view: YView }

export interface PolicyRule {
  view: YView;
  index: number;
  apiGroups: Item[];
  resources: Item[];
  verbs: Item[];
  resourceNames: Item[];
  nonResourceURLs: Item[];
}

function itemsOf(v: YView): Item[] {
  return v.items().map((view) => ({ value: view.str ?? '', view })).filter((i) => i.view.isScalar);
}

/**
 * The policy rules of a Role or ClusterRole (undefined for other objects and for bootstrap roles);
 * read once per object for all the RBAC rules (views follow their document's offset; callers only read).
 */
export function policyRules(obj: K8sObject): PolicyRule[] | undefined {
  if (!isRole(obj) || isBootstrapName(obj)) return undefined;
  return perObject(obj, 'policyRules', () => readPolicyRules(obj));
}

function readPolicyRules(obj: K8sObject): PolicyRule[] {
  return obj.view.get('rules').items().map((view, index) => ({
    view, index,
    apiGroups: itemsOf(view.get('apiGroups')),
    resources: itemsOf(view.get('resources')),
    verbs: itemsOf(view.get('verbs')),
    resourceNames: itemsOf(view.get('resourceNames')),
    nonResourceURLs: itemsOf(view.get('nonResourceURLs')),
  }));
}

/** `apiGroups` entry matching one of `groups` ("" is the core group), as the RBAC authorizer matches. */
export function matchGroup(r: PolicyRule, groups: string[]): Item | undefined {
  return r.apiGroups.find((g) => g.value === '*') ?? r.apiGroups.find((g) => groups.includes(g.value));
}

/** `resources` entry matching one of `resources` (`*`, exact, or `*`+`/subresource`). Prefers an exact match. */
export function matchResource(r: PolicyRule, resources: string[]): Item | undefined {
  return r.resources.find((x) => resources.includes(x.value))
    ?? r.resources.find((x) => x.value.startsWith('*/') && resources.some((want) => want.includes('/') && want.slice(want.indexOf('/')) === x.value.slice(1)))
    ?? r.resources.find((x) => x.value === '*');
}

export function matchVerb(r: PolicyRule, verbs: string[]): Item | undefined {
  return r.verbs.find((v) => verbs.includes(v.value)) ?? r.verbs.find((v) => v.value === '*');
}

export interface Grant { group: Item; resource: Item; verb: Item }

/** Whether the rule grants one of `verbs` on one of `resources` in one of `groups`; the matching items. */
export function grants(r: PolicyRule, groups: string[], resources: string[], verbs: string[]): Grant | undefined {
  const group = matchGroup(r, groups);
  const resource = group && matchResource(r, resources);
  const verb = resource && matchVerb(r, verbs);
  return group && resource && verb ? { group, resource, verb } : undefined;
}

export function quote(s: string): string { return `'${s}'`; }

export function describeRule(obj: K8sObject, r: PolicyRule): string {
  return `${describeObject(obj)}, rules[${r.index}]`;
}

export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

export interface Subject { kind: string; name: string; namespace: string; view: YView; index: number }

/** Subjects of a (Cluster)RoleBinding; undefined for other objects and bootstrap bindings. Read once per object, as policyRules. */
export function bindingSubjects(obj: K8sObject): Subject[] | undefined {
  if (!isBinding(obj) || isBootstrapName(obj)) return undefined;
  return perObject(obj, 'bindingSubjects', () => readSubjects(obj));
}

function readSubjects(obj: K8sObject): Subject[] {
  return obj.view.get('subjects').items().map((view, index) => ({
    view, index,
    kind: view.get('kind').str ?? '',
    name: view.get('name').str ?? '',
    namespace: view.get('namespace').str ?? '',
  }));
}

export interface RoleRef { kind: string; name: string; view: YView; nameView: YView }

/** The binding's roleRef (computed once per object: objects of unchanged documents persist across analyses). */
export function roleRefOf(obj: K8sObject): RoleRef | undefined {
  // (no per-object entry for what is not a binding)
  if (!isBinding(obj)) return undefined;
  return perObject(obj, 'roleRef', () => {
    if (isBootstrapName(obj)) return undefined;
    const v = obj.view.get('roleRef');
    if (!v.isMap) return undefined;
    return { kind: v.get('kind').str ?? '', name: v.get('name').str ?? '', view: v, nameView: v.get('name') };
  });
}
