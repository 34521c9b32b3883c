import { defineRule } from '../../rule';
import { policyRules, describeRule } from './util';

export default defineRule('object',
  {
    id: 'RBAC001', name: 'rbac-wildcard', title: 'Roles must not use wildcards in apiGroups, resources or verbs',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', 'trivy:KSV-0044', 'trivy:KSV-0045', 'trivy:KSV-0046', 'trivy:KSV-0112'],
    cis: ['5.1.3'],
    docs: {
      description: 'A rule of a Role or ClusterRole lists `"*"` in `apiGroups`, `resources` or `verbs` (or `nonResourceURLs`). Each wildcard is reported where it is written.',
      rationale: 'A wildcard grants everything that exists today and everything added later: new resource types, subresources such as `pods/exec`, verbs such as `escalate`, `bind` and `impersonate`. Wildcard roles are the usual path from a compromised workload to cluster admin. Kubernetes\' own bootstrap roles (`cluster-admin`, `admin`, `edit`, `view`, `system:*`) are not reported: the API server reconciles them.',
      remediation: 'List the API groups, resources and verbs the subject needs. `kubectl auth can-i --list --as=<subject>` and the audit log show what is actually used.',
      example: {
        bad: 'rules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
        good: 'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    const resourcesAll = obj.kind === 'ClusterRole' ? 'trivy:KSV-0046' : 'trivy:KSV-0112';
    for (const r of rules) {
      const verbStar = r.verbs.some((v) => v.value === '*');
      const resStar = r.resources.some((v) => v.value === '*');
      const common = ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules'];
      for (const [field, items] of [['apiGroups', r.apiGroups], ['resources', r.resources], ['verbs', r.verbs], ['nonResourceURLs', r.nonResourceURLs]] as const) {
        for (const it of items) {
          if (it.value !== '*') continue;
          const peers = field === 'verbs' ? [...common, 'trivy:KSV-0045', ...(resStar ? ['trivy:KSV-0044'] : [])]
            : field === 'resources' ? [...common, resourcesAll, ...(verbStar ? ['trivy:KSV-0044'] : [])]
            : common;
          const what = field === 'verbs' ? 'every verb (including escalate, bind and impersonate)'
            : field === 'resources' ? (r.apiGroups.some((g) => g.value === '' || g.value === '*') ? 'every resource and subresource (including secrets and pods/exec)' : `every resource and subresource of API group(s) ${r.apiGroups.map((g) => `'${g.value}'`).join(', ') || '(none listed)'}, including ones added later`)
            : field === 'apiGroups' ? 'every API group, including ones installed later'
            : 'every non-resource URL';
          ctx.report({ loc: it.view.loc, peers, message: `${describeRule(obj, r)}: "*" in ${field} grants ${what}. List only the ${field} the subject needs.` });
        }
      }
    }
  },
);
