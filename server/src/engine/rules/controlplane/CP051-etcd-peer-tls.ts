import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { pair, plainUrls } from './etcd';

export default componentRule(
  ruleMeta({
    id: 'CP051', name: 'etcd-peer-tls', title: 'etcd members must talk to each other over TLS with a certificate',
    severity: 'error',
    aliases: ['CP019', 'etcd-tls'],
    peers: ['checkov:CKV_K8S_119', 'trivy:KCV-0045'],
    cis: ['2.4'],
    docs: {
      description: 'An etcd container (recognized as for CP019; `ETCD_*` variables count) listens on or advertises a non-loopback `http://` peer URL (`--listen-peer-urls`, `--initial-advertise-peer-urls`), or lacks `--peer-cert-file`/`--peer-key-file`.',
      rationale: 'Members replicate every write to each other: over plain HTTP, anyone on the path reads every object of the cluster, Secrets included, and can inject writes.',
      remediation: 'Set `--peer-cert-file` and `--peer-key-file` (with `--peer-trusted-ca-file`), and use `https://` peer URLs.',
      example: { bad: 'command:\n  - etcd\n  - --listen-peer-urls=http://0.0.0.0:2380\n', good: 'command:\n  - etcd\n  - --listen-peer-urls=https://0.0.0.0:2380\n  - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n  - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n' },
    },
  }),
  ['etcd'],
  (c, ctx) => {
    plainUrls(c, ctx, ['listen-peer-urls', 'initial-advertise-peer-urls'], 'member-to-member traffic');
    pair(c, ctx, 'peer-cert-file', 'peer-key-file', 'member-to-member traffic');
  },
);
