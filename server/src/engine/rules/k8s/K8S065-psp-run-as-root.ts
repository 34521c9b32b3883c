import { pspRule, pspMissingLoc } from './psp';

export default pspRule({
  id: 'K8S065', name: 'psp-run-as-root', title: 'PodSecurityPolicy should not admit root containers',
  peers: ['checkov:CKV_K8S_6'], cis: ['5.2.6'],
  docs: {
    description: 'A PodSecurityPolicy\'s `runAsUser.rule` is neither `MustRunAsNonRoot` nor `MustRunAs` with every range starting at 1 or above.',
    rationale: 'Root in a container is root on the node for every file it can reach (hostPath, shared volumes) and for every kernel interface; most container escapes need it.',
    remediation: 'Set `runAsUser: {rule: MustRunAsNonRoot}`, or `MustRunAs` with ranges whose `min` is at least 1.',
    example: { bad: 'kind: PodSecurityPolicy\nspec:\n  runAsUser:\n    rule: RunAsAny\n', good: 'kind: PodSecurityPolicy\nspec:\n  runAsUser:\n    rule: MustRunAsNonRoot\n' },
  },
}, (p) => {
  const ru = p.spec.get('runAsUser');
  const rule = ru.get('rule');
  if (rule.str === 'MustRunAsNonRoot') return;
  if (rule.str === 'MustRunAs') {
    const ranges = ru.get('ranges').items();
    if (ranges.length && ranges.every((r) => (r.get('min').number ?? 0) >= 1)) return;
    p.ctx.report({ loc: ru.get('ranges').exists ? ru.get('ranges').pairLoc : rule.pairLoc, message: `${p.who}: runAsUser MustRunAs ranges include UID 0; make every range start at 1 or above (or use MustRunAsNonRoot).` });
    return;
  }
  p.ctx.report({ loc: !rule.isNull ? rule.pairLoc : ru.keyLoc ?? pspMissingLoc(p), message: `${p.who}: runAsUser rule ${rule.str ?? '(not set)'} admits containers running as root; use rule: MustRunAsNonRoot.` });
});
