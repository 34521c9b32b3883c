import { ruleMeta } from '../../rule';
import { pssRule, who, sc, podSc, levelText, isWindows, containerMissingLoc, PssViolation } from './framework';
import { setFix, podScFix, containerScFix } from './fixes';
import { describeContainer } from '../../k8s/model';
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';

const valid = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';

function check(pod: PodSpecRef, ctx: RuleContext): PssViolation[] {
  const out: PssViolation[] = [];
  const p = podSc(pod).get('seccompProfile');
  let podSet = false;
  if (p.exists && !p.isNull) {
    const t = p.get('type');
    if (!valid(t.str)) out.push({ loc: t.exists ? t.pairLoc : p.keyLoc ?? p.loc, message: `${who(pod)}: securityContext.seccompProfile.type is ${JSON.stringify(t.str ?? '')}; ${levelText('restricted')} requires RuntimeDefault or Localhost.`, fixes: t.exists && !t.isNull ? setFix(t, ctx, 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault') : podScFix(pod, ctx, ['seccompProfile', 'type'], 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault') });
    else podSet = true;
  }
  for (const c of pod.containers) {
    const s = sc(c).get('seccompProfile');
    if (s.exists && !s.isNull) {
      const t = s.get('type');
      if (!valid(t.str)) out.push({ loc: t.exists ? t.pairLoc : s.keyLoc ?? s.loc, message: `${who(pod, c)}: securityContext.seccompProfile.type is ${JSON.stringify(t.str ?? '')}; ${levelText('restricted')} requires RuntimeDefault or Localhost.`, fixes: t.exists && !t.isNull ? setFix(t, ctx, 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault') : containerScFix(c, ctx, ['seccompProfile', 'type'], 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault') });
    } else if (!podSet) {
      out.push({ loc: containerMissingLoc(c), message: `${who(pod, c)}: no seccomp profile is set on the container or the pod; ${levelText('restricted')} requires seccompProfile.type: RuntimeDefault or Localhost (set it in the pod securityContext to cover all containers).`, fixes: [...podScFix(pod, ctx, ['seccompProfile', 'type'], 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault in the pod securityContext'), ...containerScFix(c, ctx, ['seccompProfile', 'type'], 'RuntimeDefault', `Set seccompProfile.type: RuntimeDefault in ${describeContainer(c)}'s securityContext`)] });
    }
  }
  return out;
}

export default pssRule(
  ruleMeta({
    id: 'K8S017', name: 'pss-seccomp-restricted', title: 'A seccomp profile must be set',
    level: 'restricted', control: 'Seccomp', fix: 'unsafe',
    peers: ['checkov:CKV_K8S_31', 'trivy:KSV-0030', 'kubesec:SeccompAny'],
    cis: ['5.7.2'],
    docs: {
      description: 'Since v1.19, `seccompProfile.type` must be `RuntimeDefault` or `Localhost`, either in the pod securityContext or on every container not covered by it. Windows pods are exempt from v1.25.',
      rationale: 'Without a seccomp profile the container can call every system call, including those used by most kernel privilege-escalation exploits.',
      remediation: 'Add `seccompProfile: {type: RuntimeDefault}` to `spec.securityContext`.',
      example: { bad: 'securityContext:\n  runAsNonRoot: true\n', good: 'securityContext:\n  runAsNonRoot: true\n  seccompProfile:\n    type: RuntimeDefault\n' },
    },
  }),
  {
    checkId: 'seccompProfile_restricted', level: 'restricted',
    variants: [
      { min: 19, check, overrides: ['seccompProfile_baseline'] },
      { min: 25, check: (pod, ctx) => (isWindows(pod) ? [] : check(pod, ctx)), overrides: ['seccompProfile_baseline'] },
    ],
  },
);
