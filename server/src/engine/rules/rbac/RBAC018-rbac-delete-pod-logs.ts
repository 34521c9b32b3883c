import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC018', name: 'rbac-delete-pod-logs', title: 'Roles should not delete pod logs',
    severity: 'warning',
    peers: ['trivy:KSV-0042'],
    cis: [],
    docs: {
      description: 'A Role or ClusterRole grants `delete` or `deletecollection` (or `*`) on `pods/log` in the core API group.',
      rationale: 'Deleting container logs removes the evidence of what ran in a pod. An attacker with this permission can cover the tracks of an intrusion.',
      remediation: 'Remove the permission; ship logs off the node to a store the workload identities cannot change.',
      example: { bad: 'rules:\n  - apiGroups: [""]\n    resources: ["pods/log"]\n    verbs: ["get", "delete"]\n', good: 'rules:\n  - apiGroups: [""]\n    resources: ["pods/log"]\n    verbs: ["get"]\n' },
    },
  },
  (obj, ctx) => {
    for (const r of policyRules(obj) ?? []) {
      const g = grants(r, [''], ['pods/log'], ['delete', 'deletecollection']);
      if (g) ctx.report({ loc: g.verb.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject delete container logs and cover its tracks. Remove it.` });
    }
  },
  { applies: isRole },
);
