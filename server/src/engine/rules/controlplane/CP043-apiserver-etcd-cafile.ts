import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP043', name: 'apiserver-etcd-cafile', title: 'The API server must verify etcd\'s certificate',
    severity: 'error',
    aliases: ['CP011', 'apiserver-etcd-tls'],
    peers: ['checkov:CKV_K8S_102', 'trivy:KCV-0029'],
    cis: ['1.2.26'],
    docs: {
      description: 'A kube-apiserver container lacks `--etcd-cafile` (the CA to verify etcd).',
      rationale: 'Without the CA, the API server cannot tell etcd from an impostor, which then receives every write (Secrets included) and answers every read.',
      remediation: 'Set `--etcd-cafile` to the etcd CA.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --etcd-servers=https://127.0.0.1:2379\n', good: 'command:\n  - kube-apiserver\n  - --etcd-servers=https://127.0.0.1:2379\n  - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    if (!fileFlag(c, 'etcd-cafile')) ctx.report({ loc: c.headLoc, message: `${c.who}: --etcd-cafile is not set, so the API server does not verify etcd's certificate. Set it to the etcd CA.` });
  },
);
