import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC006', name: 'rbac-escalate', title: 'Roles must not grant the escalate verb on roles',
    severity: 'error',
    peers: ['checkov:CKV_K8S_158'],
    cis: ['5.1.8'],
    docs: {
      description: 'A Role or ClusterRole grants `escalate` (or `*`) on `roles` or `clusterroles` in `rbac.authorization.k8s.io`.',
      rationale: 'The RBAC API refuses to let a subject create or update a role with permissions it does not hold itself, unless it has `escalate` on roles. With it, the subject can edit a role it is bound to and give itself any permission: cluster admin in one request.',
      remediation: 'Remove `escalate` (and `*`) from the verbs on roles and clusterroles. Role authors need `create`/`update` on roles and already hold what they grant.',
      example: {
        bad: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs: ["get", "escalate"]\n',
        good: 'rules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["roles"]\n    verbs: ["get", "list"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      const g = grants(r, ['rbac.authorization.k8s.io'], ['roles', 'clusterroles'], ['escalate']);
      if (!g) continue;
      ctx.report({ loc: g.verb.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' includes escalate: the subject can add any permission to roles, including ones bound to itself. Remove it.` });
    }
  },
  { applies: isRole },
);
