import { ruleMeta } from '../../rule';
import { componentRule, fileFlag, KEY_FILE } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP047', name: 'controller-manager-root-ca-file', title: 'The controller manager must give pods the cluster CA',
    severity: 'warning',
    aliases: ['CP015', 'controller-manager-service-accounts'],
    peers: ['checkov:CKV_K8S_111', 'trivy:KCV-0037'],
    cis: ['1.3.5'],
    docs: {
      description: 'A kube-controller-manager container lacks `--root-ca-file`, or points it at something that does not look like a key or certificate file (`.pem`, `.key`, `.crt`, ...).',
      rationale: 'The root CA is put into every service account token volume; pods use it to verify the API server. Without it they cannot verify the API server (or are told to skip verification).',
      remediation: 'Set `--root-ca-file` to the cluster CA.',
      example: { bad: 'command:\n  - kube-controller-manager\n', good: 'command:\n  - kube-controller-manager\n  - --root-ca-file=/etc/kubernetes/pki/ca.crt\n' },
    },
  }),
  ['kube-controller-manager'],
  (c, ctx) => {
    const f = fileFlag(c, 'root-ca-file');
    if (!f) ctx.report({ loc: c.headLoc, peers: ['trivy:KCV-0037'], message: `${c.who}: --root-ca-file is not set; it must name the CA bundle pods use to verify the API server. Set it.` });
    else if (!KEY_FILE.test(f.value!.trim())) ctx.report({ loc: f.loc, peers: ['checkov:CKV_K8S_111'], message: `${c.who}: --root-ca-file=${f.value} does not look like a PEM file (.pem, .key, .crt); it must name the CA bundle pods use to verify the API server.` });
  },
);
