import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP025', name: 'apiserver-basic-auth-file', title: 'The API server must not use a static password file',
    severity: 'error',
    aliases: ['CP002', 'apiserver-static-credentials'],
    peers: ['checkov:CKV_K8S_69'],
    cis: [],
    docs: {
      description: 'A kube-apiserver container sets `--basic-auth-file` (static passwords, removed in Kubernetes 1.19).',
      rationale: 'Static passwords live in clear text on the control-plane nodes, never expire, and can only be changed by restarting the API server. On 1.19+ the flag also stops the API server from starting.',
      remediation: 'Remove the flag. Authenticate people with OIDC or client certificates.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --basic-auth-file=/etc/kubernetes/passwords.csv\n', good: 'command:\n  - kube-apiserver\n  - --oidc-issuer-url=https://login.example.com\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const basic = fileFlag(c, 'basic-auth-file');
    if (basic) ctx.report({ loc: basic.loc, message: `${c.who}: --basic-auth-file sets static passwords (and was removed in Kubernetes 1.19, where the API server will not start with it). Remove it and use OIDC or client certificates.` });
  },
);
