import { ruleMeta } from '../../rule';
import { componentRule, flag, fileFlag, boolFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP003', name: 'apiserver-kubelet-tls', title: 'The API server must authenticate to kubelets and verify them over TLS',
    severity: 'error',
    peers: ['checkov:CKV_K8S_71', 'checkov:CKV_K8S_72', 'checkov:CKV_K8S_73', 'trivy:KCV-0004', 'trivy:KCV-0005', 'trivy:KCV-0006'],
    cis: ['1.2.4', '1.2.5'],
    docs: {
      description: 'A kube-apiserver container sets `--kubelet-https=false`, lacks `--kubelet-client-certificate` and `--kubelet-client-key`, or lacks `--kubelet-certificate-authority`.',
      rationale: 'The API server talks to kubelets for `exec`, `logs`, `port-forward` and `proxy`. Without a client certificate the kubelets cannot authenticate it (and must allow anonymous access); without a CA it cannot tell a real kubelet from a man in the middle who then sees exec sessions and logs.',
      remediation: 'Set `--kubelet-client-certificate` and `--kubelet-client-key` to the API server\'s kubelet client pair and `--kubelet-certificate-authority` to the CA that signs kubelet serving certificates (enable kubelet serving certificate rotation with `serverTLSBootstrap: true`). Remove `--kubelet-https=false`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --kubelet-https=false\n', good: 'command:\n  - kube-apiserver\n  - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n  - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key\n  - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const https = flag(c, 'kubelet-https');
    if (boolFlag(https) === false) ctx.report({ loc: https!.loc, peers: ['checkov:CKV_K8S_71', 'trivy:KCV-0004'], message: `${c.who}: --kubelet-https=${https!.value} makes the API server talk to kubelets over plain HTTP (exec sessions, logs, secrets in transit). Remove the flag.` });
    const cert = fileFlag(c, 'kubelet-client-certificate');
    const key = fileFlag(c, 'kubelet-client-key');
    if (!cert || !key) {
      const missing = [!cert && '--kubelet-client-certificate', !key && '--kubelet-client-key'].filter(Boolean).join(' and ');
      ctx.report({ loc: (cert ?? key)?.loc ?? c.headLoc, peers: ['checkov:CKV_K8S_72', 'trivy:KCV-0005'], message: `${c.who}: ${missing} ${cert || key ? 'is' : 'are'} not set, so the API server cannot authenticate to kubelets with a client certificate. Set both.` });
    }
    if (!fileFlag(c, 'kubelet-certificate-authority')) ctx.report({ loc: c.headLoc, peers: ['checkov:CKV_K8S_73', 'trivy:KCV-0006'], message: `${c.who}: --kubelet-certificate-authority is not set, so the API server does not verify kubelet serving certificates (man-in-the-middle on exec and logs). Set it to the CA of the kubelet serving certificates.` });
  },
);
