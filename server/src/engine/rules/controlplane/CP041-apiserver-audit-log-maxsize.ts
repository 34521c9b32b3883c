import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { auditLimit } from './audit';

export default componentRule(
  ruleMeta({
    id: 'CP041', name: 'apiserver-audit-log-maxsize', title: 'The API server must rotate audit logs at 100 MB or more',
    severity: 'warning',
    aliases: ['CP008', 'apiserver-audit-log'],
    peers: ['checkov:CKV_K8S_94', 'trivy:KCV-0022'],
    cis: ['1.2.19'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container does not set `--audit-log-maxsize`, or sets it below 100 (megabytes per audit log file before rotation).',
      rationale: 'Small files rotate often, so with a fixed number of backups the audit history covers a short time: the evidence is gone before an incident is noticed.',
      remediation: 'Set `--audit-log-maxsize=100` or more (the quick fix sets 100), or ship the log off the node with `--audit-webhook-config-file`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --audit-log-path=/var/log/kubernetes/audit.log\n', good: 'command:\n  - kube-apiserver\n  - --audit-log-path=/var/log/kubernetes/audit.log\n  - --audit-log-maxsize=100\n' },
    },
  }),
  ['kube-apiserver'],
  auditLimit({ name: 'audit-log-maxsize', min: 100, what: 'megabytes per audit log file before rotation' }),
);
