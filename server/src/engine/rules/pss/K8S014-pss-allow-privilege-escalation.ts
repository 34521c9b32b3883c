import { ruleMeta } from '../../rule';
import { pssRule, who, sc, levelText, isWindows, containerMissingLoc, PssViolation } from './framework';
import { setFix, containerScFix } from './fixes';
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';

function check(pod: PodSpecRef, ctx: RuleContext): PssViolation[] {
  const out: PssViolation[] = [];
  for (const c of pod.containers) {
    const v = sc(c).get('allowPrivilegeEscalation');
    if (v.bool === false) continue;
    if (v.exists && !v.isNull) out.push({ loc: v.pairLoc, message: `${who(pod, c)}: securityContext.allowPrivilegeEscalation is ${v.str}; ${levelText('restricted')} requires it to be false.`, fixes: setFix(v, ctx, false, 'Set allowPrivilegeEscalation: false') });
    else out.push({ loc: containerMissingLoc(c), message: `${who(pod, c)}: securityContext.allowPrivilegeEscalation is not set; ${levelText('restricted')} requires allowPrivilegeEscalation: false.`, fixes: containerScFix(c, ctx, ['allowPrivilegeEscalation'], false, 'Set allowPrivilegeEscalation: false') });
  }
  return out;
}

export default pssRule(
  ruleMeta({
    id: 'K8S014', name: 'pss-allow-privilege-escalation', title: 'allowPrivilegeEscalation must be false',
    level: 'restricted', control: 'Privilege Escalation', fix: 'unsafe',
    peers: ['polaris:privilegeEscalationAllowed', 'checkov:CKV_K8S_20', 'kube-linter:privilege-escalation-container', 'trivy:KSV-0001', 'kubesec:AllowPrivilegeEscalation'],
    cis: ['5.2.6'],
    docs: {
      description: 'Every container must set `securityContext.allowPrivilegeEscalation: false` explicitly (unset counts as allowed). Windows pods (`spec.os.name: windows`) are exempt from v1.25.',
      rationale: 'Without `no_new_privs`, a process can gain more privileges than its parent through setuid binaries or file capabilities, undoing the other restrictions.',
      remediation: 'Add `allowPrivilegeEscalation: false` to the securityContext of every container, init container and ephemeral container.',
      example: { bad: 'securityContext: {}\n', good: 'securityContext:\n  allowPrivilegeEscalation: false\n' },
    },
  }),
  {
    checkId: 'allowPrivilegeEscalation', level: 'restricted',
    variants: [
      { min: 8, check },
      { min: 25, check: (pod, ctx) => (isWindows(pod) ? [] : check(pod, ctx)) },
    ],
  },
);
