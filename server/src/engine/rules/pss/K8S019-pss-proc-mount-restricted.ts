import { ruleMeta } from '../../rule';
import { pssRule } from './framework';
import { procMountViolations } from './K8S010-pss-proc-mount';

export default pssRule(
  ruleMeta({
    id: 'K8S019', name: 'pss-proc-mount-restricted', title: 'Unmasked /proc mounts are forbidden, even in user namespaces',
    level: 'restricted', control: '/proc Mount Type', fix: 'unsafe',
    peers: ['polaris:procMount', 'kube-linter:unsafe-proc-mount', 'trivy:KSV-0027'],
    docs: {
      description: 'From v1.35 the restricted level requires `procMount` to be unset or `Default` on every container, with no relaxation for `hostUsers: false`.',
      rationale: 'An unmasked /proc exposes kernel interfaces; the restricted level does not rely on user namespaces to contain that.',
      remediation: 'Remove `securityContext.procMount` or set it to `Default`.',
      example: { bad: 'securityContext:\n  procMount: Unmasked\n', good: 'securityContext: {}\n' },
    },
  }),
  {
    checkId: 'procMount_restricted', level: 'restricted',
    variants: [{ min: 35, check: (pod, ctx) => procMountViolations(pod, 'restricted', ctx), overrides: ['procMount'] }],
  },
);
