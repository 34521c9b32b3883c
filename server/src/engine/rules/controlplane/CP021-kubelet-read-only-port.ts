import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, kubeletUsesFlagsOnly, isKubeletConfiguration } from './flags';
import { setFlagFix } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP021', name: 'kubelet-read-only-port', title: 'The kubelet read-only port must be off',
    severity: 'warning',
    fix: 'unsafe',
    peers: ['checkov:CKV_K8S_141', 'trivy:KCV-0082'],
    cis: ['4.2.4'],
    docs: {
      description: 'A kubelet sets `--read-only-port` (or `readOnlyPort` in a KubeletConfiguration) to a non-zero port, or runs on flags only without `--read-only-port=0` (the flag default is 10255).',
      rationale: 'The read-only port serves pod specs (with environment variables, often secrets), node details and metrics over plain HTTP with no authentication at all.',
      remediation: 'Set `--read-only-port=0` (`readOnlyPort: 0`, the KubeletConfiguration default; the quick fix does) and scrape metrics from the authenticated port 10250.',
      example: { bad: 'command:\n  - kubelet\n  - --read-only-port=10255\n', good: 'command:\n  - kubelet\n  - --read-only-port=0\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const f = flag(c, 'read-only-port');
    if (f) {
      if (f.value !== undefined && f.value.trim() !== '0') ctx.report({ loc: f.loc, message: `${c.who}: --read-only-port=${f.value} serves pod specs and node data over HTTP without authentication. Set --read-only-port=0.`, fixes: setFlagFix(c, ctx, 'read-only-port', '0') });
    } else if (kubeletUsesFlagsOnly(c)) {
      ctx.report({ loc: c.headLoc, message: `${c.who}: --read-only-port is not set and no --config file is used, so the unauthenticated read-only port 10255 is open. Set --read-only-port=0.`, fixes: setFlagFix(c, ctx, 'read-only-port', '0') });
    }
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const p = obj.view.get('readOnlyPort');
    if (p.number !== undefined && p.number !== 0) ctx.report({ loc: p.pairLoc, message: `${describeConfig(obj)}: readOnlyPort: ${p.number} serves pod specs and node data over HTTP without authentication. Set readOnlyPort: 0.`, fixes: fix.unsafe('Set readOnlyPort: 0', fix.setScalar(ctx.text, p, 0)) });
  },
);
