import { ruleMeta } from '../../rule';
import { componentRule, flag } from './flags';
import { setFlagFix } from './flagfix';

const PEERS: Record<string, string[]> = { 'kube-controller-manager': ['checkov:CKV_K8S_113', 'trivy:KCV-0039'], 'kube-scheduler': ['checkov:CKV_K8S_115', 'trivy:KCV-0041'] };
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export default componentRule(
  ruleMeta({
    id: 'CP018', name: 'component-bind-address', title: 'The controller manager and scheduler should listen on loopback only',
    severity: 'warning',
    fix: 'unsafe',
    peers: Object.values(PEERS).flat(),
    cis: ['1.3.7', '1.4.2'],
    docs: {
      description: 'A kube-controller-manager or kube-scheduler container does not set `--bind-address` to a loopback address (the default, 0.0.0.0, listens on every interface).',
      rationale: 'These components serve health, metrics and (with profiling) debug endpoints. They need no remote clients; listening on all interfaces exposes them to the node network and, with host networking, beyond.',
      remediation: 'Set `--bind-address=127.0.0.1` (the quick fix does), and scrape metrics through a local proxy or with authentication if needed.',
      example: { bad: 'command:\n  - kube-scheduler\n  - --bind-address=0.0.0.0\n', good: 'command:\n  - kube-scheduler\n  - --bind-address=127.0.0.1\n' },
    },
  }),
  ['kube-controller-manager', 'kube-scheduler'],
  (c, ctx) => {
    const f = flag(c, 'bind-address');
    const v = f?.value?.trim();
    if (v && LOOPBACK.test(v)) return;
    ctx.report({ loc: f?.loc ?? c.headLoc, peers: PEERS[c.kind], message: `${c.who}: ${f ? `--bind-address=${f.value ?? ''}` : '--bind-address is not set (default 0.0.0.0)'}, so its endpoints listen on every interface. Set --bind-address=127.0.0.1.`, fixes: setFlagFix(c, ctx, 'bind-address', '127.0.0.1') });
  },
);
