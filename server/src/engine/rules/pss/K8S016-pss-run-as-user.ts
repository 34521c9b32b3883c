import { ruleMeta } from '../../rule';
import { pssRule, who, sc, podSc, levelText, usesUserNamespace, PssViolation } from './framework';
import { removeFix } from './fixes';
import * as fix from '../../fix';
import type { RuleContext } from '../../rule';
import type { YView } from '../../yaml/nodes';

function fixes(v: YView, ctx: RuleContext) {
  return [...removeFix(v, ctx, 'Remove runAsUser: 0 (run as the image user)'), ...fix.displayOnly('Set runAsUser to a non-root UID', [{ start: v.loc[0], end: v.loc[1], newText: '${1:10001}' }])];
}
import type { PodSpecRef } from '../../k8s/model';

function check(pod: PodSpecRef, ctx: RuleContext): PssViolation[] {
  const out: PssViolation[] = [];
  const p = podSc(pod).get('runAsUser');
  if (p.number === 0) out.push({ loc: p.pairLoc, message: `${who(pod)}: securityContext.runAsUser is 0 (root); ${levelText('restricted')} forbids running as UID 0; use a non-zero UID.`, fixes: fixes(p, ctx) });
  for (const c of pod.containers) {
    const v = sc(c).get('runAsUser');
    if (v.number === 0) out.push({ loc: v.pairLoc, message: `${who(pod, c)}: securityContext.runAsUser is 0 (root); ${levelText('restricted')} forbids running as UID 0; use a non-zero UID.`, fixes: fixes(v, ctx) });
  }
  return out;
}

export default pssRule(
  ruleMeta({
    id: 'K8S016', name: 'pss-run-as-user', title: 'runAsUser must not be 0',
    level: 'restricted', control: 'Running as Non-root user', fix: 'unsafe',
    peers: ['trivy:KSV-0105', 'checkov:CKV_K8S_23', 'checkov:CKV_K8S_40', 'trivy:KSV-0020'],
    docs: {
      description: 'Since v1.23, `runAsUser` must not be 0 at pod or container level. From v1.35 pods with `hostUsers: false` are exempt.',
      rationale: 'UID 0 is root; a root process that escapes the container is root on the node.',
      remediation: 'Set `runAsUser` to a non-zero UID (for example 10001), or remove it and rely on the image\'s non-root USER with `runAsNonRoot: true`.',
      example: { bad: 'securityContext:\n  runAsUser: 0\n', good: 'securityContext:\n  runAsUser: 10001\n' },
    },
  }),
  {
    checkId: 'runAsUser', level: 'restricted',
    variants: [
      { min: 23, check },
      { min: 35, check: (pod, ctx) => (usesUserNamespace(pod) ? [] : check(pod, ctx)) },
    ],
  },
);
