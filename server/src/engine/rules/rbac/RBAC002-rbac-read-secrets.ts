import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC002', name: 'rbac-read-secrets', title: 'Roles should not grant read access to Secrets',
    severity: 'warning',
    peers: ['kube-linter:access-to-secrets', 'trivy:KSV-0041', 'trivy:KSV-0113'],
    cis: ['5.1.2'],
    docs: {
      description: 'A Role or ClusterRole grants `get`, `list` or `watch` (or `*`) on `secrets` in the core API group, for all Secrets (no `resourceNames`). A rule limited to named Secrets with `resourceNames` is the least-privilege form and is not reported.',
      rationale: 'Secrets hold service account tokens, TLS keys and credentials. `list` and `watch` return the content of every Secret in scope, so read access to Secrets is as good as the credentials they contain; in a ClusterRole it covers every namespace, including `kube-system`.',
      remediation: 'Remove read access to Secrets, or restrict it to the Secrets the subject needs with `resourceNames` and the `get` verb. Prefer mounting a Secret into the pod that needs it over reading it through the API.',
      example: {
        bad: 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list", "watch"]\n',
        good: 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["my-app-tls"]\n    verbs: ["get"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      if (r.resourceNames.length) continue;
      const g = grants(r, [''], ['secrets'], ['get', 'list', 'watch']);
      if (!g) continue;
      const scope = obj.kind === 'ClusterRole' ? 'in every namespace' : `in namespace '${obj.namespace || 'default'}'`;
      ctx.report({
        loc: g.resource.view.loc,
        peers: ['kube-linter:access-to-secrets', obj.kind === 'ClusterRole' ? 'trivy:KSV-0041' : 'trivy:KSV-0113'],
        message: `${describeRule(obj, r)}: grants '${g.verb.value}' on '${g.resource.value}', i.e. read access to all Secrets ${scope}. Remove it, or limit it to named Secrets with resourceNames and 'get'.`,
      });
    }
  },
  { applies: isRole },
);
