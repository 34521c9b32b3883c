import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, isKubeletConfiguration } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP023', name: 'kubelet-event-qps', title: 'Kubelet event rate above the CIS level',
    severity: 'info',
    peers: ['checkov:CKV_K8S_147', 'trivy:KCV-0087'],
    cis: ['4.2.9'],
    docs: {
      description: 'A kubelet sets `--event-qps` (`eventRecordQPS` in a KubeletConfiguration) above 5. The CIS Benchmark asks for 0, which the kubelet treats as the client default of 5 events per second, or a deliberately chosen level.',
      rationale: 'Every kubelet writes events to the API server. A high rate lets one busy or compromised node flood the API server and etcd with events; a rate that is too low drops the record of image pulls, probe failures and evictions. The CIS level balances both; a different level should be a recorded decision.',
      remediation: 'Set `--event-qps=0` (`eventRecordQPS: 0`), or keep the chosen level and record the decision with a suppression (`# palisade-ignore CP023 -- reason`).',
      example: { bad: 'command:\n  - kubelet\n  - --event-qps=50\n', good: 'command:\n  - kubelet\n  - --event-qps=0\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const f = flag(c, 'event-qps');
    const n = f?.value === undefined ? NaN : Number(f.value.trim());
    if (f && Number.isFinite(n) && n > 5) ctx.report({ loc: f.loc, message: `${c.who}: --event-qps=${f.value} lets the kubelet send ${n} events per second, above the CIS level (0, i.e. the default of 5), so one node can flood the API server. Set --event-qps=0 unless the level is deliberate.` });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const q = obj.view.get('eventRecordQPS');
    if (q.number !== undefined && q.number > 5) ctx.report({ loc: q.pairLoc, message: `${describeConfig(obj)}: eventRecordQPS: ${q.number} is above the CIS level (0, i.e. the default of 5 events per second), so one node can flood the API server. Set eventRecordQPS: 0 unless the level is deliberate.` });
  },
);
