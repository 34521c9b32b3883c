import { pspRule, pspMissingLoc } from './psp';
import { capName } from '../shared/pod';

export default pspRule({
  id: 'K8S066', name: 'psp-net-raw', title: 'PodSecurityPolicy should require dropping NET_RAW',
  peers: ['checkov:CKV_K8S_7'], cis: ['5.2.7'],
  docs: {
    description: 'A PodSecurityPolicy\'s `requiredDropCapabilities` contains neither `NET_RAW` nor `ALL`.',
    rationale: 'NET_RAW is granted by default by container runtimes and lets a container craft raw packets (ARP/DNS spoofing of neighbours on the node network).',
    remediation: 'Add `ALL` (or at least `NET_RAW`) to `requiredDropCapabilities`.',
    example: { bad: 'kind: PodSecurityPolicy\nspec:\n  requiredDropCapabilities: []\n', good: 'kind: PodSecurityPolicy\nspec:\n  requiredDropCapabilities: [ALL]\n' },
  },
}, (p) => {
  const v = p.spec.get('requiredDropCapabilities');
  if (v.strings().some((c) => ['NET_RAW', 'ALL'].includes(capName(c)))) return;
  p.ctx.report({ loc: !v.isNull ? v.pairLoc : pspMissingLoc(p), message: `${p.who}: requiredDropCapabilities does not contain NET_RAW or ALL; add ALL (or NET_RAW) so admitted containers cannot craft raw packets.` });
});
