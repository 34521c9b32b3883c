import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, WRITE_VERBS, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC010', name: 'rbac-admission-webhooks', title: 'Roles should not change admission webhooks or policies',
    severity: 'error',
    peers: ['checkov:CKV_K8S_155', 'trivy:KSV-0114'],
    cis: ['5.1.12'],
    docs: {
      description: 'A Role or ClusterRole grants a write verb (`create`, `update`, `patch`, `delete`, `deletecollection` or `*`) on `mutatingwebhookconfigurations`, `validatingwebhookconfigurations`, `validatingadmissionpolicies` or `validatingadmissionpolicybindings` in `admissionregistration.k8s.io`.',
      rationale: 'Admission webhooks and policies see and can change every object written to the cluster. Whoever can write them can switch off policy enforcement (Gatekeeper, Kyverno, Pod Security webhooks), or register a webhook that reads every Secret or injects containers into every pod.',
      remediation: 'Keep write access to admission configuration with cluster administrators and the controller that owns it; limit the controller with `resourceNames` to its own configurations.',
      example: {
        bad: 'rules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["validatingwebhookconfigurations"]\n    verbs: ["patch"]\n',
        good: 'rules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["validatingwebhookconfigurations"]\n    verbs: ["get", "list", "watch"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      const g = grants(r, ['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings'], WRITE_VERBS);
      if (!g) continue;
      ctx.report({ loc: g.verb.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject change admission control: disable policy enforcement or intercept every object written. Keep write access with cluster administrators.` });
    }
  },
  { applies: isRole },
);
