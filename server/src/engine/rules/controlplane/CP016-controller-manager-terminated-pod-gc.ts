import { ruleMeta } from '../../rule';
import { componentRule, flag } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP016', name: 'controller-manager-terminated-pod-gc', title: 'The controller manager should garbage-collect terminated pods',
    severity: 'info',
    peers: ['checkov:CKV_K8S_106', 'trivy:KCV-0033'],
    cis: ['1.3.1'],
    docs: {
      description: 'A kube-controller-manager container does not set `--terminated-pod-gc-threshold`, or sets it to 0 or less (which turns the terminated-pod garbage collector off).',
      rationale: 'Terminated pods stay in etcd until the threshold is reached (12500 by default). Too many of them slow the API server and controllers down and can exhaust etcd; an explicit, smaller threshold suited to the cluster keeps this bounded.',
      remediation: 'Set `--terminated-pod-gc-threshold` to a positive value that suits the cluster size (e.g. 10).',
      example: { bad: 'command:\n  - kube-controller-manager\n  - --terminated-pod-gc-threshold=0\n', good: 'command:\n  - kube-controller-manager\n  - --terminated-pod-gc-threshold=10\n' },
    },
  }),
  ['kube-controller-manager'],
  (c, ctx) => {
    const f = flag(c, 'terminated-pod-gc-threshold');
    if (!f) { ctx.report({ loc: c.headLoc, message: `${c.who}: --terminated-pod-gc-threshold is not set, so up to 12500 terminated pods accumulate in etcd. Set a threshold suited to the cluster.` }); return; }
    const n = f.value === undefined ? NaN : Number(f.value.trim());
    if (Number.isFinite(n) && n <= 0) ctx.report({ loc: f.loc, message: `${c.who}: --terminated-pod-gc-threshold=${f.value} turns garbage collection of terminated pods off. Set a positive threshold.` });
  },
);
