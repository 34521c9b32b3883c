import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { mustNotBeTrue } from './etcd';

export default componentRule(
  ruleMeta({
    id: 'CP050', name: 'etcd-auto-tls', title: 'etcd must not serve clients with a self-signed certificate',
    severity: 'error',
    aliases: ['CP019', 'etcd-tls'],
    peers: ['checkov:CKV_K8S_118', 'trivy:KCV-0044'],
    cis: ['2.3'],
    fix: 'unsafe',
    docs: {
      description: 'An etcd container (recognized as for CP019; `ETCD_*` variables count) sets `--auto-tls=true`.',
      rationale: 'With auto TLS etcd generates a self-signed certificate that clients cannot verify, so they skip verification and anyone in the middle sees every object.',
      remediation: 'Remove `--auto-tls` and set `--cert-file` and `--key-file` to a certificate from your CA (the quick fix sets `--auto-tls=false`).',
      example: { bad: 'command:\n  - etcd\n  - --auto-tls=true\n', good: 'command:\n  - etcd\n  - --auto-tls=false\n' },
    },
  }),
  ['etcd'],
  mustNotBeTrue('auto-tls', 'serves clients with a self-signed certificate that clients cannot verify'),
);
