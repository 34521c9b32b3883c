import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { mustBeTrue } from './etcd';

export default componentRule(
  ruleMeta({
    id: 'CP049', name: 'etcd-client-cert-auth', title: 'etcd must require client certificates',
    severity: 'error',
    aliases: ['CP019', 'etcd-tls'],
    peers: ['checkov:CKV_K8S_117', 'trivy:KCV-0043'],
    cis: ['2.2'],
    fix: 'unsafe',
    docs: {
      description: 'An etcd container (recognized as for CP019; `ETCD_*` variables count) does not set `--client-cert-auth=true` (the default is false).',
      rationale: 'Without client certificate authentication etcd serves anyone who can connect: every object of the cluster, Secrets included, can be read and written around the API server.',
      remediation: 'Set `--client-cert-auth=true` with `--trusted-ca-file` (the quick fix sets the flag).',
      example: { bad: 'command:\n  - etcd\n  - --client-cert-auth=false\n', good: 'command:\n  - etcd\n  - --client-cert-auth=true\n' },
    },
  }),
  ['etcd'],
  mustBeTrue('client-cert-auth', 'etcd accepts clients without a certificate'),
);
