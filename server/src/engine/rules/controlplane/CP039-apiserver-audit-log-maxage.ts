import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { auditLimit } from './audit';

export default componentRule(
  ruleMeta({
    id: 'CP039', name: 'apiserver-audit-log-maxage', title: 'The API server must keep audit logs for 30 days',
    severity: 'warning',
    aliases: ['CP008', 'apiserver-audit-log'],
    peers: ['checkov:CKV_K8S_92', 'trivy:KCV-0020'],
    cis: ['1.2.17'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container does not set `--audit-log-maxage`, or sets it below 30 (days of audit logs kept).',
      rationale: 'Unset, how long audit logs stay is left to the other limits and to whatever cleans the node; below 30 days, the evidence is gone before most incidents are detected (which takes weeks, typically).',
      remediation: 'Set `--audit-log-maxage=30` or more (the quick fix sets 30), or ship the log off the node with `--audit-webhook-config-file`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --audit-log-path=/var/log/kubernetes/audit.log\n', good: 'command:\n  - kube-apiserver\n  - --audit-log-path=/var/log/kubernetes/audit.log\n  - --audit-log-maxage=30\n' },
    },
  }),
  ['kube-apiserver'],
  auditLimit({ name: 'audit-log-maxage', min: 30, what: 'days of audit logs kept' }),
);
