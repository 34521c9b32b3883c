import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP008', name: 'apiserver-audit-log', title: 'The API server must write an audit log',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_91', 'trivy:KCV-0019'],
    cis: ['1.2.16'],
    docs: {
      description: 'A kube-apiserver container lacks `--audit-log-path`. The retention flags this rule used to check too have their own ids: `--audit-log-maxage` (CP039), `--audit-log-maxbackup` (CP040), `--audit-log-maxsize` (CP041).',
      rationale: 'The audit log is the only record of who did what through the API: which token read which Secret, who exec\'d into which pod. Without it there is no investigation.',
      remediation: 'Set `--audit-log-path` (and `--audit-policy-file`), or ship the log off the node with `--audit-webhook-config-file`.',
      example: { bad: 'command:\n  - kube-apiserver\n', good: 'command:\n  - kube-apiserver\n  - --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n  - --audit-log-path=/var/log/kubernetes/audit.log\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    if (!fileFlag(c, 'audit-log-path')) ctx.report({ loc: c.headLoc, message: `${c.who}: audit logging is incomplete: set --audit-log-path (no audit log is written).` });
  },
);
