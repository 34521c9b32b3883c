import { defineRule, ruleMeta } from '../../rule';
import { roleRefOf, grants, isRole, isBootstrapName, PolicyRule, Item } from './util';
import { perObject, groupBy, nsKey, nsName, relatedTo, describe } from '../shared/workspace';
import type { WorkspaceObject } from '../../rule';
import type { YView } from '../../yaml/nodes';

const rank = (d: { kind: string }) => (d.kind === 'admin' ? 0 : d.kind === 'exec' ? 1 : 2);

const meta = ruleMeta({
  id: 'RBAC050', name: 'binding-to-dangerous-role', title: 'Bindings should not grant roles with dangerous permissions',
  severity: 'warning',
  peers: ['polaris:clusterrolebindingPodExecAttach', 'polaris:rolebindingClusterRolePodExecAttach', 'polaris:rolebindingRolePodExecAttach', 'polaris:rolebindingClusterAdminRole', 'polaris:clusterrolebindingClusterAdmin', 'polaris:rolebindingClusterAdminClusterRole', 'kube-linter:access-to-secrets', 'kube-linter:access-to-create-pods'],
  cis: ['5.1.1', '5.1.2', '5.1.3'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): a RoleBinding or ClusterRoleBinding whose `roleRef` names a Role or ClusterRole defined in the workspace (in any file) that grants a dangerous permission: every verb on every resource, reading Secrets, `pods/exec` or `pods/attach`, `escalate`, `bind` or `impersonate`, `nodes/proxy`, or creating pods and workloads. A role listing all of get, list, watch, create, update, patch and delete on `*` in `*` counts as every verb. Roles named like bootstrap roles are judged too when the workspace defines them (only the built-in cluster-admin, admin, edit and view ClusterRoles are left to RBAC012/RBAC013), and bootstrap bindings (`system:*`, and the managed platform bindings `gce:*` and `eks:*`) are skipped. The role itself is reported by RBAC001-RBAC011 where it is defined; this finding is on the binding, the place that decides who gets the permission, and points to the role. Bindings to roles that no file defines, are not reported. A finding names only the peer checks whose own condition the bound role meets: Polaris\' exec/attach binding checks (a rule with `""` or `"*"` in apiGroups, `*`, pods/exec or pods/attach in resources, `*`, get or create in verbs), Polaris\' cluster-admin binding checks (`"*"` apiGroups and resources with `"*"` or exactly the seven verbs get, list, watch, create, update, patch, delete), kube-linter access-to-secrets (when the finding reports reading Secrets) and access-to-create-pods (when it reports `create` or `"*"` on pods or workloads), these two for a ClusterRoleBinding or a RoleBinding to a Role (kube-linter looks a RoleBinding\'s role up among the Roles of its namespace only). Escalate, bind, impersonate and nodes/proxy grants have no binding-level peer check.',
    rationale: 'A dangerous role does no harm until it is bound; the binding, often in another file or another team\'s directory, is where a service account or group silently inherits cluster-admin-like power. Reviewing the binding alone does not show it.',
    remediation: 'Bind a role with only the permissions the subjects need, or narrow the role (resourceNames, fewer verbs), or move the permission to a dedicated role bound only to the identity that needs it.',
    example: {
      bad: 'kind: ClusterRole\nmetadata: {name: ops}\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n---\nkind: RoleBinding\nroleRef: {kind: ClusterRole, name: ops}\n',
      good: 'kind: ClusterRole\nmetadata: {name: ops}\nrules:\n- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "list", "watch"]\n---\nkind: RoleBinding\nroleRef: {kind: ClusterRole, name: ops}\n',
    },
  },
});

interface Danger { what: string; item: Item; kind: 'admin' | 'exec' | 'secrets' | 'rbac' | 'impersonate' | 'nodes-proxy' | 'workloads' }

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** The dangerous permissions a policy rule grants (first the most severe). */
function dangers(r: PolicyRule): Danger[] {
  const out: Danger[] = [];
  const anyRes = r.resources.find((x) => x.value === '*');
  const allVerbs = r.verbs.some((v) => v.value === '*') || ALL_VERBS.every((v) => r.verbs.some((x) => x.value === v));
  if (anyRes && allVerbs && r.apiGroups.some((g) => g.value === '*')) out.push({ what: 'every verb on every resource (cluster-admin-like)', item: anyRes, kind: 'admin' });
  let g;
  if ((g = grants(r, [''], ['pods/exec', 'pods/attach'], ['create', 'get']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value === '*' ? 'every resource, pods/exec and pods/attach included' : g.resource.value} (run commands in pods)`, item: g.resource, kind: 'exec' });
  if (!r.resourceNames.length && (g = grants(r, [''], ['secrets'], ['get', 'list', 'watch']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value === '*' ? 'every resource, Secrets included' : 'Secrets'} (reads every Secret in scope)`, item: g.resource, kind: 'secrets' });
  if ((g = grants(r, ['rbac.authorization.k8s.io'], ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], ['escalate', 'bind']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value} (privilege escalation)`, item: g.verb, kind: 'rbac' });
  if ((g = grants(r, ['', 'authentication.k8s.io'], ['users', 'groups', 'serviceaccounts', 'userextras', 'uids'], ['impersonate']))) out.push({ what: `'impersonate' on ${g.resource.value}`, item: g.verb, kind: 'impersonate' });
  if ((g = grants(r, [''], ['nodes/proxy'], ['get', 'create']))) out.push({ what: `'${g.verb.value}' on nodes/proxy (kubelet API access)`, item: g.resource, kind: 'nodes-proxy' });
  if ((g = grants(r, ['', 'apps', 'batch'], ['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'cronjobs', 'replicationcontrollers'], ['create', 'update', 'patch']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value} (run any pod, including privileged ones)`, item: g.resource, kind: 'workloads' });
  return out;
}

function itemsOf(v: YView): Item[] {
  return v.items().map((view) => ({ value: view.str ?? '', view })).filter((i) => i.view.isScalar);
}

/**
 * The policy rules of a role the workspace defines. Unlike the single-object rules, roles named
 * like bootstrap roles are read too when a manifest defines them: the binding is the user's, and
 * so is the role it points to (Kubernetes' own cluster-admin, admin, edit are RBAC012/RBAC013's).
 */
function rulesOf(role: WorkspaceObject): PolicyRule[] {
  if (role.obj.kind === 'ClusterRole' && ['cluster-admin', 'admin', 'edit', 'view'].includes(role.obj.name)) return [];
  // once per object (objects of unchanged documents persist across analyses)
  return perObject(role.obj, 'rbac050-rules', () => role.obj.view.get('rules').items().map((view, index) => ({
    view, index,
    apiGroups: itemsOf(view.get('apiGroups')),
    resources: itemsOf(view.get('resources')),
    verbs: itemsOf(view.get('verbs')),
    resourceNames: itemsOf(view.get('resourceNames')),
    nonResourceURLs: itemsOf(view.get('nonResourceURLs')),
  })));
}

const has = (items: Item[], values: string[]) => items.some((x) => values.includes(x.value));
const POLARIS_ADMIN_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * Polaris' exec/attach binding checks, on one policy rule of the bound role: `apiGroups` contains
 * "" or "*", `resources` contains "*", pods/exec or pods/attach, and `verbs` contains "*", get or
 * create (each field on its own; `*\/exec` is not one of its values).
 */
function polarisExec(r: PolicyRule): boolean {
  return has(r.apiGroups, ['', '*']) && has(r.resources, ['*', 'pods/exec', 'pods/attach']) && has(r.verbs, ['*', 'get', 'create']);
}

/**
 * Polaris' cluster-admin binding checks, on one policy rule: "*" in `apiGroups` and `resources`,
 * and `verbs` without duplicates either containing "*" or being exactly get, list, watch, create,
 * update, patch and delete.
 */
function polarisAdmin(r: PolicyRule): boolean {
  const verbs = r.verbs.map((v) => v.value);
  if (new Set(verbs).size !== verbs.length) return false;
  const allSeven = verbs.length === POLARIS_ADMIN_VERBS.length && verbs.every((v) => POLARIS_ADMIN_VERBS.includes(v));
  return has(r.apiGroups, ['*']) && has(r.resources, ['*']) && (verbs.includes('*') || allSeven);
}

/** kube-linter's access-to-secrets (a binding): a rule naming secrets or "*" with get, list, watch, create, delete or "*" (apiGroups and resourceNames not read). */
function kubeLinterSecrets(r: PolicyRule): boolean {
  return has(r.resources, ['secrets', '*']) && has(r.verbs, ['get', 'list', 'watch', 'create', 'delete', '*']);
}

/** kube-linter's access-to-create-pods (a binding): a rule naming pods, deployments, statefulsets, replicasets, jobs, daemonsets (or `cronjob`, sic) or "*" with create or "*". */
function kubeLinterCreatePods(r: PolicyRule): boolean {
  return has(r.resources, ['pods', 'deployments', 'statefulsets', 'replicasets', 'cronjob', 'jobs', 'daemonsets', '*']) && has(r.verbs, ['create', '*']);
}

/**
 * The peer checks this finding stands for: each peer's own condition, evaluated on the rules of the
 * bound role whose dangers the finding reports, and only where the finding covers what the peer
 * reports (the Secrets danger for access-to-secrets, the workloads danger for access-to-create-pods;
 * Polaris' exec condition implies our exec danger and its admin condition our admin danger).
 */
function peersOf(binding: string, roleKind: string, found: { r: PolicyRule; d: Danger }[]): string[] {
  const rules = [...new Set(found.map((x) => x.r))];
  const with_ = (kind: Danger['kind']) => found.filter((x) => x.d.kind === kind).map((x) => x.r);
  const out: string[] = [];
  const crb = binding === 'ClusterRoleBinding' && roleKind === 'ClusterRole';
  const rbc = binding === 'RoleBinding' && roleKind === 'ClusterRole';
  const rbr = binding === 'RoleBinding' && roleKind === 'Role';
  if (rules.some(polarisExec)) {
    if (crb) out.push('polaris:clusterrolebindingPodExecAttach');
    if (rbc) out.push('polaris:rolebindingClusterRolePodExecAttach');
    if (rbr) out.push('polaris:rolebindingRolePodExecAttach');
  }
  // a binding to a role that grants every verb on every resource is a cluster-admin binding in all but name
  if (rules.some(polarisAdmin)) {
    if (rbr) out.push('polaris:rolebindingClusterAdminRole');
    if (crb) out.push('polaris:clusterrolebindingClusterAdmin');
    if (rbc) out.push('polaris:rolebindingClusterAdminClusterRole');
  }
  // kube-linter looks a RoleBinding's role up among the Roles of its namespace only, whatever its roleRef.kind
  if (crb || rbr) {
    if (with_('secrets').some(kubeLinterSecrets)) out.push('kube-linter:access-to-secrets');
    if (with_('workloads').some(kubeLinterCreatePods)) out.push('kube-linter:access-to-create-pods');
  }
  return out;
}

export default defineRule('workspace', meta, (model, ctx) => {
  const roles = model.objects.filter((w) => isRole(w.obj));
  if (!roles.length) return;
  const byName = groupBy(roles, (r) => `${r.obj.kind}/${r.obj.name}`);
  for (const b of model.objects) {
    const ref = roleRefOf(b.obj);
    if (!ref || !ref.name) continue;
    let role: WorkspaceObject | undefined;
    if (ref.kind === 'ClusterRole') role = byName.get(`ClusterRole/${ref.name}`)?.[0];
    else if (ref.kind === 'Role' && b.obj.kind === 'RoleBinding') role = byName.get(`Role/${ref.name}`)?.find((r) => nsKey(r) === nsKey(b));
    if (!role) continue;
    if (isBootstrapName(b.obj)) continue; // Kubernetes' and the platform's own bindings
    const found: { r: PolicyRule; d: Danger }[] = [];
    for (const r of rulesOf(role)) for (const d of dangers(r)) found.push({ r, d });
    if (!found.length) continue;
    found.sort((x, y) => rank(x.d) - rank(y.d));
    const scope = b.obj.kind === 'ClusterRoleBinding' ? 'across the whole cluster' : `in namespace '${nsName(b)}'`;
    const where = role.file === b.file ? '' : ` (defined in ${role.file})`;
    ctx.report({
      file: b.file, lines: b.lines, obj: b.obj,
      loc: ref.nameView.exists ? ref.nameView.loc : b.obj.headLoc,
      related: [...new Set(found.map((x) => x.r))].slice(0, 3).map((r) => {
        const ds = found.filter((x) => x.r === r).map((x) => x.d);
        return relatedTo(role!, `${role!.obj.kind} '${role!.obj.name}', rules[${r.index}]: grants ${ds.map((d) => d.what).join('; ')}.`, ds[0].item.view.loc);
      }),
      peers: peersOf(b.obj.kind, role.obj.kind, found),
      message: `${describe(b)} grants ${ref.kind} '${ref.name}'${where} to its subjects ${scope}; that role grants ${found[0].d.what}${found.length > 1 ? ` (and ${found.length - 1} more dangerous permission(s))` : ''}. Bind a role with only the permissions the subjects need.`,
    });
  }
});
