import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { auditLimit } from './audit';

export default componentRule(
  ruleMeta({
    id: 'CP040', name: 'apiserver-audit-log-maxbackup', title: 'The API server must keep 10 rotated audit log files',
    severity: 'warning',
    aliases: ['CP008', 'apiserver-audit-log'],
    peers: ['checkov:CKV_K8S_93', 'trivy:KCV-0021'],
    cis: ['1.2.18'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container does not set `--audit-log-maxbackup`, or sets it below 10 (rotated audit log files kept).',
      rationale: 'Too few rotated files and a busy cluster overwrites its audit history within hours: the evidence is gone before an incident is noticed.',
      remediation: 'Set `--audit-log-maxbackup=10` or more (the quick fix sets 10), or ship the log off the node with `--audit-webhook-config-file`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --audit-log-path=/var/log/kubernetes/audit.log\n', good: 'command:\n  - kube-apiserver\n  - --audit-log-path=/var/log/kubernetes/audit.log\n  - --audit-log-maxbackup=10\n' },
    },
  }),
  ['kube-apiserver'],
  auditLimit({ name: 'audit-log-maxbackup', min: 10, what: 'rotated audit log files kept' }),
);
