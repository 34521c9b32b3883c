import { pspRule } from './psp';

export default pspRule({
  id: 'K8S067', name: 'psp-allowed-capabilities', title: 'PodSecurityPolicy should not allow adding capabilities',
  peers: ['checkov:CKV_K8S_24'], cis: ['5.2.8'],
  docs: {
    description: 'A PodSecurityPolicy lists `allowedCapabilities` (capabilities containers may add), `*` being the worst case.',
    rationale: 'Every capability a container may add widens what a compromised process can do in the kernel; `*` admits SYS_ADMIN and friends, equivalent to root on the node.',
    remediation: 'Remove `allowedCapabilities`, or limit it to the specific capability a reviewed workload needs (e.g. NET_BIND_SERVICE) in a dedicated policy.',
    example: { bad: 'kind: PodSecurityPolicy\nspec:\n  allowedCapabilities: ["*"]\n', good: 'kind: PodSecurityPolicy\nspec:\n  requiredDropCapabilities: [ALL]\n' },
  },
}, (p) => {
  const v = p.spec.get('allowedCapabilities');
  const caps = v.strings();
  if (!caps.length) return;
  p.ctx.report({ loc: v.pairLoc, message: `${p.who}: allowedCapabilities lets containers add ${caps.join(', ')}; remove it or restrict it to a reviewed capability in a dedicated policy.` });
});
