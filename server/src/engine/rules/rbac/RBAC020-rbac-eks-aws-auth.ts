import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, WRITE_VERBS, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC020', name: 'rbac-eks-aws-auth', title: 'Roles must not change the EKS aws-auth ConfigMap',
    severity: 'error',
    peers: ['trivy:KSV-0115'],
    cis: [],
    docs: {
      description: 'A ClusterRole, or a Role in `kube-system`, grants a write verb (or `*`) on `configmaps` for all ConfigMaps or for `aws-auth` by name.',
      rationale: 'On Amazon EKS the `kube-system/aws-auth` ConfigMap maps IAM roles and users to Kubernetes groups. Whoever can edit it can map any IAM identity to `system:masters`: cluster admin.',
      remediation: 'Remove write access to ConfigMaps in kube-system; manage aws-auth from infrastructure code (or move to EKS access entries) with administrators\' credentials only.',
      example: { bad: 'kind: Role\nmetadata:\n  namespace: kube-system\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["aws-auth"]\n    verbs: ["update"]\n', good: 'kind: Role\nmetadata:\n  namespace: kube-system\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    resourceNames: ["aws-auth"]\n    verbs: ["get"]\n' },
    },
  },
  (obj, ctx) => {
    if (obj.kind === 'Role' && obj.namespace !== 'kube-system') return;
    for (const r of policyRules(obj) ?? []) {
      const named = r.resourceNames.find((n) => n.value === 'aws-auth');
      if (r.resourceNames.length && !named && !r.resourceNames.some((n) => n.value === '*')) continue;
      const g = grants(r, [''], ['configmaps'], WRITE_VERBS);
      if (!g) continue;
      ctx.report({ loc: (named ?? g.resource).view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on ${named ? "the 'aws-auth' ConfigMap" : `'${g.resource.value}' in kube-system`} lets the subject map any AWS IAM identity to system:masters on EKS. Remove write access to kube-system ConfigMaps.` });
    }
  },
  { applies: isRole },
);
