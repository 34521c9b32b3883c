import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP011', name: 'apiserver-etcd-tls', title: 'The API server must authenticate to etcd with a client certificate',
    severity: 'error',
    peers: ['checkov:CKV_K8S_99', 'trivy:KCV-0026'],
    cis: ['1.2.23'],
    docs: {
      description: 'A kube-apiserver container lacks `--etcd-certfile` or `--etcd-keyfile` (client certificate for etcd). `--etcd-cafile`, which this rule used to check too, has its own id, CP043.',
      rationale: 'etcd holds every object of the cluster, Secrets included. Without a client certificate etcd cannot require authentication, so anyone who reaches it reads and writes everything.',
      remediation: 'Set `--etcd-certfile` and `--etcd-keyfile`, and run etcd with `--client-cert-auth=true`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --etcd-servers=https://127.0.0.1:2379\n', good: 'command:\n  - kube-apiserver\n  - --etcd-servers=https://127.0.0.1:2379\n  - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n  - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const cert = fileFlag(c, 'etcd-certfile');
    const key = fileFlag(c, 'etcd-keyfile');
    if (!cert || !key) {
      const missing = [!cert && '--etcd-certfile', !key && '--etcd-keyfile'].filter(Boolean).join(' and ');
      ctx.report({ loc: (cert ?? key)?.loc ?? c.headLoc, message: `${c.who}: ${missing} ${cert || key ? 'is' : 'are'} not set, so the API server cannot authenticate to etcd with a client certificate. Set both.` });
    }
  },
);
