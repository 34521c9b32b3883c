import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { isService } from './util';

export default defineRule('object',
  {
    id: 'NET004', name: 'service-exposed-type', title: 'Services exposed outside the cluster (NodePort, LoadBalancer)',
    severity: 'info',
    peers: ['kube-linter:exposed-services'],
    cis: [],
    docs: {
      description: 'A Service has `type: NodePort` or `type: LoadBalancer`, which opens a port on every node (and, for LoadBalancer, a cloud load balancer) for the selected pods.',
      rationale: 'A NodePort is reachable on every node address, past most ingress controls; a LoadBalancer is usually reachable from the internet. Each exposed Service is attack surface that must be intended, authenticated and restricted. This is advice: the finding is informational.',
      remediation: 'Use `type: ClusterIP` behind an Ingress or Gateway that terminates TLS and authenticates, or restrict a LoadBalancer with `loadBalancerSourceRanges` or an internal load balancer annotation.',
      example: {
        bad: 'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080\n',
        good: 'spec:\n  type: ClusterIP\n  ports:\n    - port: 80\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isService(obj)) return;
    const t = obj.view.at('spec', 'type');
    const type = t.str;
    if (type !== 'NodePort' && type !== 'LoadBalancer') return;
    const what = type === 'NodePort' ? 'opens a port on every node of the cluster' : 'provisions an external load balancer and a port on every node';
    ctx.report({ loc: t.loc, message: `${describeObject(obj)}: type ${type} ${what}. Make sure this exposure is intended; prefer ClusterIP behind an authenticated Ingress or Gateway.` });
  },
  { applies: (obj) => isService(obj) },
);
