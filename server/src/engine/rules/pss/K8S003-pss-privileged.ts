import { ruleMeta } from '../../rule';
import { pssRule, who, sc, levelText, PssViolation } from './framework';
import { setFix, removeFix } from './fixes';

export default pssRule(
  ruleMeta({
    id: 'K8S003', name: 'pss-privileged', title: 'Privileged containers are forbidden',
    level: 'baseline', control: 'Privileged Containers', fix: 'unsafe',
    peers: ['polaris:runAsPrivileged', 'checkov:CKV_K8S_16', 'kube-linter:privileged-container', 'trivy:KSV-0017', 'kubesec:Privileged'],
    cis: ['5.2.1'],
    docs: {
      description: 'Containers must not set `securityContext.privileged: true`.',
      rationale: 'A privileged container has all capabilities and access to every host device; it can load kernel modules, mount the host filesystem and escape to the node.',
      remediation: 'Remove `privileged` or set it to `false`. If the workload needs one specific capability, add only that capability (and expect the baseline level to restrict even that).',
      example: { bad: 'securityContext:\n  privileged: true\n', good: 'securityContext:\n  privileged: false\n' },
    },
  }),
  {
    checkId: 'privileged', level: 'baseline',
    variants: [{
      min: 0,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        for (const c of pod.containers) {
          const v = sc(c).get('privileged');
          if (v.bool === true) out.push({ loc: v.pairLoc, message: `${who(pod, c)}: securityContext.privileged is true. Privileged containers are forbidden by ${levelText('baseline')}; remove the field or set it to false.`, fixes: [...setFix(v, ctx, false, 'Set privileged: false'), ...removeFix(v, ctx, 'Remove privileged')] });
        }
        return out;
      },
    }],
  },
);
