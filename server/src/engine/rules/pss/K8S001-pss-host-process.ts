import { ruleMeta } from '../../rule';
import { pssRule, who, podSc, sc, levelText, PssViolation } from './framework';
import { setFix } from './fixes';

export default pssRule(
  ruleMeta({
    id: 'K8S001', name: 'pss-host-process', title: 'Windows HostProcess containers are forbidden',
    level: 'baseline', control: 'HostProcess', fix: 'unsafe',
    peers: ['polaris:hostProcess', 'trivy:KSV-0103'],
    docs: {
      description: 'Windows pods must not run HostProcess containers (`securityContext.windowsOptions.hostProcess: true`), at pod or container level.',
      rationale: 'A HostProcess container runs directly on the Windows node with the privileges of the host, which is equivalent to privileged access to the node.',
      remediation: 'Remove `windowsOptions.hostProcess` or set it to `false` on the pod and on every container.',
      example: {
        bad: 'spec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n',
        good: 'spec:\n  securityContext:\n    windowsOptions:\n      hostProcess: false\n',
      },
    },
  }),
  {
    checkId: 'windowsHostProcess', level: 'baseline',
    variants: [{
      min: 0,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        const p = podSc(pod).at('windowsOptions', 'hostProcess');
        if (p.bool === true) out.push({ loc: p.pairLoc, message: `${who(pod)}: securityContext.windowsOptions.hostProcess is true. HostProcess pods are forbidden by ${levelText('baseline')}; remove the field or set it to false.`, fixes: setFix(p, ctx, false, 'Set windowsOptions.hostProcess: false') });
        for (const c of pod.containers) {
          const v = sc(c).at('windowsOptions', 'hostProcess');
          if (v.bool === true) out.push({ loc: v.pairLoc, message: `${who(pod, c)}: securityContext.windowsOptions.hostProcess is true. HostProcess containers are forbidden by ${levelText('baseline')}; remove the field or set it to false.`, fixes: setFix(v, ctx, false, 'Set windowsOptions.hostProcess: false') });
        }
        return out;
      },
    }],
  },
);
