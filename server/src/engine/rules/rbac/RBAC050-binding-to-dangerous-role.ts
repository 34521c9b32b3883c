import { familyMeta, policyRules, roleRefOf, grants, isRole, PolicyRule, Item } from './util';
import { workspaceRule, groupBy, nsKey, nsName, relatedTo, describe } from '../k8s/K8S1xx-workspace';
import type { WorkspaceObject } from '../../rule';

const meta = familyMeta({
  id: 'RBAC050', name: 'binding-to-dangerous-role', title: 'Bindings should not grant roles with dangerous permissions',
  severity: 'warning',
  peers: [],
  cis: ['5.1.1', '5.1.2', '5.1.3'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): a RoleBinding or ClusterRoleBinding whose `roleRef` names a Role or ClusterRole defined in the workspace (in any file) that grants a dangerous permission: every verb on every resource, reading Secrets, `pods/exec` or `pods/attach`, `escalate`, `bind` or `impersonate`, `nodes/proxy`, or creating pods and workloads. The role itself is reported by RBAC001-RBAC011 where it is defined; this finding is on the binding, the place that decides who gets the permission, and points to the role. Bindings to roles that no file defines, and to Kubernetes\' bootstrap roles (RBAC012/RBAC013 cover cluster-admin, admin and edit), are not reported.',
    rationale: 'A dangerous role does no harm until it is bound; the binding, often in another file or another team\'s directory, is where a service account or group silently inherits cluster-admin-like power. Reviewing the binding alone does not show it.',
    remediation: 'Bind a role with only the permissions the subjects need, or narrow the role (resourceNames, fewer verbs), or move the permission to a dedicated role bound only to the identity that needs it.',
    example: {
      bad: 'kind: ClusterRole\nmetadata: {name: ops}\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n---\nkind: RoleBinding\nroleRef: {kind: ClusterRole, name: ops}\n',
      good: 'kind: ClusterRole\nmetadata: {name: ops}\nrules:\n- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "list", "watch"]\n---\nkind: RoleBinding\nroleRef: {kind: ClusterRole, name: ops}\n',
    },
  },
});

interface Danger { what: string; item: Item }

/** The first dangerous permission a policy rule grants. */
function danger(r: PolicyRule): Danger | undefined {
  const star = r.verbs.find((v) => v.value === '*');
  const anyRes = r.resources.find((x) => x.value === '*');
  if (star && anyRes && r.apiGroups.some((g) => g.value === '*')) return { what: 'every verb on every resource (cluster-admin-like)', item: anyRes };
  let g;
  if (!r.resourceNames.length && (g = grants(r, [''], ['secrets'], ['get', 'list', 'watch']))) return { what: `'${g.verb.value}' on Secrets (reads every Secret in scope)`, item: g.resource };
  if ((g = grants(r, [''], ['pods/exec', 'pods/attach'], ['create', 'get']))) return { what: `'${g.verb.value}' on ${g.resource.value} (run commands in pods)`, item: g.resource };
  if ((g = grants(r, ['rbac.authorization.k8s.io'], ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], ['escalate', 'bind']))) return { what: `'${g.verb.value}' on ${g.resource.value} (privilege escalation)`, item: g.verb };
  if ((g = grants(r, ['', 'authentication.k8s.io'], ['users', 'groups', 'serviceaccounts', 'userextras', 'uids'], ['impersonate']))) return { what: `'impersonate' on ${g.resource.value}`, item: g.verb };
  if ((g = grants(r, [''], ['nodes/proxy'], ['get', 'create']))) return { what: `'${g.verb.value}' on nodes/proxy (kubelet API access)`, item: g.resource };
  if ((g = grants(r, ['', 'apps', 'batch'], ['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'cronjobs', 'replicationcontrollers'], ['create', 'update', 'patch']))) return { what: `'${g.verb.value}' on ${g.resource.value} (run any pod, including privileged ones)`, item: g.resource };
  return undefined;
}

export default workspaceRule(meta, (model, ctx) => {
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
    const rules = policyRules(role.obj);
    if (!rules) continue;
    const found: { r: PolicyRule; d: Danger }[] = [];
    for (const r of rules) { const d = danger(r); if (d) found.push({ r, d }); }
    if (!found.length) continue;
    const scope = b.obj.kind === 'ClusterRoleBinding' ? 'across the whole cluster' : `in namespace '${nsName(b)}'`;
    const where = role.file === b.file ? '' : ` (defined in ${role.file})`;
    ctx.report({
      file: b.file, lines: b.lines, obj: b.obj,
      loc: ref.nameView.exists ? ref.nameView.loc : b.obj.headLoc,
      related: found.slice(0, 3).map(({ r, d }) => relatedTo(role!, `${role!.obj.kind} '${role!.obj.name}', rules[${r.index}]: grants ${d.what}.`, d.item.view.loc)),
      message: `${describe(b)} grants ${ref.kind} '${ref.name}'${where} to its subjects ${scope}; that role grants ${found[0].d.what}${found.length > 1 ? ` and ${found.length - 1} more dangerous permission(s)` : ''}. Bind a role with only the permissions the subjects need.`,
    });
  }
});
