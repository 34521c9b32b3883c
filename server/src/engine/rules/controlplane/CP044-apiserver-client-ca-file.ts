import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP044', name: 'apiserver-client-ca-file', title: 'The API server must verify client certificates',
    severity: 'error',
    aliases: ['CP012', 'apiserver-tls'],
    peers: ['trivy:KCV-0028'],
    cis: ['1.2.25'],
    docs: {
      description: 'A kube-apiserver container lacks `--client-ca-file` (or gives it no value).',
      rationale: 'Without a client CA, client certificates (kubelets, controllers, administrators) cannot authenticate, and components fall back to weaker credentials.',
      remediation: 'Set `--client-ca-file` to the cluster CA.',
      example: { bad: 'command:\n  - kube-apiserver\n', good: 'command:\n  - kube-apiserver\n  - --client-ca-file=/etc/kubernetes/pki/ca.crt\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    if (!fileFlag(c, 'client-ca-file')) ctx.report({ loc: c.headLoc, message: `${c.who}: --client-ca-file is not set, so client certificates cannot authenticate. Set it to the cluster CA.` });
  },
);
