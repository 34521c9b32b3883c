import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { mustBeTrue } from './etcd';

export default componentRule(
  ruleMeta({
    id: 'CP052', name: 'etcd-peer-client-cert-auth', title: 'etcd must require peer certificates',
    severity: 'error',
    aliases: ['CP019', 'etcd-tls'],
    peers: ['checkov:CKV_K8S_121', 'trivy:KCV-0046'],
    cis: ['2.5'],
    fix: 'unsafe',
    docs: {
      description: 'An etcd container (recognized as for CP019; `ETCD_*` variables count) does not set `--peer-client-cert-auth=true` (the default is false).',
      rationale: 'Without peer certificate authentication anyone who reaches the peer port can join the cluster as a member or read the replication stream.',
      remediation: 'Set `--peer-client-cert-auth=true` with `--peer-trusted-ca-file` (the quick fix sets the flag).',
      example: { bad: 'command:\n  - etcd\n  - --peer-client-cert-auth=false\n', good: 'command:\n  - etcd\n  - --peer-client-cert-auth=true\n' },
    },
  }),
  ['etcd'],
  mustBeTrue('peer-client-cert-auth', 'etcd accepts peers without a certificate'),
);
