import { ruleMeta } from '../../rule';
import { pssRule, who, sc, podSc, levelText, usesUserNamespace, containerMissingLoc, PssViolation } from './framework';
import { setFix, podScFix, containerScFix } from './fixes';
import { describeContainer } from '../../k8s/model';
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';

function check(pod: PodSpecRef, ctx: RuleContext): PssViolation[] {
  const out: PssViolation[] = [];
  const p = podSc(pod).get('runAsNonRoot');
  let podTrue = false;
  if (p.bool === false) out.push({ loc: p.pairLoc, message: `${who(pod)}: securityContext.runAsNonRoot is false; ${levelText('restricted')} requires runAsNonRoot: true.`, fixes: setFix(p, ctx, true, 'Set runAsNonRoot: true') });
  else if (p.bool === true) podTrue = true;
  for (const c of pod.containers) {
    const v = sc(c).get('runAsNonRoot');
    if (v.bool === false) out.push({ loc: v.pairLoc, message: `${who(pod, c)}: securityContext.runAsNonRoot is false; ${levelText('restricted')} requires runAsNonRoot: true.`, fixes: setFix(v, ctx, true, 'Set runAsNonRoot: true') });
    else if (v.bool === undefined && !podTrue) out.push({ loc: containerMissingLoc(c), message: `${who(pod, c)}: runAsNonRoot is not set to true on the container or the pod; ${levelText('restricted')} requires runAsNonRoot: true (set it in the pod securityContext to cover all containers).`, fixes: [...podScFix(pod, ctx, ['runAsNonRoot'], true, 'Set runAsNonRoot: true in the pod securityContext'), ...containerScFix(c, ctx, ['runAsNonRoot'], true, `Set runAsNonRoot: true in ${describeContainer(c)}'s securityContext`)] });
  }
  return out;
}

export default pssRule(
  ruleMeta({
    id: 'K8S015', name: 'pss-run-as-non-root', title: 'Containers must run as non-root',
    level: 'restricted', control: 'Running as Non-root', fix: 'unsafe',
    peers: ['polaris:runAsRootAllowed', 'checkov:CKV_K8S_23', 'kube-linter:run-as-non-root', 'trivy:KSV-0012', 'kubesec:RunAsNonRoot'],
    cis: ['5.2.7'],
    docs: {
      description: '`runAsNonRoot: true` must be set in the pod securityContext, or on every container; no container may set it to false. From v1.35 pods with `hostUsers: false` are exempt.',
      rationale: 'With `runAsNonRoot: true` the kubelet refuses to start a container whose image would run as UID 0, so an image change cannot silently make the workload root.',
      remediation: 'Set `spec.securityContext.runAsNonRoot: true` (and a non-zero `runAsUser` if the image has no non-root USER).',
      example: { bad: 'securityContext:\n  runAsNonRoot: false\n', good: 'securityContext:\n  runAsNonRoot: true\n' },
    },
  }),
  {
    checkId: 'runAsNonRoot', level: 'restricted',
    variants: [
      { min: 0, check },
      { min: 35, check: (pod, ctx) => (usesUserNamespace(pod) ? [] : check(pod, ctx)) },
    ],
  },
);
