import { ruleMeta } from '../../rule';
import { componentRule, flag, fileFlag, boolFlag, KEY_FILE } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP015', name: 'controller-manager-service-accounts', title: 'The controller manager must use per-controller credentials and its own token keys',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_108', 'checkov:CKV_K8S_110', 'checkov:CKV_K8S_111', 'trivy:KCV-0035', 'trivy:KCV-0036', 'trivy:KCV-0037'],
    cis: ['1.3.3', '1.3.4', '1.3.5'],
    docs: {
      description: 'A kube-controller-manager container does not set `--use-service-account-credentials=true`, lacks `--service-account-private-key-file` or `--root-ca-file`, or points them at something that does not look like a key or certificate file (`.pem`, `.key`, `.crt`, ...).',
      rationale: 'Without per-controller service accounts, every controller runs with the controller manager\'s own, very broad credentials, so RBAC cannot limit a single controller. The private key signs service account tokens; the root CA is what pods use to verify the API server.',
      remediation: 'Set `--use-service-account-credentials=true`, `--service-account-private-key-file` (the key whose public half the API server gets with `--service-account-key-file`) and `--root-ca-file` (the cluster CA).',
      example: { bad: 'command:\n  - kube-controller-manager\n', good: 'command:\n  - kube-controller-manager\n  - --use-service-account-credentials=true\n  - --service-account-private-key-file=/etc/kubernetes/pki/sa.key\n  - --root-ca-file=/etc/kubernetes/pki/ca.crt\n' },
    },
  }),
  ['kube-controller-manager'],
  (c, ctx) => {
    const creds = flag(c, 'use-service-account-credentials');
    if (boolFlag(creds) !== true) ctx.report({ loc: creds?.loc ?? c.headLoc, peers: ['checkov:CKV_K8S_108', 'trivy:KCV-0035'], message: `${c.who}: ${creds ? `--use-service-account-credentials=${creds.value}` : '--use-service-account-credentials is not set (default false)'}, so all controllers share the controller manager's broad credentials. Set --use-service-account-credentials=true.` });
    for (const [name, peersMissing, peersBad, what] of [
      ['service-account-private-key-file', ['trivy:KCV-0036'], ['checkov:CKV_K8S_110'], 'the private key that signs service account tokens'],
      ['root-ca-file', ['trivy:KCV-0037'], ['checkov:CKV_K8S_111'], 'the CA bundle pods use to verify the API server'],
    ] as const) {
      const f = fileFlag(c, name);
      if (!f) ctx.report({ loc: c.headLoc, peers: [...peersMissing], message: `${c.who}: --${name} is not set; it must name ${what}. Set it.` });
      else if (!KEY_FILE.test(f.value!.trim())) ctx.report({ loc: f.loc, peers: [...peersBad], message: `${c.who}: --${name}=${f.value} does not look like a PEM file (.pem, .key, .crt); it must name ${what}.` });
    }
  },
);
