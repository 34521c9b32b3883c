import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { pair, plainUrls } from './etcd';

export default componentRule(
  ruleMeta({
    id: 'CP019', name: 'etcd-tls', title: 'etcd must serve clients over TLS with a certificate',
    severity: 'error',
    peers: ['checkov:CKV_K8S_116', 'trivy:KCV-0042'],
    cis: ['2.1'],
    docs: {
      description: 'An etcd container (recognized by its command, or by its image or `ETCD_*` server variables when it has no command; flags given as `ETCD_*` environment variables count) listens on or advertises a non-loopback `http://` client URL (`--listen-client-urls`, `--advertise-client-urls`), or lacks `--cert-file`/`--key-file`. The other TLS settings this rule used to check have their own ids: `--client-cert-auth` (CP049), `--auto-tls` (CP050), the peer certificate and URLs (CP051), `--peer-client-cert-auth` (CP052), `--peer-auto-tls` (CP053).',
      rationale: 'etcd stores every object of the cluster, Secrets included, and anyone who can talk to it bypasses the API server\'s authentication, authorization, admission and audit. Client connections must be encrypted with a certificate from a CA that only the API server and etcd members hold.',
      remediation: 'Set `--cert-file` and `--key-file` (with `--trusted-ca-file`), and use `https://` client URLs.',
      example: { bad: 'command:\n  - etcd\n  - --listen-client-urls=http://0.0.0.0:2379\n', good: 'command:\n  - etcd\n  - --listen-client-urls=https://0.0.0.0:2379\n  - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n  - --key-file=/etc/kubernetes/pki/etcd/server.key\n' },
    },
  }),
  ['etcd'],
  (c, ctx) => {
    plainUrls(c, ctx, ['listen-client-urls', 'advertise-client-urls'], 'client traffic');
    pair(c, ctx, 'cert-file', 'key-file', 'the client API');
  },
);
