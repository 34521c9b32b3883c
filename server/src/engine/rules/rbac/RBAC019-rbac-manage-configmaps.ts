import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, WRITE_VERBS, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC019', name: 'rbac-manage-configmaps', title: 'Roles that change ConfigMaps',
    severity: 'info',
    peers: ['trivy:KSV-0049'],
    cis: [],
    docs: {
      description: 'A Role or ClusterRole grants a write verb (`create`, `update`, `patch`, `delete`, `deletecollection` or `*`) on `configmaps` in the core API group, for all ConfigMaps (no `resourceNames`).',
      rationale: 'ConfigMaps configure workloads and cluster components (CoreDNS, kube-proxy, aws-auth on EKS, ingress controllers). Whoever can change them can redirect traffic, change authentication or inject configuration into other applications.',
      remediation: 'Limit write access to the ConfigMaps the subject owns with `resourceNames`, and prefer a Role in the application\'s namespace over a ClusterRole.',
      example: { bad: 'rules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["update", "patch"]\n', good: 'rules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["my-app-config"]\n    verbs: ["update", "patch"]\n' },
    },
  },
  (obj, ctx) => {
    for (const r of policyRules(obj) ?? []) {
      if (r.resourceNames.length) continue;
      const g = grants(r, [''], ['configmaps'], WRITE_VERBS);
      if (!g) continue;
      const scope = obj.kind === 'ClusterRole' ? 'in every namespace it is bound for (kube-system included)' : `in namespace '${obj.namespace || 'default'}'`;
      ctx.report({ loc: g.resource.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject change every ConfigMap ${scope}. Limit it to its own ConfigMaps with resourceNames.` });
    }
  },
  { applies: isRole },
);
