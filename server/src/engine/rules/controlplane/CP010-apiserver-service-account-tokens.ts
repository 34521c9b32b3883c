import { ruleMeta } from '../../rule';
import { componentRule, flag, fileFlag, boolFlag, KEY_FILE } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP010', name: 'apiserver-service-account-tokens', title: 'The API server must verify service account tokens properly',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_96', 'checkov:CKV_K8S_97', 'trivy:KCV-0024', 'trivy:KCV-0025'],
    cis: ['1.2.21', '1.2.22'],
    docs: {
      description: 'A kube-apiserver container sets `--service-account-lookup=false`, lacks `--service-account-key-file`, or points it at something that does not look like a key file (`.pem`, `.pub`, `.key`, `.crt`, ...).',
      rationale: 'With lookup off, a token stays valid after its ServiceAccount or Secret is deleted: revoking a leaked token does not work. Without an explicit verification key the API server verifies tokens with its TLS key, so the keys cannot be rotated independently.',
      remediation: 'Remove `--service-account-lookup=false` (the default is true) and set `--service-account-key-file` to the public key(s) matching the controller manager\'s `--service-account-private-key-file` and `--service-account-signing-key-file`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --service-account-lookup=false\n', good: 'command:\n  - kube-apiserver\n  - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const lookup = flag(c, 'service-account-lookup');
    if (boolFlag(lookup) === false) ctx.report({ loc: lookup!.loc, peers: ['checkov:CKV_K8S_96', 'trivy:KCV-0024'], message: `${c.who}: --service-account-lookup=${lookup!.value} accepts tokens of deleted service accounts, so revoking a token does not work. Remove the flag (default true).` });
    const key = fileFlag(c, 'service-account-key-file');
    if (!key) ctx.report({ loc: c.headLoc, peers: ['checkov:CKV_K8S_97', 'trivy:KCV-0025'], message: `${c.who}: --service-account-key-file is not set, so service account tokens are verified with the API server's TLS key. Set it to the service account public key.` });
    else if (!KEY_FILE.test(key.value!.trim())) ctx.report({ loc: key.loc, peers: ['checkov:CKV_K8S_97'], message: `${c.who}: --service-account-key-file=${key.value} does not look like a PEM key file (.pem, .pub, .key, .crt). Check that it names the service account public key.` });
  },
);
