import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { isService, isInternalLoadBalancer } from './util';

export default defineRule('object',
  {
    id: 'NET006', name: 'load-balancer-source-ranges', title: 'LoadBalancer Services should restrict their source ranges',
    severity: 'warning',
    peers: [],
    cis: [],
    docs: {
      description: 'A Service of `type: LoadBalancer` has no `spec.loadBalancerSourceRanges` (or allows `0.0.0.0/0` / `::/0` there) and no annotation that makes the load balancer internal (AWS, GKE, Azure, OCI, IBM, OpenStack, DigitalOcean).',
      rationale: 'Without source ranges, a cloud load balancer accepts connections from the whole internet. Admin interfaces, databases and internal APIs exposed this way are found by scanners within minutes.',
      remediation: 'Set `loadBalancerSourceRanges` to the client CIDRs, or make the load balancer internal with your provider\'s annotation. Public web traffic belongs behind an Ingress or Gateway with TLS.',
      example: {
        bad: 'spec:\n  type: LoadBalancer\n  ports:\n    - port: 5432\n',
        good: 'spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 10.0.0.0/8\n  ports:\n    - port: 5432\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isService(obj)) return;
    const t = obj.view.at('spec', 'type');
    if (t.str !== 'LoadBalancer' || isInternalLoadBalancer(obj)) return;
    const ranges = obj.view.at('spec', 'loadBalancerSourceRanges');
    const items = ranges.items();
    if (!items.length) {
      ctx.report({ loc: t.loc, message: `${describeObject(obj)}: LoadBalancer without spec.loadBalancerSourceRanges accepts connections from any address on the internet. Set loadBalancerSourceRanges to the client CIDRs or make the load balancer internal.` });
      return;
    }
    for (const it of items) {
      const s = it.str?.trim();
      if (s && /\/0+$/.test(s)) ctx.report({ loc: it.loc, message: `${describeObject(obj)}: loadBalancerSourceRanges entry '${s}' allows every address. List the client CIDRs instead.` });
    }
  },
  { applies: (obj) => isService(obj) },
);
