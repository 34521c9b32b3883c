import { ruleMeta } from '../../rule';
import { componentRule, fileFlag, KEY_FILE } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP042', name: 'apiserver-service-account-key-file', title: 'The API server must verify service account tokens with their own key',
    severity: 'warning',
    aliases: ['CP010', 'apiserver-service-account-tokens'],
    peers: ['checkov:CKV_K8S_97', 'trivy:KCV-0025'],
    cis: ['1.2.22'],
    docs: {
      description: 'A kube-apiserver container lacks `--service-account-key-file`, or points it at something that does not look like a key file (`.pem`, `.pub`, `.key`, `.crt`, ...).',
      rationale: 'Without an explicit verification key the API server verifies tokens with its TLS key, so the keys cannot be rotated independently; a wrong file stops token verification.',
      remediation: 'Set `--service-account-key-file` to the public key(s) matching the controller manager\'s `--service-account-private-key-file` and `--service-account-signing-key-file`.',
      example: { bad: 'command:\n  - kube-apiserver\n', good: 'command:\n  - kube-apiserver\n  - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const key = fileFlag(c, 'service-account-key-file');
    if (!key) ctx.report({ loc: c.headLoc, message: `${c.who}: --service-account-key-file is not set, so service account tokens are verified with the API server's TLS key. Set it to the service account public key.` });
    else if (!KEY_FILE.test(key.value!.trim())) ctx.report({ loc: key.loc, peers: ['checkov:CKV_K8S_97'], message: `${c.who}: --service-account-key-file=${key.value} does not look like a PEM key file (.pem, .pub, .key, .crt). Check that it names the service account public key.` });
  },
);
