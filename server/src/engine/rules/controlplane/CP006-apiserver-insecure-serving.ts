import { ruleMeta } from '../../rule';
import { componentRule, flag, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP006', name: 'apiserver-insecure-serving', title: 'The API server must serve only over authenticated TLS',
    severity: 'error',
    peers: ['checkov:CKV_K8S_86', 'checkov:CKV_K8S_88', 'checkov:CKV_K8S_89', 'trivy:KCV-0017'],
    cis: [],
    docs: {
      description: 'A kube-apiserver container sets `--insecure-bind-address`, a non-zero `--insecure-port`, or `--secure-port=0`.',
      rationale: 'The insecure port serves the whole API over plain HTTP with no authentication and no authorization: whoever reaches it is cluster admin. `--secure-port=0` turns HTTPS off. Both flags were removed in Kubernetes 1.24 (the API server will not start with them).',
      remediation: 'Remove `--insecure-bind-address` and `--insecure-port` (or set `--insecure-port=0` on releases before 1.20), and keep `--secure-port` at a non-zero port (default 6443).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --insecure-port=8080\n  - --insecure-bind-address=0.0.0.0\n', good: 'command:\n  - kube-apiserver\n  - --secure-port=6443\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const bind = fileFlag(c, 'insecure-bind-address');
    if (bind) ctx.report({ loc: bind.loc, peers: ['checkov:CKV_K8S_86'], message: `${c.who}: --insecure-bind-address=${bind.value} exposes the unauthenticated HTTP API on that address (and the flag was removed in 1.24). Remove it.` });
    const port = flag(c, 'insecure-port');
    if (port && port.value !== undefined && port.value.trim() !== '0') ctx.report({ loc: port.loc, peers: ['checkov:CKV_K8S_88'], message: `${c.who}: --insecure-port=${port.value} serves the API over HTTP without authentication or authorization (removed in 1.24). Remove it, or set it to 0 on releases before 1.20.` });
    const secure = flag(c, 'secure-port');
    if (secure && secure.value?.trim() === '0') ctx.report({ loc: secure.loc, peers: ['checkov:CKV_K8S_89', 'trivy:KCV-0017'], message: `${c.who}: --secure-port=0 turns off HTTPS serving. Remove it (the default is 6443).` });
  },
);
