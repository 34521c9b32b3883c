import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC009', name: 'rbac-node-proxy', title: 'Roles must not grant access to nodes/proxy',
    severity: 'error',
    peers: ['trivy:KSV-0047'],
    cis: ['5.1.10'],
    docs: {
      description: 'A ClusterRole (or Role) grants `get`, `create` or `*` on `nodes/proxy` in the core API group.',
      rationale: '`nodes/proxy` reaches the kubelet API of every node through the API server: `/exec`, `/run` and `/attach` on any pod of the node, without the pod-level RBAC checks and without audit events for the commands. It is node-level code execution.',
      remediation: 'Remove `nodes/proxy`. Monitoring agents need `nodes/metrics` and `nodes/stats`, which expose no exec endpoints.',
      example: {
        bad: 'rules:\n  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]\n',
        good: 'rules:\n  - apiGroups: [""]\n    resources: ["nodes/metrics", "nodes/stats"]\n    verbs: ["get"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      const g = grants(r, [''], ['nodes/proxy'], ['get', 'create']);
      if (!g) continue;
      ctx.report({ loc: g.resource.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' opens the kubelet API of every node (exec into any pod, unaudited). Remove it; use nodes/metrics or nodes/stats for monitoring.` });
    }
  },
  { applies: isRole },
);
