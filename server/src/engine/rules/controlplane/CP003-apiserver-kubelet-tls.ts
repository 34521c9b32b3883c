import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP003', name: 'apiserver-kubelet-tls', title: 'The API server must authenticate to kubelets with a client certificate',
    severity: 'error',
    peers: ['checkov:CKV_K8S_72', 'trivy:KCV-0005'],
    cis: ['1.2.4'],
    docs: {
      description: 'A kube-apiserver container lacks `--kubelet-client-certificate` or `--kubelet-client-key`. The other kubelet connection settings this rule used to check have their own ids: `--kubelet-https=false` (CP026) and `--kubelet-certificate-authority` (CP027).',
      rationale: 'The API server talks to kubelets for `exec`, `logs`, `port-forward` and `proxy`. Without a client certificate the kubelets cannot authenticate it, and must allow anonymous access to serve it.',
      remediation: 'Set `--kubelet-client-certificate` and `--kubelet-client-key` to the API server\'s kubelet client pair.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n', good: 'command:\n  - kube-apiserver\n  - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n  - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const cert = fileFlag(c, 'kubelet-client-certificate');
    const key = fileFlag(c, 'kubelet-client-key');
    if (!cert || !key) {
      const missing = [!cert && '--kubelet-client-certificate', !key && '--kubelet-client-key'].filter(Boolean).join(' and ');
      ctx.report({ loc: (cert ?? key)?.loc ?? c.headLoc, message: `${c.who}: ${missing} ${cert || key ? 'is' : 'are'} not set, so the API server cannot authenticate to kubelets with a client certificate. Set both.` });
    }
  },
);
