import { ruleMeta } from '../../rule';
import { componentRule, fileFlag, kubeletUsesFlagsOnly } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP055', name: 'kubelet-client-ca-file', title: 'The kubelet API must authenticate clients by certificate',
    severity: 'error',
    aliases: ['CP020', 'kubelet-authn-authz'],
    peers: ['checkov:CKV_K8S_140', 'trivy:KCV-0081'],
    cis: ['4.2.3'],
    docs: {
      description: 'A kubelet runs on flags only (no `--config` file that could set `authentication.x509.clientCAFile`) without `--client-ca-file`.',
      rationale: 'Without a client CA the kubelet cannot authenticate clients by certificate, the API server included, so it must either refuse the API server\'s exec and logs requests or accept them anonymously.',
      remediation: 'Set `--client-ca-file` to the cluster CA (in a KubeletConfiguration: `authentication.x509.clientCAFile`).',
      example: { bad: 'command:\n  - kubelet\n', good: 'command:\n  - kubelet\n  - --client-ca-file=/etc/kubernetes/pki/ca.crt\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    if (!fileFlag(c, 'client-ca-file') && kubeletUsesFlagsOnly(c)) ctx.report({ loc: c.headLoc, message: `${c.who}: --client-ca-file is not set and no --config file is used, so the kubelet cannot authenticate clients by certificate (the API server included). Set --client-ca-file to the cluster CA.` });
  },
);
