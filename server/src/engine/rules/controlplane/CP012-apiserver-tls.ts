import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP012', name: 'apiserver-tls', title: 'The API server must serve TLS with its own certificate',
    severity: 'error',
    peers: ['checkov:CKV_K8S_100', 'trivy:KCV-0027'],
    cis: ['1.2.24'],
    docs: {
      description: 'A kube-apiserver container lacks `--tls-cert-file` or `--tls-private-key-file` (or gives them no value). `--client-ca-file`, which this rule used to check too, has its own id, CP044.',
      rationale: 'Without a configured serving certificate the API server generates a self-signed one that clients cannot verify, inviting `insecure-skip-tls-verify`.',
      remediation: 'Set `--tls-cert-file` and `--tls-private-key-file` to the serving pair.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt\n', good: 'command:\n  - kube-apiserver\n  - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt\n  - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const cert = fileFlag(c, 'tls-cert-file');
    const key = fileFlag(c, 'tls-private-key-file');
    if (!cert || !key) {
      const missing = [!cert && '--tls-cert-file', !key && '--tls-private-key-file'].filter(Boolean).join(' and ');
      const present = c.flags.find((f) => f.name === 'tls-cert-file' || f.name === 'tls-private-key-file');
      ctx.report({ loc: (cert ?? key ?? present)?.loc ?? c.headLoc, message: `${c.who}: ${missing} ${cert || key ? 'is' : 'are'} not set (or empty), so the API server serves a self-signed certificate clients cannot verify. Set both to the serving certificate and key.` });
    }
  },
);
