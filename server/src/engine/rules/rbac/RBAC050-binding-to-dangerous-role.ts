import { defineRule, ruleMeta } from '../../rule';
import { roleRefOf, grants, isRole, isBootstrapName, PolicyRule, Item } from './util';
import { perObject, groupBy, nsKey, nsName, relatedTo, describe } from '../shared/workspace';
import type { WorkspaceObject } from '../../rule';
import type { YView } from '../../yaml/nodes';

const rank = (d: { kind: string }) => (d.kind === 'admin' ? 0 : d.kind === 'exec' ? 1 : 2);

const meta = ruleMeta({
  id: 'RBAC050', name: 'binding-to-dangerous-role', title: 'Bindings should not grant roles with dangerous permissions',
  severity: 'warning',
  peers: ['polaris:clusterrolebindingPodExecAttach', 'polaris:rolebindingClusterRolePodExecAttach', 'polaris:rolebindingRolePodExecAttach', 'polaris:rolebindingClusterAdminRole', 'polaris:clusterrolebindingClusterAdmin', 'polaris:rolebindingClusterAdminClusterRole'],
  cis: ['5.1.1', '5.1.2', '5.1.3'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): a RoleBinding or ClusterRoleBinding whose `roleRef` names a Role or ClusterRole defined in the workspace (in any file) that grants a dangerous permission: every verb on every resource, reading Secrets, `pods/exec` or `pods/attach`, `escalate`, `bind` or `impersonate`, `nodes/proxy`, or creating pods and workloads. A role listing all of get, list, watch, create, update, patch and delete on `*` in `*` counts as every verb. Roles named like bootstrap roles are judged too when the workspace defines them (only the built-in cluster-admin, admin, edit and view ClusterRoles are left to RBAC012/RBAC013), and bootstrap bindings (`system:*`, and the managed platform bindings `gce:*` and `eks:*`) are skipped. The role itself is reported by RBAC001-RBAC011 where it is defined; this finding is on the binding, the place that decides who gets the permission, and points to the role. Bindings to roles that no file defines, are not reported.',
    rationale: 'A dangerous role does no harm until it is bound; the binding, often in another file or another team\'s directory, is where a service account or group silently inherits cluster-admin-like power. Reviewing the binding alone does not show it.',
    remediation: 'Bind a role with only the permissions the subjects need, or narrow the role (resourceNames, fewer verbs), or move the permission to a dedicated role bound only to the identity that needs it.',
    example: {
      bad: 'kind: ClusterRole\nmetadata: {name: ops}\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n---\nkind: RoleBinding\nroleRef: {kind: ClusterRole, name: ops}\n',
      good: 'kind: ClusterRole\nmetadata: {name: ops}\nrules:\n- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "list", "watch"]\n---\nkind: RoleBinding\nroleRef: {kind: ClusterRole, name: ops}\n',
    },
  },
});

interface Danger { what: string; item: Item; kind: 'admin' | 'exec' | 'other' }

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** The dangerous permissions a policy rule grants (first the most severe). */
function dangers(r: PolicyRule): Danger[] {
  const out: Danger[] = [];
  const anyRes = r.resources.find((x) => x.value === '*');
  const allVerbs = r.verbs.some((v) => v.value === '*') || ALL_VERBS.every((v) => r.verbs.some((x) => x.value === v));
  if (anyRes && allVerbs && r.apiGroups.some((g) => g.value === '*')) out.push({ what: 'every verb on every resource (cluster-admin-like)', item: anyRes, kind: 'admin' });
  let g;
  if ((g = grants(r, [''], ['pods/exec', 'pods/attach'], ['create', 'get']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value === '*' ? 'every resource, pods/exec and pods/attach included' : g.resource.value} (run commands in pods)`, item: g.resource, kind: 'exec' });
  if (!r.resourceNames.length && (g = grants(r, [''], ['secrets'], ['get', 'list', 'watch']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value === '*' ? 'every resource, Secrets included' : 'Secrets'} (reads every Secret in scope)`, item: g.resource, kind: 'other' });
  if ((g = grants(r, ['rbac.authorization.k8s.io'], ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], ['escalate', 'bind']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value} (privilege escalation)`, item: g.verb, kind: 'other' });
  if ((g = grants(r, ['', 'authentication.k8s.io'], ['users', 'groups', 'serviceaccounts', 'userextras', 'uids'], ['impersonate']))) out.push({ what: `'impersonate' on ${g.resource.value}`, item: g.verb, kind: 'other' });
  if ((g = grants(r, [''], ['nodes/proxy'], ['get', 'create']))) out.push({ what: `'${g.verb.value}' on nodes/proxy (kubelet API access)`, item: g.resource, kind: 'other' });
  if ((g = grants(r, ['', 'apps', 'batch'], ['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'cronjobs', 'replicationcontrollers'], ['create', 'update', 'patch']))) out.push({ what: `'${g.verb.value}' on ${g.resource.value} (run any pod, including privileged ones)`, item: g.resource, kind: 'other' });
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

/** Polaris' binding checks each of these findings stands for. */
function polarisPeers(binding: string, roleKind: string, found: Danger[]): string[] {
  const out: string[] = [];
  if (found.some((d) => d.kind === 'exec' || d.kind === 'admin')) {
    if (binding === 'ClusterRoleBinding' && roleKind === 'ClusterRole') out.push('polaris:clusterrolebindingPodExecAttach');
    if (binding === 'RoleBinding' && roleKind === 'ClusterRole') out.push('polaris:rolebindingClusterRolePodExecAttach');
    if (binding === 'RoleBinding' && roleKind === 'Role') out.push('polaris:rolebindingRolePodExecAttach');
  }
  // a binding to a role that grants every verb on every resource is a cluster-admin binding in all but name
  if (found.some((d) => d.kind === 'admin')) {
    if (binding === 'RoleBinding' && roleKind === 'Role') out.push('polaris:rolebindingClusterAdminRole');
    if (binding === 'ClusterRoleBinding' && roleKind === 'ClusterRole') out.push('polaris:clusterrolebindingClusterAdmin');
    if (binding === 'RoleBinding' && roleKind === 'ClusterRole') out.push('polaris:rolebindingClusterAdminClusterRole');
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
      peers: polarisPeers(b.obj.kind, role.obj.kind, found.map((x) => x.d)),
      message: `${describe(b)} grants ${ref.kind} '${ref.name}'${where} to its subjects ${scope}; that role grants ${found[0].d.what}${found.length > 1 ? ` (and ${found.length - 1} more dangerous permission(s))` : ''}. Bind a role with only the permissions the subjects need.`,
    });
  }
});
