import { ruleMeta } from '../../rule';
import { pssRule, who, levelText, PssViolation } from './framework';
import { removeFix } from './fixes';

export default pssRule(
  ruleMeta({
    id: 'K8S006', name: 'pss-host-ports', title: 'Host ports are forbidden',
    level: 'baseline', control: 'Host Ports', fix: 'unsafe',
    peers: ['polaris:hostPortSet', 'checkov:CKV_K8S_26', 'trivy:KSV-0024'],
    docs: {
      description: 'Containers must not set `ports[].hostPort` to a non-zero value.',
      rationale: 'A host port binds the container directly on the node\'s network interfaces, bypassing NetworkPolicy and Service abstractions, and limits scheduling.',
      remediation: 'Remove `hostPort` and expose the port through a Service (ClusterIP, or NodePort/LoadBalancer when it must be reachable from outside).',
      example: { bad: 'ports:\n- containerPort: 8080\n  hostPort: 8080\n', good: 'ports:\n- containerPort: 8080\n' },
    },
  }),
  {
    checkId: 'hostPorts', level: 'baseline',
    variants: [{
      min: 0,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        for (const c of pod.containers) {
          for (const p of c.view.get('ports').items()) {
            const hp = p.get('hostPort');
            const n = hp.number;
            if (n !== undefined && n !== 0) out.push({ loc: hp.pairLoc, message: `${who(pod, c)}: hostPort ${n} is forbidden by ${levelText('baseline')}. Remove hostPort and expose the port through a Service.`, fixes: removeFix(hp, ctx, 'Remove hostPort') });
          }
        }
        return out;
      },
    }],
  },
);
