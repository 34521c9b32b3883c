import { ruleMeta } from '../../rule';
import { pssRule, who, podSc, levelText, PssViolation } from './framework';
import { removeItemsFix } from './fixes';
import type { RuleContext } from '../../rule';

const SAFE_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SAFE_1_27 = [...SAFE_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_1_29 = [...SAFE_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SAFE_1_32 = [...SAFE_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SAFE_1_37 = [...SAFE_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function variant(min: number, allowed: string[]) {
  const set = new Set(allowed);
  return {
    min,
    check(pod: Parameters<Parameters<typeof pssRule>[1]['variants'][0]['check']>[0], ctx: RuleContext) {
      const out: PssViolation[] = [];
      const list = podSc(pod).get('sysctls');
      for (const s of list.items()) {
        const name = s.get('name');
        const n = name.str ?? '';
        if (!set.has(n)) out.push({ loc: name.exists ? name.pairLoc : s.loc, message: `${who(pod)}: sysctl ${JSON.stringify(n)} is not in the safe set that ${levelText('baseline')} allows (v1.${min}+: ${allowed.join(', ')}).`, fixes: removeItemsFix(list, ctx, (x) => !set.has(x.get('name').str ?? ''), 'Remove the unsafe sysctls') });
      }
      return out;
    },
  };
}

export default pssRule(
  ruleMeta({
    id: 'K8S012', name: 'pss-sysctls', title: 'Unsafe sysctls are forbidden',
    level: 'baseline', control: 'Sysctls', fix: 'unsafe',
    peers: ['kube-linter:unsafe-sysctls', 'trivy:KSV-0026'],
    docs: {
      description: 'Pods may only set the namespaced, safe sysctls: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start; plus net.ipv4.ip_local_reserved_ports (v1.27), net.ipv4.tcp_keepalive_time/tcp_fin_timeout/tcp_keepalive_intvl/tcp_keepalive_probes (v1.29), net.ipv4.tcp_rmem/tcp_wmem (v1.32), net.ipv4.tcp_slow_start_after_idle/tcp_notsent_lowat (v1.37).',
      rationale: 'Other sysctls are either not namespaced (they change the whole node) or can starve other workloads of kernel resources.',
      remediation: 'Remove the sysctl from `spec.securityContext.sysctls`, or tune it on the node instead.',
      example: { bad: 'securityContext:\n  sysctls:\n  - name: kernel.msgmax\n    value: "65536"\n', good: 'securityContext:\n  sysctls:\n  - name: net.ipv4.tcp_syncookies\n    value: "1"\n' },
    },
  }),
  {
    checkId: 'sysctls', level: 'baseline',
    variants: [variant(0, SAFE_1_0), variant(27, SAFE_1_27), variant(29, SAFE_1_29), variant(32, SAFE_1_32), variant(37, SAFE_1_37)],
  },
);
