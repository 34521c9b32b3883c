import { ruleMeta } from '../../rule';
import { pssRule, who, levelText, PssViolation } from './framework';
import { removeFix } from './fixes';

export default pssRule(
  ruleMeta({
    id: 'K8S007', name: 'pss-host-probes-lifecycle', title: 'Probes and lifecycle hooks must not target another host',
    level: 'baseline', control: 'Host Probes / Lifecycle Hooks', fix: 'unsafe',
    peers: [],
    docs: {
      description: 'Since Kubernetes v1.34, the `host` field of `httpGet` and `tcpSocket` probes and lifecycle handlers must be unset or empty.',
      rationale: 'The kubelet performs probes and lifecycle hooks from the node. Pointing them at an arbitrary host lets a pod make the kubelet send requests to internal endpoints (server-side request forgery from the node).',
      remediation: 'Remove `host` from the probe or lifecycle handler; the kubelet then targets the pod\'s own IP.',
      example: { bad: 'livenessProbe:\n  httpGet:\n    host: 169.254.169.254\n    port: 80\n', good: 'livenessProbe:\n  httpGet:\n    port: 8080\n    path: /healthz\n' },
    },
  }),
  {
    checkId: 'hostProbesAndHostLifecycle', level: 'baseline',
    variants: [{
      min: 34,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        for (const c of pod.containers) {
          const handlers: [string, ReturnType<typeof c.view.get>][] = [
            ['livenessProbe', c.view.get('livenessProbe')],
            ['readinessProbe', c.view.get('readinessProbe')],
            ['startupProbe', c.view.get('startupProbe')],
            ['lifecycle.postStart', c.view.at('lifecycle', 'postStart')],
            ['lifecycle.preStop', c.view.at('lifecycle', 'preStop')],
          ];
          for (const [path, h] of handlers) {
            for (const kind of ['httpGet', 'tcpSocket']) {
              const host = h.at(kind, 'host');
              const s = host.str;
              if (s !== undefined && s !== '') out.push({ loc: host.pairLoc, message: `${who(pod, c)}: ${path}.${kind}.host is ${JSON.stringify(s)}. Probes and lifecycle hooks that target another host are forbidden by ${levelText('baseline')}; remove the host field.`, fixes: removeFix(host, ctx, `Remove ${path}.${kind}.host`) });
            }
          }
        }
        return out;
      },
    }],
  },
);
