import { ruleMeta } from '../../rule';
import { pssRule, who, sc, levelText, PssViolation } from './framework';
import { removeItemsFix } from './fixes';

/** Capabilities a container may add at baseline (PSA capabilities_allowed_1_0). */
export const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

export default pssRule(
  ruleMeta({
    id: 'K8S004', name: 'pss-capabilities-baseline', title: 'Adding capabilities beyond the default set is forbidden',
    level: 'baseline', control: 'Capabilities', fix: 'unsafe',
    peers: ['polaris:dangerousCapabilities', 'checkov:CKV_K8S_25', 'checkov:CKV_K8S_39', 'trivy:KSV-0022', 'trivy:KSV-0005', 'trivy:KSV-0120', 'kubesec:CapSysAdmin'],
    cis: ['5.2.8', '5.2.9'],
    docs: {
      description: 'Containers may only add capabilities from the container runtime\'s default set: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT.',
      rationale: 'Capabilities such as SYS_ADMIN, NET_ADMIN, NET_RAW or SYS_PTRACE give a container kernel powers that enable container escape, network spoofing or inspection of other processes.',
      remediation: 'Remove the extra capabilities from `securityContext.capabilities.add`. Names are matched exactly as Kubernetes does (no `CAP_` prefix, upper case).',
      example: { bad: 'capabilities:\n  add: [NET_ADMIN]\n', good: 'capabilities:\n  drop: [ALL]\n' },
    },
  }),
  {
    checkId: 'capabilities_baseline', level: 'baseline',
    variants: [{
      min: 0,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        for (const c of pod.containers) {
          const add = sc(c).at('capabilities', 'add');
          const bad = (x: typeof add) => !BASELINE_CAPABILITIES.has(x.str ?? '');
          for (const cap of add.items()) {
            const name = cap.str ?? '';
            if (!BASELINE_CAPABILITIES.has(name)) out.push({ loc: cap.loc, message: `${who(pod, c)}: adds capability ${JSON.stringify(name)}, which is forbidden by ${levelText('baseline')}. Remove it from securityContext.capabilities.add.`, fixes: removeItemsFix(add, ctx, bad, `Remove the forbidden capabilities from ${c.name}`) });
          }
        }
        return out;
      },
    }],
  },
);
