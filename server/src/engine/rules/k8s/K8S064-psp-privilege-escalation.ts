import { pspRule, pspMissingLoc } from './psp';

export default pspRule({
  id: 'K8S064', name: 'psp-privilege-escalation', title: 'PodSecurityPolicy should forbid privilege escalation',
  peers: ['checkov:CKV_K8S_5'], cis: ['5.2.5'],
  docs: {
    description: 'A PodSecurityPolicy does not set `allowPrivilegeEscalation: false` (unset means true).',
    rationale: 'With privilege escalation allowed, setuid binaries and file capabilities inside the container can raise a process above the privileges it started with (no_new_privs is not set).',
    remediation: 'Set `allowPrivilegeEscalation: false` (and `defaultAllowPrivilegeEscalation: false`).',
    example: { bad: 'kind: PodSecurityPolicy\nspec:\n  allowPrivilegeEscalation: true\n', good: 'kind: PodSecurityPolicy\nspec:\n  allowPrivilegeEscalation: false\n' },
  },
}, (p) => {
  const v = p.spec.get('allowPrivilegeEscalation');
  if (v.bool === false) return;
  if (!v.isNull) p.ctx.report({ loc: v.pairLoc, message: `${p.who}: allowPrivilegeEscalation is ${v.str}; set it to false so admitted containers cannot gain privileges through setuid binaries.` });
  else p.ctx.report({ loc: pspMissingLoc(p), message: `${p.who}: allowPrivilegeEscalation is not set, which allows privilege escalation; set allowPrivilegeEscalation: false.` });
});
