import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, boolFlag, isKubeletConfiguration } from './flags';
import { setFlagFix } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP058', name: 'kubelet-make-iptables-util-chains', title: 'The kubelet must manage its iptables utility chains',
    severity: 'warning',
    aliases: ['CP022', 'kubelet-hardening'],
    peers: ['checkov:CKV_K8S_145', 'trivy:KCV-0084'],
    cis: ['4.2.7'],
    fix: 'unsafe',
    docs: {
      description: 'A kubelet sets `--make-iptables-util-chains=false` (`makeIPTablesUtilChains: false` in a KubeletConfiguration).',
      rationale: 'The kubelet keeps iptables utility chains (dropping marked packets, masquerading) in line with the pods; without them, node networking can drift from what the pods were configured to allow.',
      remediation: 'Remove the flag (the default is true) or set it to true (the quick fix does).',
      example: { bad: 'command:\n  - kubelet\n  - --make-iptables-util-chains=false\n', good: 'command:\n  - kubelet\n  - --make-iptables-util-chains=true\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const f = flag(c, 'make-iptables-util-chains');
    if (boolFlag(f) === false) ctx.report({ loc: f!.loc, message: `${c.who}: --make-iptables-util-chains=${f!.value} stops the kubelet from managing its iptables chains, so node networking can drift from the pods' configuration. Remove it (default true).`, fixes: setFlagFix(c, ctx, 'make-iptables-util-chains', 'true') });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const v = obj.view.get('makeIPTablesUtilChains');
    if (v.bool === false) ctx.report({ loc: v.pairLoc, message: `${describeConfig(obj)}: makeIPTablesUtilChains: false stops the kubelet from managing its iptables chains. Remove it.`, fixes: fix.unsafe('Set makeIPTablesUtilChains: true', fix.setScalar(ctx.text, v, true)) });
  },
);
