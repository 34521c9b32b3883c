import { ruleMeta } from '../../rule';
import { pssRule, who, podSc, sc, levelText, PssViolation } from './framework';
import { setFix } from './fixes';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotation(v: string): boolean {
  return v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
}

export default pssRule(
  ruleMeta({
    id: 'K8S011', name: 'pss-seccomp-baseline', title: 'Seccomp must not be disabled',
    level: 'baseline', control: 'Seccomp', fix: 'unsafe',
    peers: ['trivy:KSV-0104', 'kubesec:SeccompUnconfined', 'checkov:CKV_K8S_31'],
    cis: ['5.7.2'],
    docs: {
      description: 'The seccomp profile must not be `Unconfined`, at pod or container level (before v1.19: the seccomp annotations must be `runtime/default`, `docker/default` or `localhost/<profile>`).',
      rationale: 'Seccomp filters the system calls a container may make and blocks many kernel exploits. `Unconfined` removes the filter.',
      remediation: 'Set `securityContext.seccompProfile.type: RuntimeDefault` (or `Localhost` with a profile), or remove the override.',
      example: { bad: 'securityContext:\n  seccompProfile:\n    type: Unconfined\n', good: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault\n' },
    },
  }),
  {
    checkId: 'seccompProfile_baseline', level: 'baseline',
    variants: [
      {
        min: 0,
        check(pod, ctx) {
          const out: PssViolation[] = [];
          const ann = pod.meta.get('annotations');
          const p = ann.get(POD_ANNOTATION);
          if (p.exists && !validAnnotation(p.str ?? '')) out.push({ loc: p.pairLoc, message: `${who(pod)}: annotation ${POD_ANNOTATION} is ${JSON.stringify(p.str ?? '')}; ${levelText('baseline')} allows only runtime/default, docker/default or localhost/<profile>.`, fixes: setFix(p, ctx, 'runtime/default', 'Set the seccomp annotation to runtime/default') });
          for (const c of pod.containers) {
            const v = ann.get(CONTAINER_ANNOTATION + c.name);
            if (v.exists && !validAnnotation(v.str ?? '')) out.push({ loc: v.pairLoc, message: `${who(pod, c)}: annotation ${CONTAINER_ANNOTATION}${c.name} is ${JSON.stringify(v.str ?? '')}; ${levelText('baseline')} allows only runtime/default, docker/default or localhost/<profile>.`, fixes: setFix(v, ctx, 'runtime/default', 'Set the seccomp annotation to runtime/default') });
          }
          return out;
        },
      },
      {
        min: 19,
        check(pod, ctx) {
          const out: PssViolation[] = [];
          const p = podSc(pod).at('seccompProfile', 'type');
          if (p.str === 'Unconfined') out.push({ loc: p.pairLoc, message: `${who(pod)}: securityContext.seccompProfile.type is Unconfined, which ${levelText('baseline')} forbids. Use RuntimeDefault or Localhost.`, fixes: setFix(p, ctx, 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault') });
          for (const c of pod.containers) {
            const v = sc(c).at('seccompProfile', 'type');
            if (v.str === 'Unconfined') out.push({ loc: v.pairLoc, message: `${who(pod, c)}: securityContext.seccompProfile.type is Unconfined, which ${levelText('baseline')} forbids. Use RuntimeDefault or Localhost.`, fixes: setFix(v, ctx, 'RuntimeDefault', 'Set seccompProfile.type: RuntimeDefault') });
          }
          return out;
        },
      },
    ],
  },
);
