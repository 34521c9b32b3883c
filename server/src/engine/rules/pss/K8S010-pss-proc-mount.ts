import { ruleMeta } from '../../rule';
import { pssRule, who, sc, levelText, usesUserNamespace, PssViolation } from './framework';
import { removeFix } from './fixes';
import type { RuleContext } from '../../rule';
import type { PodSpecRef } from '../../k8s/model';

export function procMountViolations(pod: PodSpecRef, level: 'baseline' | 'restricted', ctx: RuleContext): PssViolation[] {
  const out: PssViolation[] = [];
  for (const c of pod.containers) {
    const v = sc(c).get('procMount');
    if (v.exists && !v.isNull && v.str !== 'Default') out.push({ loc: v.pairLoc, message: `${who(pod, c)}: securityContext.procMount is ${JSON.stringify(v.str ?? '')}; ${levelText(level)} allows only Default${level === 'baseline' ? ' (any value when the pod sets hostUsers: false, from v1.35)' : ''}.`, fixes: removeFix(v, ctx, 'Remove procMount') });
  }
  return out;
}

export default pssRule(
  ruleMeta({
    id: 'K8S010', name: 'pss-proc-mount', title: 'Unmasked /proc mounts are forbidden',
    level: 'baseline', control: '/proc Mount Type', fix: 'unsafe',
    peers: ['polaris:procMount', 'kube-linter:unsafe-proc-mount', 'trivy:KSV-0027'],
    docs: {
      description: '`securityContext.procMount` must be unset or `Default`. From v1.35, pods in a user namespace (`hostUsers: false`) may use `Unmasked`.',
      rationale: 'The default /proc mount masks kernel interfaces that leak host information or allow changing kernel settings. `Unmasked` exposes them to the container.',
      remediation: 'Remove `procMount`, or run the pod in a user namespace with `hostUsers: false`.',
      example: { bad: 'securityContext:\n  procMount: Unmasked\n', good: 'securityContext:\n  procMount: Default\n' },
    },
  }),
  {
    checkId: 'procMount', level: 'baseline',
    variants: [
      { min: 0, check: (pod, ctx) => procMountViolations(pod, 'baseline', ctx) },
      { min: 35, check: (pod, ctx) => (usesUserNamespace(pod) ? [] : procMountViolations(pod, 'baseline', ctx)) },
    ],
  },
);
