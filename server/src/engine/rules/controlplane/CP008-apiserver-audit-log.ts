import { ruleMeta } from '../../rule';
import { componentRule, flag, fileFlag, Flag } from './flags';

interface Limit { name: string; min: number; peers: string[]; what: string }
const LIMITS: Limit[] = [
  { name: 'audit-log-maxage', min: 30, peers: ['checkov:CKV_K8S_92', 'trivy:KCV-0020'], what: 'days of audit logs kept' },
  { name: 'audit-log-maxbackup', min: 10, peers: ['checkov:CKV_K8S_93', 'trivy:KCV-0021'], what: 'rotated audit log files kept' },
  { name: 'audit-log-maxsize', min: 100, peers: ['checkov:CKV_K8S_94', 'trivy:KCV-0022'], what: 'megabytes per audit log file before rotation' },
];

export default componentRule(
  ruleMeta({
    id: 'CP008', name: 'apiserver-audit-log', title: 'The API server must write an audit log and keep it long enough',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_91', 'trivy:KCV-0019', ...LIMITS.flatMap((l) => l.peers)],
    cis: ['1.2.16', '1.2.17', '1.2.18', '1.2.19'],
    docs: {
      description: 'A kube-apiserver container lacks `--audit-log-path`, or sets (or leaves unset) `--audit-log-maxage` below 30, `--audit-log-maxbackup` below 10 or `--audit-log-maxsize` below 100. Missing retention flags are reported together at the executable; values that are too low at the flag.',
      rationale: 'The audit log is the only record of who did what through the API: which token read which Secret, who exec\'d into which pod. Without it, or with a retention too short to cover the time it takes to detect an incident, there is no investigation.',
      remediation: 'Set `--audit-log-path` (and `--audit-policy-file`), `--audit-log-maxage=30`, `--audit-log-maxbackup=10`, `--audit-log-maxsize=100` or more, or ship the log off the node with `--audit-webhook-config-file`.',
      example: { bad: 'command:\n  - kube-apiserver\n', good: 'command:\n  - kube-apiserver\n  - --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n  - --audit-log-path=/var/log/kubernetes/audit.log\n  - --audit-log-maxage=30\n  - --audit-log-maxbackup=10\n  - --audit-log-maxsize=100\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const missing: { what: string; peers: string[] }[] = [];
    if (!fileFlag(c, 'audit-log-path')) missing.push({ what: '--audit-log-path (no audit log is written)', peers: ['checkov:CKV_K8S_91', 'trivy:KCV-0019'] });
    const low: [Flag, Limit][] = [];
    for (const l of LIMITS) {
      const f = flag(c, l.name);
      if (!f || f.value === undefined || f.value.trim() === '') { missing.push({ what: `--${l.name}=${l.min}`, peers: l.peers }); continue; }
      const n = Number(f.value.trim());
      if (!Number.isFinite(n) || n < l.min) low.push([f, l]);
    }
    if (missing.length) ctx.report({ loc: c.headLoc, peers: missing.flatMap((m) => m.peers), message: `${c.who}: audit logging is incomplete: set ${missing.map((m) => m.what).join(', ')}.` });
    for (const [f, l] of low) ctx.report({ loc: f.loc, peers: l.peers, message: `${c.who}: --${l.name}=${f.value} is below ${l.min} ${l.what}; evidence may be gone before an incident is noticed. Set it to ${l.min} or more.` });
  },
);
