import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP002', name: 'apiserver-static-credentials', title: 'The API server must not use static password or token files',
    severity: 'error',
    peers: ['checkov:CKV_K8S_69', 'checkov:CKV_K8S_70', 'trivy:KCV-0002'],
    cis: ['1.2.2'],
    docs: {
      description: 'A kube-apiserver container sets `--token-auth-file` (static bearer tokens) or `--basic-auth-file` (static passwords, removed in Kubernetes 1.19).',
      rationale: 'Static credentials live in clear text on the control-plane nodes, never expire, and can only be changed by restarting the API server. A leaked token stays valid indefinitely. On 1.19+ `--basic-auth-file` also stops the API server from starting.',
      remediation: 'Remove the flag. Authenticate people with OIDC or client certificates and workloads with service account tokens (TokenRequest).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --token-auth-file=/etc/kubernetes/tokens.csv\n', good: 'command:\n  - kube-apiserver\n  - --oidc-issuer-url=https://login.example.com\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const token = fileFlag(c, 'token-auth-file');
    if (token) ctx.report({ loc: token.loc, peers: ['checkov:CKV_K8S_70', 'trivy:KCV-0002'], message: `${c.who}: --token-auth-file sets static bearer tokens that never expire and cannot be revoked without a restart. Remove it and use OIDC, client certificates or service account tokens.` });
    const basic = fileFlag(c, 'basic-auth-file');
    if (basic) ctx.report({ loc: basic.loc, peers: ['checkov:CKV_K8S_69'], message: `${c.who}: --basic-auth-file sets static passwords (and was removed in Kubernetes 1.19, where the API server will not start with it). Remove it and use OIDC or client certificates.` });
  },
);
