import { pspRule, pspMissingLoc } from './psp';

export default pspRule({
  id: 'K8S069', name: 'psp-required-drop-capabilities', title: 'PodSecurityPolicy should require dropping capabilities',
  peers: ['checkov:CKV_K8S_36'], cis: ['5.2.9'],
  docs: {
    description: 'A PodSecurityPolicy has no (or an empty) `requiredDropCapabilities` list.',
    rationale: 'Container runtimes grant a default set of capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, ...) that most applications never use; a policy that requires dropping them removes that attack surface for every admitted pod.',
    remediation: 'Set `requiredDropCapabilities: [ALL]`.',
    example: { bad: 'kind: PodSecurityPolicy\nspec:\n  privileged: false\n', good: 'kind: PodSecurityPolicy\nspec:\n  privileged: false\n  requiredDropCapabilities: [ALL]\n' },
  },
}, (p) => {
  const v = p.spec.get('requiredDropCapabilities');
  if (v.strings().length) return;
  p.ctx.report({ loc: !v.isNull ? v.pairLoc : pspMissingLoc(p), message: `${p.who}: requiredDropCapabilities is ${v.isNull ? 'not set' : 'empty'}; set requiredDropCapabilities: [ALL].` });
});
