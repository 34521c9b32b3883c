import { ruleMeta } from '../../rule';
import { pssRule, who, podSc, sc, levelText, PssViolation } from './framework';
import { removeFix } from './fixes';
import type { RuleContext } from '../../rule';
import type { YView } from '../../yaml/nodes';

const TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t'];

function checkOptions(opts: YView, subject: string, allowed: string[], out: PssViolation[], ctx: RuleContext): void {
  if (!opts.exists || opts.isNull) return;
  const type = opts.get('type');
  if (type.exists && !allowed.includes(type.str ?? '')) out.push({ loc: type.pairLoc, message: `${subject}: seLinuxOptions.type ${JSON.stringify(type.str)} is forbidden by ${levelText('baseline')}. Allowed: ${allowed.filter(Boolean).join(', ')}, or unset.`, fixes: removeFix(type, ctx, 'Remove seLinuxOptions.type') });
  for (const f of ['user', 'role']) {
    const v = opts.get(f);
    if ((v.str ?? '') !== '') out.push({ loc: v.pairLoc, message: `${subject}: seLinuxOptions.${f} must not be set under ${levelText('baseline')}; remove it.`, fixes: removeFix(v, ctx, `Remove seLinuxOptions.${f}`) });
  }
}

function variant(allowed: string[]) {
  return (pod: Parameters<Parameters<typeof pssRule>[1]['variants'][0]['check']>[0], ctx: RuleContext) => {
    const out: PssViolation[] = [];
    checkOptions(podSc(pod).get('seLinuxOptions'), who(pod), allowed, out, ctx);
    for (const c of pod.containers) checkOptions(sc(c).get('seLinuxOptions'), who(pod, c), allowed, out, ctx);
    return out;
  };
}

export default pssRule(
  ruleMeta({
    id: 'K8S009', name: 'pss-selinux', title: 'Custom SELinux user, role or type is forbidden',
    level: 'baseline', control: 'SELinux', fix: 'unsafe',
    peers: ['trivy:KSV-0025'],
    docs: {
      description: '`seLinuxOptions.type` may only be `container_t`, `container_init_t`, `container_kvm_t` (and `container_engine_t` from v1.31) or unset; `seLinuxOptions.user` and `role` must not be set.',
      rationale: 'A custom SELinux type, user or role can lift the confinement SELinux places on containers (for example `spc_t` runs unconfined).',
      remediation: 'Remove the custom `seLinuxOptions` fields; set only `level` if you need MCS categories.',
      example: { bad: 'seLinuxOptions:\n  type: spc_t\n', good: 'seLinuxOptions:\n  level: "s0:c123,c456"\n' },
    },
  }),
  {
    checkId: 'seLinuxOptions', level: 'baseline',
    variants: [{ min: 0, check: variant(TYPES_1_0) }, { min: 31, check: variant(TYPES_1_31) }],
  },
);
