import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP011', name: 'apiserver-etcd-tls', title: 'The API server must talk to etcd over mutually authenticated TLS',
    severity: 'error',
    peers: ['checkov:CKV_K8S_99', 'checkov:CKV_K8S_102', 'trivy:KCV-0026', 'trivy:KCV-0029'],
    cis: ['1.2.23', '1.2.26'],
    docs: {
      description: 'A kube-apiserver container lacks `--etcd-certfile` and `--etcd-keyfile` (client certificate for etcd), or `--etcd-cafile` (CA to verify etcd).',
      rationale: 'etcd holds every object of the cluster, Secrets included. Without a client certificate etcd cannot require authentication; without the CA the API server cannot tell etcd from an impostor that receives every write.',
      remediation: 'Set `--etcd-certfile`, `--etcd-keyfile` and `--etcd-cafile`, and run etcd with `--client-cert-auth=true`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --etcd-servers=https://127.0.0.1:2379\n', good: 'command:\n  - kube-apiserver\n  - --etcd-servers=https://127.0.0.1:2379\n  - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n  - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n  - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const cert = fileFlag(c, 'etcd-certfile');
    const key = fileFlag(c, 'etcd-keyfile');
    if (!cert || !key) {
      const missing = [!cert && '--etcd-certfile', !key && '--etcd-keyfile'].filter(Boolean).join(' and ');
      ctx.report({ loc: (cert ?? key)?.loc ?? c.headLoc, peers: ['checkov:CKV_K8S_99', 'trivy:KCV-0026'], message: `${c.who}: ${missing} ${cert || key ? 'is' : 'are'} not set, so the API server cannot authenticate to etcd with a client certificate. Set both.` });
    }
    if (!fileFlag(c, 'etcd-cafile')) ctx.report({ loc: c.headLoc, peers: ['checkov:CKV_K8S_102', 'trivy:KCV-0029'], message: `${c.who}: --etcd-cafile is not set, so the API server does not verify etcd's certificate. Set it to the etcd CA.` });
  },
);
