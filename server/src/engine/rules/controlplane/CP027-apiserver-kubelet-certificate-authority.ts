import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP027', name: 'apiserver-kubelet-certificate-authority', title: 'The API server must verify kubelet serving certificates',
    severity: 'error',
    aliases: ['CP003', 'apiserver-kubelet-tls'],
    peers: ['checkov:CKV_K8S_73', 'trivy:KCV-0006'],
    cis: ['1.2.5'],
    docs: {
      description: 'A kube-apiserver container lacks `--kubelet-certificate-authority`.',
      rationale: 'Without the CA of the kubelet serving certificates, the API server cannot tell a real kubelet from a man in the middle, who then sees exec sessions and logs.',
      remediation: 'Set `--kubelet-certificate-authority` to the CA that signs kubelet serving certificates (enable kubelet serving certificate rotation with `serverTLSBootstrap: true`).',
      example: { bad: 'command:\n  - kube-apiserver\n', good: 'command:\n  - kube-apiserver\n  - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    if (!fileFlag(c, 'kubelet-certificate-authority')) ctx.report({ loc: c.headLoc, message: `${c.who}: --kubelet-certificate-authority is not set, so the API server does not verify kubelet serving certificates (man-in-the-middle on exec and logs). Set it to the CA of the kubelet serving certificates.` });
  },
);
