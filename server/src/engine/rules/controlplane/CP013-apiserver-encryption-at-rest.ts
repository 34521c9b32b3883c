import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP013', name: 'apiserver-encryption-at-rest', title: 'The API server should encrypt Secrets at rest',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_104', 'trivy:KCV-0030'],
    cis: ['1.2.27', '1.2.28'],
    docs: {
      description: 'A kube-apiserver container lacks `--encryption-provider-config`.',
      rationale: 'Without an encryption configuration, Secrets are stored in etcd as base64 plain text: anyone with an etcd backup, a disk snapshot or etcd client access reads every credential of the cluster.',
      remediation: 'Write an EncryptionConfiguration that encrypts `secrets` with a KMS v2 provider (or `aescbc`/`secretbox` with a key kept off etcd) and pass it with `--encryption-provider-config`; then rewrite existing Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`).',
      example: { bad: 'command:\n  - kube-apiserver\n', good: 'command:\n  - kube-apiserver\n  - --encryption-provider-config=/etc/kubernetes/encryption.yaml\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    if (fileFlag(c, 'encryption-provider-config')) return;
    ctx.report({ loc: c.headLoc, message: `${c.who}: --encryption-provider-config is not set, so Secrets are stored unencrypted in etcd. Configure encryption at rest (KMS v2 or aescbc) and pass it with --encryption-provider-config.` });
  },
);
