import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC011', name: 'rbac-approve-csr', title: 'Roles should not approve certificate signing requests',
    severity: 'error',
    peers: ['checkov:CKV_K8S_156'],
    cis: ['5.1.11'],
    docs: {
      description: 'A ClusterRole (or Role) grants both `update` on `certificatesigningrequests/approval` and `approve` on `signers` in `certificates.k8s.io` (or `*`), the two permissions the API server requires to approve a CertificateSigningRequest.',
      rationale: 'A subject that can approve CSRs can issue itself a client certificate for any user or group the signer accepts, `system:masters` included with the `kubernetes.io/kube-apiserver-client` signer: a credential that RBAC cannot revoke.',
      remediation: 'Leave CSR approval to the controller manager and to administrators. If an approver is needed, restrict `approve` to its signer with `resourceNames` (for example `example.com/my-signer`).',
      example: {
        bad: 'rules:\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests/approval"]\n    verbs: ["update"]\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    verbs: ["approve"]\n',
        good: 'rules:\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests"]\n    verbs: ["get", "list", "watch"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    let update: { r: typeof rules[0]; g: NonNullable<ReturnType<typeof grants>> } | undefined;
    let approve: typeof update;
    for (const r of rules) {
      const u = grants(r, ['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update']);
      if (u && !update) update = { r, g: u };
      const kubeSigners = !r.resourceNames.length || r.resourceNames.some((n) => n.value === '*' || n.value.startsWith('kubernetes.io/'));
      const a = kubeSigners ? grants(r, ['certificates.k8s.io'], ['signers'], ['approve']) : undefined;
      if (a && !approve) approve = { r, g: a };
    }
    if (!update || !approve) return;
    ctx.report({
      loc: approve.g.verb.view.loc,
      message: `${describeRule(obj, approve.r)}: '${approve.g.verb.value}' on '${approve.g.resource.value}', with '${update.g.verb.value}' on '${update.g.resource.value}' (rules[${update.r.index}]), lets the subject approve certificate signing requests and issue itself client certificates for any identity. Leave CSR approval to the controller manager.`,
    });
  },
  { applies: isRole },
);
