import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC007', name: 'rbac-bind', title: 'Roles must not grant the bind verb on roles',
    severity: 'error',
    peers: ['checkov:CKV_K8S_157'],
    cis: ['5.1.8'],
    docs: {
      description: 'A Role or ClusterRole grants `bind` (or `*`) on `roles` or `clusterroles` in `rbac.authorization.k8s.io`. The RBAC API checks `bind` against the role a binding refers to, so this is where `bind` takes effect (`bind` on `rolebindings` grants nothing).',
      rationale: 'Creating a RoleBinding normally requires holding every permission of the referenced role. `bind` lifts that check: together with `create` on rolebindings, the subject can bind itself to `cluster-admin` or any other role.',
      remediation: 'Remove `bind` (and `*`) from the verbs on roles and clusterroles. If a controller must create bindings, restrict `bind` to the roles it hands out with `resourceNames`.',
      example: {
        bad: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["bind"]\n',
        good: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    resourceNames: ["view"]\n    verbs: ["bind"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      if (r.resourceNames.length && !r.resourceNames.some((n) => ['cluster-admin', 'admin', 'edit', '*'].includes(n.value))) continue;
      const g = grants(r, ['rbac.authorization.k8s.io'], ['roles', 'clusterroles'], ['bind']);
      if (!g) continue;
      ctx.report({ loc: g.verb.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' includes bind: with create on rolebindings the subject can bind itself to any role, cluster-admin included. Remove it, or limit it with resourceNames.` });
    }
  },
  { applies: isRole },
);
