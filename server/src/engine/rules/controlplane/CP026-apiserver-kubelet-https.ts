import { ruleMeta } from '../../rule';
import { componentRule, flag, boolFlag } from './flags';
import { setFlagFix } from './flagfix';

export default componentRule(
  ruleMeta({
    id: 'CP026', name: 'apiserver-kubelet-https', title: 'The API server must talk to kubelets over HTTPS',
    severity: 'error',
    aliases: ['CP003', 'apiserver-kubelet-tls'],
    peers: ['checkov:CKV_K8S_71', 'trivy:KCV-0004'],
    cis: [],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container sets `--kubelet-https=false` (the flag, removed in Kubernetes 1.22, defaulted to true).',
      rationale: 'Over plain HTTP, exec sessions, logs and port-forwarded traffic between the API server and kubelets (often carrying secrets) cross the network unencrypted and unauthenticated.',
      remediation: 'Remove `--kubelet-https=false`, or set it to true (the quick fix does).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --kubelet-https=false\n', good: 'command:\n  - kube-apiserver\n  - --kubelet-https=true\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const https = flag(c, 'kubelet-https');
    if (boolFlag(https) === false) ctx.report({ loc: https!.loc, message: `${c.who}: --kubelet-https=${https!.value} makes the API server talk to kubelets over plain HTTP (exec sessions, logs, secrets in transit). Remove the flag.`, fixes: setFlagFix(c, ctx, 'kubelet-https', 'true') });
  },
);
