import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, WRITE_VERBS, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC022', name: 'rbac-manage-rbac', title: 'Roles that change RBAC roles and bindings',
    severity: 'warning',
    peers: ['trivy:KSV-0050'],
    cis: ['5.1.8'],
    docs: {
      description: 'A Role or ClusterRole grants a write verb (`create`, `update`, `patch`, `delete`, `deletecollection` or `*`) on `roles`, `clusterroles`, `rolebindings` or `clusterrolebindings`.',
      rationale: 'The RBAC API stops a subject from granting permissions it does not hold (unless it also has `escalate` or `bind`, see RBAC006/RBAC007), but it can still hand all of its own permissions to any other identity, create persistent backdoor bindings, and delete the bindings other teams rely on.',
      remediation: 'Keep RBAC changes with administrators and GitOps tooling. Namespace administrators need `rolebindings` in their namespace only (a Role, not a ClusterRole).',
      example: { bad: 'kind: ClusterRole\nrules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterrolebindings"]\n    verbs: ["create"]\n', good: 'kind: ClusterRole\nrules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterrolebindings"]\n    verbs: ["get", "list", "watch"]\n' },
    },
  },
  (obj, ctx) => {
    for (const r of policyRules(obj) ?? []) {
      const g = grants(r, ['rbac.authorization.k8s.io'], ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], WRITE_VERBS);
      if (!g) continue;
      ctx.report({ loc: g.resource.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject change RBAC: hand its permissions to other identities or remove others' access. Keep RBAC changes with administrators.` });
    }
  },
  { applies: isRole },
);
