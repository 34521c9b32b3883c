import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { mustNotBeTrue } from './etcd';

export default componentRule(
  ruleMeta({
    id: 'CP053', name: 'etcd-peer-auto-tls', title: 'etcd must not use self-signed peer certificates',
    severity: 'error',
    aliases: ['CP019', 'etcd-tls'],
    peers: ['trivy:KCV-0047'],
    cis: ['2.6'],
    fix: 'unsafe',
    docs: {
      description: 'An etcd container (recognized as for CP019; `ETCD_*` variables count) sets `--peer-auto-tls=true`.',
      rationale: 'With peer auto TLS members use self-signed certificates they cannot verify: anyone in the middle of member-to-member traffic sees and alters the replication stream.',
      remediation: 'Remove `--peer-auto-tls` and set `--peer-cert-file` and `--peer-key-file` to certificates from your CA (the quick fix sets `--peer-auto-tls=false`).',
      example: { bad: 'command:\n  - etcd\n  - --peer-auto-tls=true\n', good: 'command:\n  - etcd\n  - --peer-auto-tls=false\n' },
    },
  }),
  ['etcd'],
  mustNotBeTrue('peer-auto-tls', 'uses self-signed peer certificates that members cannot verify'),
);
