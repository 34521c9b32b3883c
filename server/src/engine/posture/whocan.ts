/**
 * Who can do what: the Kubernetes RBAC authorizer, evaluated exactly over the Roles, ClusterRoles,
 * RoleBindings and ClusterRoleBindings of a workspace model.
 *
 * - A ClusterRoleBinding grants its role's rules in every namespace and cluster-wide; a RoleBinding
 *   grants its Role's (of its namespace) or ClusterRole's rules in its own namespace only.
 * - A ClusterRole with an `aggregationRule` has the rules of every other ClusterRole whose labels match
 *   one of its `clusterRoleSelectors` (transitively); its own `rules` are replaced by the controller.
 * - A rule allows a resource request when verb, API group, resource (`pods`, `pods/exec`, `*`,
 *   `*\/exec`) and, when it lists them, `resourceNames` (then only requests naming one) match; a
 *   non-resource request (`/healthz`) when a verb and a URL (`*`, or a prefix ending in `*`) match.
 * - Subjects: User (by name), Group (system:serviceaccounts, system:serviceaccounts:<ns>,
 *   system:authenticated, system:unauthenticated and any other), ServiceAccount (its namespace
 *   defaults to the RoleBinding's). A service account is the user `system:serviceaccount:<ns>:<name>`
 *   in the groups system:serviceaccounts, system:serviceaccounts:<ns> and system:authenticated.
 *
 * Kubernetes' default ClusterRoles (./k8s-defaults.ts: cluster-admin, admin, edit, view, the system:
 * roles) are known as the API server creates them: a binding to one of them that the files do not
 * define grants its rules (rows say `builtin`), and the aggregated admin, edit and view take in the
 * files' ClusterRoles labelled to aggregate into them. A ClusterRole of the files with a default's
 * name replaces it. Kubernetes' default ClusterRoleBindings (system:masters is cluster-admin, ...)
 * are answered apart (`defaults`), on request: they hold on every cluster and would be in every answer.
 * A binding to any other role that is not among the objects grants what that role grants, which
 * cannot be told (a problem).
 * Pure: reads only the objects given and the defaults' data.
 */
import type { WorkspaceModel, WorkspaceObject } from '../rule';
import { labelsOf, parseSelector, selectorMatches, Selector } from '../rules/shared/workspace';
import { Problem, Where, whereOf } from './common';
import { DEFAULT_CLUSTER_ROLES, DEFAULT_CLUSTER_ROLE_BINDINGS } from './k8s-defaults';

const RBAC_API = /^rbac\.authorization\.k8s\.io\/v\d+((alpha|beta)\d+)?$/;

export interface PolicyRule {
  verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[]; nonResourceURLs: string[];
  index: number; where?: Where; role: string;
}
export interface RbacRole {
  w?: WorkspaceObject; kind: 'Role' | 'ClusterRole'; name: string; namespace: string;
  labels: Record<string, string>; own: PolicyRule[]; aggregation?: Selector[]; where?: Where;
  /** One of Kubernetes' default ClusterRoles (not in the files). */
  builtin?: true;
}
export interface Subject { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string; where?: Where }
export interface RbacBinding {
  w: WorkspaceObject; kind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace: string;
  roleRef: { kind: string; name: string; where: Where }; subjects: Subject[]; where: Where;
}
/** One of Kubernetes' default ClusterRoleBindings (not in the files). */
export interface DefaultBinding { kind: 'ClusterRoleBinding'; name: string; namespace: ''; roleRef: { kind: 'ClusterRole'; name: string }; subjects: Subject[] }
/**
 * `defaultBindings`: Kubernetes' default ClusterRoleBindings that no ClusterRoleBinding of the files
 * replaces (same name); `replaced`: the files' ClusterRoles and ClusterRoleBindings that replace a
 * default one without opting out of the API server's reconciliation (it adds the default's rules or
 * subjects back at its next start).
 */
export interface Rbac { roles: RbacRole[]; bindings: RbacBinding[]; problems: Problem[]; defaultBindings: DefaultBinding[]; replaced: { kind: string; name: string; where: Where }[] }

/** The label of Kubernetes' defaults in answers. */
export const BUILTIN = 'Kubernetes default';

const builtinRoles: RbacRole[] = DEFAULT_CLUSTER_ROLES.map((d) => {
  const label = `ClusterRole/${d.name} (${BUILTIN})`;
  return {
    kind: 'ClusterRole', name: d.name, namespace: '', labels: d.labels, aggregation: d.selectors, builtin: true,
    own: d.rules.map((r, index) => ({ verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], resourceNames: r.resourceNames ?? [], nonResourceURLs: r.nonResourceURLs ?? [], index, role: label })),
  };
});
const builtinBindings: DefaultBinding[] = DEFAULT_CLUSTER_ROLE_BINDINGS.map((d) => ({
  kind: 'ClusterRoleBinding', name: d.name, namespace: '', roleRef: { kind: 'ClusterRole', name: d.role }, subjects: d.subjects.map((s) => ({ ...s })),
}));
const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

export function rbacOf(model: WorkspaceModel): Rbac {
  const out: Rbac = { roles: [], bindings: [], problems: [], defaultBindings: [], replaced: [] };
  for (const w of model.objects) {
    const o = w.obj;
    if (!RBAC_API.test(o.apiVersion)) continue;
    if (o.kind === 'Role' || o.kind === 'ClusterRole') {
      const label = `${o.kind}/${o.namespace && o.kind === 'Role' ? `${o.namespace}/` : ''}${o.name}`;
      const own = o.view.get('rules').items().map((r, index): PolicyRule => ({
        verbs: r.get('verbs').strings(), apiGroups: r.get('apiGroups').strings(), resources: r.get('resources').strings(),
        resourceNames: r.get('resourceNames').strings(), nonResourceURLs: r.get('nonResourceURLs').strings(),
        index, where: whereOf(w, r.loc), role: label,
      }));
      const agg = o.kind === 'ClusterRole' && o.view.get('aggregationRule').isMap
        ? o.view.at('aggregationRule', 'clusterRoleSelectors').items().map((s) => parseSelector(s)) : undefined;
      out.roles.push({ w, kind: o.kind, name: o.name, namespace: o.kind === 'Role' ? o.namespace || 'default' : '', labels: labelsOf(o.view.at('metadata', 'labels')), own, aggregation: agg, where: whereOf(w, o.headLoc) });
    } else if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
      const ns = o.kind === 'RoleBinding' ? o.namespace || 'default' : '';
      const rr = o.view.get('roleRef');
      const subjects: Subject[] = [];
      for (const s of o.view.get('subjects').items()) {
        const kind = s.get('kind').str;
        const name = s.get('name').str ?? '';
        if (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount') {
          out.problems.push({ message: `${o.kind} '${o.name}': subject kind '${kind ?? ''}' is not User, Group or ServiceAccount`, where: whereOf(w, s.loc) });
          continue;
        }
        let namespace = kind === 'ServiceAccount' ? s.get('namespace').str : undefined;
        if (kind === 'ServiceAccount' && !namespace) {
          if (o.kind === 'RoleBinding') namespace = ns;
          else { out.problems.push({ message: `ClusterRoleBinding '${o.name}': ServiceAccount subject '${name}' has no namespace; the API server rejects it`, where: whereOf(w, s.loc) }); continue; }
        }
        subjects.push({ kind, name, namespace, where: whereOf(w, s.loc) });
      }
      out.bindings.push({ w, kind: o.kind, name: o.name, namespace: ns, roleRef: { kind: rr.get('kind').str ?? '', name: rr.get('name').str ?? '', where: whereOf(w, rr.exists ? rr.loc : o.headLoc) }, subjects, where: whereOf(w, o.headLoc) });
    }
  }
  // Kubernetes' defaults, but where the files have an object of the same name: it replaces the default
  const replaces = (kind: string, name: string, w: WorkspaceObject | undefined, where: Where | undefined) => {
    if (w && where && w.obj.view.at('metadata', 'annotations', AUTOUPDATE).str !== 'false') out.replaced.push({ kind, name, where });
  };
  for (const d of builtinRoles) {
    const own = out.roles.find((r) => r.kind === 'ClusterRole' && r.name === d.name);
    if (own) replaces('ClusterRole', d.name, own.w, own.where);
    else out.roles.push(d);
  }
  for (const d of builtinBindings) {
    const own = out.bindings.find((b) => b.kind === 'ClusterRoleBinding' && b.name === d.name);
    if (own) replaces('ClusterRoleBinding', d.name, own.w, own.where);
    else out.defaultBindings.push(d);
  }
  return out;
}

/** The rules a role has: its own, or for an aggregated ClusterRole those of the ClusterRoles it selects (transitively). */
export function rulesOf(rbac: Rbac, role: RbacRole, seen = new Set<RbacRole>()): PolicyRule[] {
  if (!role.aggregation) return role.own;
  if (seen.has(role)) return [];
  seen.add(role);
  const out: PolicyRule[] = [];
  for (const r of rbac.roles) {
    if (r === role || r.kind !== 'ClusterRole') continue;
    // as the aggregation controller: an empty selector selects every ClusterRole but the aggregating one
    if (!role.aggregation.some((s) => selectorMatches(s, r.labels))) continue;
    for (const x of rulesOf(rbac, r, seen)) if (!out.some((y) => y === x)) out.push(x);
  }
  seen.delete(role);
  return out;
}

function roleOf(rbac: Rbac, b: RbacBinding | DefaultBinding): RbacRole | undefined {
  const { kind, name } = b.roleRef;
  if (kind === 'ClusterRole') return rbac.roles.find((r) => r.kind === 'ClusterRole' && r.name === name);
  if (kind === 'Role' && b.kind === 'RoleBinding') return rbac.roles.find((r) => r.kind === 'Role' && r.namespace === b.namespace && r.name === name);
  return undefined;
}

/** A request, as the authorizer sees it. */
export type Request =
  | { verb: string; apiGroup: string; resource: string; subresource?: string; name?: string; namespace?: string }
  | { verb: string; nonResourceURL: string };

const has = (list: string[], v: string) => list.includes('*') || list.includes(v);

/** rbac/v1 RuleAllows (k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go). */
export function ruleAllows(rule: PolicyRule, req: Request): boolean {
  if (!has(rule.verbs, req.verb)) return false;
  if ('nonResourceURL' in req) {
    return rule.nonResourceURLs.some((u) => u === '*' || u === req.nonResourceURL || (u.endsWith('*') && req.nonResourceURL.startsWith(u.replace(/\*+$/, ''))));
  }
  if (!has(rule.apiGroups, req.apiGroup)) return false;
  const combined = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  const resOk = rule.resources.some((r) => r === '*' || r === combined || (!!req.subresource && r === `*/${req.subresource}`));
  if (!resOk) return false;
  if (!rule.resourceNames.length) return true;
  return !!req.name && rule.resourceNames.includes(req.name);
}

/** The user a subject is, with the groups Kubernetes puts it in. */
export interface UserInfo { name?: string; groups: string[] }

export function userOf(s: Subject): UserInfo {
  // a service account named as the user it authenticates as
  const sa = s.kind === 'User' ? /^system:serviceaccount:([^:]+):([^:]+)$/.exec(s.name) : null;
  if (sa) return userOf({ kind: 'ServiceAccount', namespace: sa[1], name: sa[2] });
  if (s.kind === 'ServiceAccount') return { name: `system:serviceaccount:${s.namespace}:${s.name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${s.namespace}`, 'system:authenticated'] };
  if (s.kind === 'Group') return { groups: [s.name] };
  return { name: s.name, groups: s.name === 'system:anonymous' ? ['system:unauthenticated'] : ['system:authenticated'] };
}

/** Whether a binding's subject covers the user (rbac appliesToUser). */
export function appliesTo(subject: Subject, user: UserInfo): boolean {
  if (subject.kind === 'User') return !!user.name && subject.name === user.name;
  if (subject.kind === 'Group') return user.groups.includes(subject.name);
  return !!user.name && user.name === `system:serviceaccount:${subject.namespace}:${subject.name}`;
}

export interface GrantRow {
  subject: Subject;
  binding: { kind: string; name: string; namespace: string; where: Where };
  /** `builtin`: one of Kubernetes' default ClusterRoles, not in the files (no `where`). */
  role: { kind: string; name: string; where?: Where; builtin?: true };
  /** The rule, of the bound role or (aggregated) of the role it comes from; `where` absent for a default's. */
  rule: { index: number; text: string; where?: Where };
  /** Where the grant holds: a namespace, or '' for cluster-wide (a ClusterRoleBinding). */
  scope: string;
}
/** A grant by one of Kubernetes' default ClusterRoleBindings (not in the files, so no `where`). */
export interface DefaultGrantRow extends Omit<GrantRow, 'binding'> {
  binding: { kind: 'ClusterRoleBinding'; name: string; namespace: ''; builtin: true };
}
/**
 * `rows`: the grants of the files' bindings. `defaults`: those of Kubernetes' default
 * ClusterRoleBindings, present when asked for (WhoOptions.defaults).
 */
export interface WhoAnswer { rows: GrantRow[]; problems: Problem[]; notes: string[]; defaults?: DefaultGrantRow[] }
/** `defaults`: answer for Kubernetes' default ClusterRoleBindings too (in `defaults`). */
export interface WhoOptions { defaults?: boolean }

export function showRule(r: PolicyRule): string {
  const parts = [`verbs: [${r.verbs.join(', ')}]`];
  if (r.nonResourceURLs.length) parts.push(`nonResourceURLs: [${r.nonResourceURLs.join(', ')}]`);
  if (r.apiGroups.length) parts.push(`apiGroups: [${r.apiGroups.map((g) => g === '' ? '""' : g).join(', ')}]`);
  if (r.resources.length) parts.push(`resources: [${r.resources.join(', ')}]`);
  if (r.resourceNames.length) parts.push(`resourceNames: [${r.resourceNames.join(', ')}]`);
  return parts.join(' ');
}

type Grant = { b: RbacBinding; role: RbacRole; rules: PolicyRule[] } | { b: DefaultBinding; role: RbacRole; rules: PolicyRule[] };

/**
 * Each binding that applies in `namespace` ('' = cluster-wide only; '*' = any), with its role's rules:
 * the files' bindings, then (`defaults`) Kubernetes' default ClusterRoleBindings.
 */
function* grants(rbac: Rbac, namespace: string, problems: Problem[], defaults: boolean): Generator<Grant> {
  for (const b of rbac.bindings) {
    if (b.kind === 'RoleBinding' && namespace !== '*' && b.namespace !== namespace) continue;
    if (b.roleRef.kind !== 'ClusterRole' && (b.kind === 'ClusterRoleBinding' || b.roleRef.kind !== 'Role')) {
      problems.push({ message: `${b.kind} '${b.name}': roleRef.kind '${b.roleRef.kind}' is not ${b.kind === 'RoleBinding' ? 'Role or ' : ''}ClusterRole; the API server rejects it`, where: b.roleRef.where });
      continue;
    }
    const role = roleOf(rbac, b);
    if (!role) {
      problems.push({ message: `${b.kind} '${b.name}'${b.namespace ? ` (namespace '${b.namespace}')` : ''} refers to ${b.roleRef.kind} '${b.roleRef.name}', which is not in the files${b.roleRef.kind === 'ClusterRole' ? ' nor one of Kubernetes\' default ClusterRoles' : ''}: what it grants is not known`, where: b.roleRef.where });
      continue;
    }
    yield { b, role, rules: rulesOf(rbac, role) };
  }
  if (!defaults) return;
  for (const b of rbac.defaultBindings) {
    const role = roleOf(rbac, b);
    // a default binding's role is a default role, or the files' replacement of it
    if (role) yield { b, role, rules: rulesOf(rbac, role) };
  }
}

function row(b: RbacBinding, role: RbacRole, r: PolicyRule, subject: Subject): GrantRow {
  return {
    subject, binding: { kind: b.kind, name: b.name, namespace: b.namespace, where: b.where },
    role: roleRow(role), rule: { index: r.index, text: `${r.role} rules[${r.index}]: ${showRule(r)}`, where: r.where },
    scope: b.namespace,
  };
}
function defaultRow(b: DefaultBinding, role: RbacRole, r: PolicyRule, subject: Subject): DefaultGrantRow {
  return {
    subject: { ...subject }, binding: { kind: b.kind, name: b.name, namespace: '', builtin: true },
    role: roleRow(role), rule: { index: r.index, text: `${r.role} rules[${r.index}]: ${showRule(r)}`, where: r.where },
    scope: '',
  };
}
const roleRow = (role: RbacRole): GrantRow['role'] => (role.builtin ? { kind: role.kind, name: role.name, builtin: true } : { kind: role.kind, name: role.name, where: role.where });

/** The answer's rows from the grants that `pick` keeps: the files' in `rows`, the defaults' in `defaults`. */
function answer(rbac: Rbac, req: { namespace: string; defaults: boolean }, problems: Problem[], pick: (g: Grant) => { rule: PolicyRule; subject: Subject }[]): WhoAnswer {
  const rows: GrantRow[] = [];
  const defaults: DefaultGrantRow[] = [];
  for (const g of grants(rbac, req.namespace, problems, req.defaults)) {
    for (const { rule, subject } of pick(g)) {
      if ('w' in g.b) rows.push(row(g.b, g.role, rule, subject));
      else defaults.push(defaultRow(g.b, g.role, rule, subject));
    }
  }
  return { rows, problems, notes: notes(rbac, req.defaults), ...(req.defaults ? { defaults } : {}) };
}

/**
 * Who can make the request: every binding subject granted it, with the binding and rule.
 * A resource request without a namespace is a cluster-wide one (only ClusterRoleBindings grant it);
 * namespace '*' asks for grants in any namespace.
 */
export function whoCan(rbac: Rbac, req: Request, opts: WhoOptions = {}): WhoAnswer {
  const ns = 'nonResourceURL' in req ? '' : req.namespace ?? '';
  return answer(rbac, { namespace: ns, defaults: !!opts.defaults }, [...rbac.problems], ({ b, rules }) => {
    // non-resource URLs are cluster-wide: a RoleBinding never grants them
    if ('nonResourceURL' in req && b.kind === 'RoleBinding') return [];
    return rules.filter((r) => ruleAllows(r, req)).flatMap((rule) => b.subjects.map((subject) => ({ rule, subject })));
  });
}

/**
 * The authorizer's own question: may this user (name and groups) make the request? The grants that
 * allow it (none: denied).
 */
export function authorize(rbac: Rbac, user: UserInfo, req: Request, opts: WhoOptions = {}): WhoAnswer {
  const ns = 'nonResourceURL' in req ? '' : req.namespace ?? '';
  return answer(rbac, { namespace: ns, defaults: !!opts.defaults }, [...rbac.problems], ({ b, rules }) => {
    if ('nonResourceURL' in req && b.kind === 'RoleBinding') return [];
    const hit = b.subjects.find((s) => appliesTo(s, user));
    return hit ? rules.filter((r) => ruleAllows(r, req)).map((rule) => ({ rule, subject: hit })) : [];
  });
}

/** What the subject can do: every rule granted to it (directly or through its groups), with its binding and scope. */
export function whatCan(rbac: Rbac, subject: Subject, opts: WhoOptions = {}): WhoAnswer {
  const user = userOf(subject);
  const a = answer(rbac, { namespace: '*', defaults: !!opts.defaults }, [...rbac.problems], ({ b, rules }) => {
    const hit = b.subjects.find((s) => appliesTo(s, user) || (subject.kind === 'Group' && s.kind === 'Group' && s.name === subject.name));
    return hit ? rules.map((rule) => ({ rule, subject: hit })) : [];
  });
  if (subject.kind === 'User' && !user.name?.startsWith('system:serviceaccount:')) a.notes.push(`the groups ${subject.name} belongs to besides ${user.groups.join(', ')} are not known from manifests: ask for each group (Group:NAME)`);
  return a;
}

function notes(rbac: Rbac, defaults: boolean): string[] {
  const out = [defaults
    ? 'Kubernetes\' default ClusterRoleBindings are counted (in defaults), but where the files have one of the same name'
    : 'Kubernetes\' default ClusterRoleBindings (system:masters is cluster-admin; every authenticated user has system:basic-user and system:discovery; the control-plane components their system: roles) are not counted: ask with defaults (the CLI: --defaults) to add them'];
  out.push('Kubernetes\' default ClusterRoles are known (marked builtin) where the files do not define the name; other authorizers (Node, webhooks) and the roles add-ons or distributions create are not counted');
  for (const r of rbac.replaced) out.push(`${r.kind} '${r.name}' of the files replaces Kubernetes' default of that name here; the API server adds the default's ${r.kind === 'ClusterRole' ? 'rules' : 'subjects'} back at its next start unless the object is annotated ${AUTOUPDATE}: "false"`);
  if (!rbac.bindings.length) out.push('the files hold no RoleBinding or ClusterRoleBinding');
  return out;
}

/** Common resources' API groups, for `who-can VERB RESOURCE` without `.group`. */
const GROUPS: Record<string, string> = {
  pods: '', services: '', secrets: '', configmaps: '', namespaces: '', nodes: '', persistentvolumes: '', persistentvolumeclaims: '',
  serviceaccounts: '', endpoints: '', events: '', replicationcontrollers: '', resourcequotas: '', limitranges: '', podtemplates: '',
  deployments: 'apps', daemonsets: 'apps', statefulsets: 'apps', replicasets: 'apps', controllerrevisions: 'apps',
  jobs: 'batch', cronjobs: 'batch', ingresses: 'networking.k8s.io', networkpolicies: 'networking.k8s.io', ingressclasses: 'networking.k8s.io',
  roles: 'rbac.authorization.k8s.io', rolebindings: 'rbac.authorization.k8s.io', clusterroles: 'rbac.authorization.k8s.io', clusterrolebindings: 'rbac.authorization.k8s.io',
  horizontalpodautoscalers: 'autoscaling', poddisruptionbudgets: 'policy', storageclasses: 'storage.k8s.io', csidrivers: 'storage.k8s.io',
  customresourcedefinitions: 'apiextensions.k8s.io', mutatingwebhookconfigurations: 'admissionregistration.k8s.io', validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  certificatesigningrequests: 'certificates.k8s.io', leases: 'coordination.k8s.io', priorityclasses: 'scheduling.k8s.io', tokenreviews: 'authentication.k8s.io',
  subjectaccessreviews: 'authorization.k8s.io', endpointslices: 'discovery.k8s.io',
};
const SHORT: Record<string, string> = { po: 'pods', svc: 'services', cm: 'configmaps', ns: 'namespaces', no: 'nodes', pv: 'persistentvolumes', pvc: 'persistentvolumeclaims', sa: 'serviceaccounts', deploy: 'deployments', ds: 'daemonsets', sts: 'statefulsets', rs: 'replicasets', cj: 'cronjobs', ing: 'ingresses', netpol: 'networkpolicies', crd: 'customresourcedefinitions', hpa: 'horizontalpodautoscalers', pdb: 'poddisruptionbudgets', ep: 'endpoints' };

/**
 * A request from the command line: VERB and `/url`, or RESOURCE[.GROUP][/SUBRESOURCE] (`pods/exec`,
 * `deployments.apps/scale`, `secrets`); RESOURCE may be singular or a kubectl short name.
 */
export function parseRequest(verb: string, resource: string, namespace?: string, name?: string): Request | { error: string } {
  if (!verb) return { error: 'no verb' };
  if (resource.startsWith('/')) return { verb, nonResourceURL: resource };
  const m = /^([a-z0-9*-]+)(?:\.([a-z0-9.-]+))?(?:\/([a-z0-9*-]+))?$/.exec(resource.toLowerCase());
  if (!m) return { error: `'${resource}' is not RESOURCE[.GROUP][/SUBRESOURCE] or a /non-resource-url` };
  let res = SHORT[m[1]] ?? m[1];
  if (!(res in GROUPS) && `${res}s` in GROUPS) res = `${res}s`;
  if (!(res in GROUPS) && res.endsWith('y') && `${res.slice(0, -1)}ies` in GROUPS) res = `${res.slice(0, -1)}ies`;
  let group = m[2];
  if (group === undefined) {
    if (!Object.hasOwn(GROUPS, res)) return { error: `'${res}' is not a resource Palisade knows the API group of: write RESOURCE.GROUP (e.g. widgets.example.com, or NAME.core for the core group)` };
    group = GROUPS[res];
  } else if (group === 'core' || group === '') group = '';
  return { verb, apiGroup: group, resource: res, subresource: m[3], name, namespace };
}

/** A subject from the command line: KIND:NAME[:NAMESPACE] (User:alice, Group:system:authenticated, ServiceAccount:ci:build... see below). */
export function parseSubject(text: string): Subject | { error: string } {
  const i = text.indexOf(':');
  const kindText = i < 0 ? '' : text.slice(0, i).toLowerCase();
  const rest = i < 0 ? '' : text.slice(i + 1);
  if (!rest) return { error: `--subject '${text}' is not KIND:NAME (User:alice, Group:devs, ServiceAccount:NAMESPACE/NAME)` };
  if (kindText === 'user') return { kind: 'User', name: rest };
  if (kindText === 'group') return { kind: 'Group', name: rest };
  if (kindText === 'serviceaccount' || kindText === 'sa') {
    // ServiceAccount:ns/name, or ServiceAccount:name:ns as the brief's KIND:NAME[:NS]
    const slash = rest.split('/');
    if (slash.length === 2 && slash[0] && slash[1]) return { kind: 'ServiceAccount', namespace: slash[0], name: slash[1] };
    const colon = rest.split(':');
    if (colon.length === 2 && colon[0] && colon[1]) return { kind: 'ServiceAccount', name: colon[0], namespace: colon[1] };
    if (colon.length === 1) return { kind: 'ServiceAccount', name: rest, namespace: 'default' };
    return { error: `--subject '${text}': write ServiceAccount:NAMESPACE/NAME` };
  }
  return { error: `--subject '${text}': the kind must be User, Group or ServiceAccount` };
}

export function showSubject(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}
