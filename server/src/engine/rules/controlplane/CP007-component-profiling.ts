import { ruleMeta } from '../../rule';
import { componentRule, flag, boolFlag } from './flags';
import { setFlagFix } from './flagfix';

const PEERS: Record<string, string[]> = {
  'kube-apiserver': ['checkov:CKV_K8S_90', 'trivy:KCV-0018'],
  'kube-controller-manager': ['checkov:CKV_K8S_107', 'trivy:KCV-0034'],
  'kube-scheduler': ['checkov:CKV_K8S_114', 'trivy:KCV-0040'],
};

export default componentRule(
  ruleMeta({
    id: 'CP007', name: 'component-profiling', title: 'Control-plane components should not expose profiling',
    severity: 'warning',
    fix: 'unsafe',
    peers: Object.values(PEERS).flat(),
    cis: ['1.2.15', '1.3.2', '1.4.1'],
    docs: {
      description: 'A kube-apiserver, kube-controller-manager or kube-scheduler container does not set `--profiling=false` (profiling is on by default).',
      rationale: 'The `/debug/pprof` endpoints reveal detailed runtime data (goroutines, heap contents, code paths) useful to attackers and can be used to slow the component down. They are rarely needed in production.',
      remediation: 'Add `--profiling=false` (the quick fix does), and turn it on temporarily when a performance investigation needs it.',
      example: { bad: 'command:\n  - kube-scheduler\n', good: 'command:\n  - kube-scheduler\n  - --profiling=false\n' },
    },
  }),
  ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'],
  (c, ctx) => {
    const f = flag(c, 'profiling');
    const v = boolFlag(f);
    if (v === false) return;
    const peers = PEERS[c.kind];
    const fixes = setFlagFix(c, ctx, 'profiling', 'false');
    if (!f) ctx.report({ loc: c.headLoc, peers, message: `${c.who}: --profiling is not set and defaults to true, exposing /debug/pprof. Add --profiling=false.`, fixes });
    else ctx.report({ loc: f.loc, peers, message: `${c.who}: --profiling=${f.value ?? 'true'} exposes /debug/pprof. Set --profiling=false.`, fixes });
  },
);
