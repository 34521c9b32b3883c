import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC004', name: 'rbac-pod-port-forward', title: 'Roles should not allow port-forwarding to pods',
    severity: 'info',
    peers: [],
    cis: [],
    docs: {
      description: 'A Role or ClusterRole grants `create` or `get` (or `*`) on `pods/portforward` (directly, through `*/portforward` or `*`) in the core API group.',
      rationale: 'Port-forwarding opens a tunnel from the caller to any port of any pod in scope, past NetworkPolicies and Service boundaries: databases, admin ports and metrics endpoints that were never meant to be reachable from outside.',
      remediation: 'Remove `pods/portforward` from roles that do not need it; expose what must be reachable through a Service guarded by NetworkPolicy and authentication.',
      example: {
        bad: 'rules:\n  - apiGroups: [""]\n    resources: ["pods/portforward"]\n    verbs: ["create"]\n',
        good: 'rules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      const g = grants(r, [''], ['pods/portforward'], ['create', 'get']);
      if (!g) continue;
      ctx.report({ loc: g.resource.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject tunnel to any port of the pods in scope, past NetworkPolicies. Remove pods/portforward from this role.` });
    }
  },
  { applies: isRole },
);
