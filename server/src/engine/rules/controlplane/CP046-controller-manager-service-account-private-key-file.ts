import { ruleMeta } from '../../rule';
import { componentRule, fileFlag, KEY_FILE } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP046', name: 'controller-manager-service-account-private-key-file', title: 'The controller manager must sign service account tokens with its own key',
    severity: 'warning',
    aliases: ['CP015', 'controller-manager-service-accounts'],
    peers: ['checkov:CKV_K8S_110', 'trivy:KCV-0036'],
    cis: ['1.3.4'],
    docs: {
      description: 'A kube-controller-manager container lacks `--service-account-private-key-file`, or points it at something that does not look like a key or certificate file (`.pem`, `.key`, `.crt`, ...).',
      rationale: 'The private key signs the service account tokens the controller manager issues; the API server verifies them with the matching public key. Without it, token signing falls back to keys that cannot be rotated on their own.',
      remediation: 'Set `--service-account-private-key-file` to the key whose public half the API server gets with `--service-account-key-file`.',
      example: { bad: 'command:\n  - kube-controller-manager\n', good: 'command:\n  - kube-controller-manager\n  - --service-account-private-key-file=/etc/kubernetes/pki/sa.key\n' },
    },
  }),
  ['kube-controller-manager'],
  (c, ctx) => {
    const f = fileFlag(c, 'service-account-private-key-file');
    if (!f) ctx.report({ loc: c.headLoc, peers: ['trivy:KCV-0036'], message: `${c.who}: --service-account-private-key-file is not set; it must name the private key that signs service account tokens. Set it.` });
    else if (!KEY_FILE.test(f.value!.trim())) ctx.report({ loc: f.loc, peers: ['checkov:CKV_K8S_110'], message: `${c.who}: --service-account-private-key-file=${f.value} does not look like a PEM file (.pem, .key, .crt); it must name the private key that signs service account tokens.` });
  },
);
