import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP002', name: 'apiserver-static-credentials', title: 'The API server must not use a static token file',
    severity: 'error',
    peers: ['checkov:CKV_K8S_70', 'trivy:KCV-0002'],
    cis: ['1.2.2'],
    docs: {
      description: 'A kube-apiserver container sets `--token-auth-file` (static bearer tokens). `--basic-auth-file` (static passwords), which this rule used to check too, has its own id, CP025.',
      rationale: 'Static tokens live in clear text on the control-plane nodes, never expire, and can only be changed by restarting the API server. A leaked token stays valid indefinitely.',
      remediation: 'Remove the flag. Authenticate people with OIDC or client certificates and workloads with service account tokens (TokenRequest).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --token-auth-file=/etc/kubernetes/tokens.csv\n', good: 'command:\n  - kube-apiserver\n  - --oidc-issuer-url=https://login.example.com\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const token = fileFlag(c, 'token-auth-file');
    if (token) ctx.report({ loc: token.loc, message: `${c.who}: --token-auth-file sets static bearer tokens that never expire and cannot be revoked without a restart. Remove it and use OIDC, client certificates or service account tokens.` });
  },
);
