import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { isNetworkPolicy } from './util';

export default defineRule('object',
  {
    id: 'NET002', name: 'network-policy-any-ip', title: 'NetworkPolicies should not allow any IP address',
    severity: 'warning',
    peers: [],
    cis: ['5.3.2'],
    docs: {
      description: 'An `ipBlock` in a NetworkPolicy `from` or `to` has the CIDR `0.0.0.0/0` or `::/0` (any prefix of length 0), which matches every address, with or without `except`.',
      rationale: 'Any-address ingress exposes the selected pods to everything that can route to them, the internet included behind a LoadBalancer or NodePort; any-address egress lets a compromised pod exfiltrate data and reach command-and-control servers. `except` lists rarely keep up with the ranges they meant to block.',
      remediation: 'Use the CIDRs of the clients or services that are needed (a corporate range, a partner\'s egress IPs, a cloud service\'s published ranges). For egress to the internet, send traffic through an egress gateway or proxy and allow only that.',
      example: {
        bad: 'egress:\n  - to:\n      - ipBlock:\n          cidr: 0.0.0.0/0\n',
        good: 'egress:\n  - to:\n      - ipBlock:\n          cidr: 203.0.113.0/24\n    ports:\n      - port: 443\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isNetworkPolicy(obj)) return;
    const spec = obj.view.get('spec');
    for (const [dir, key] of [['ingress', 'from'], ['egress', 'to']] as const) {
      spec.get(dir).items().forEach((r, i) => {
        r.get(key).items().forEach((p, j) => {
          const cidr = p.at('ipBlock', 'cidr');
          const s = cidr.str?.trim();
          if (!s || !/\/0+$/.test(s)) return;
          const except = p.at('ipBlock', 'except').items().length;
          const verb = dir === 'ingress' ? 'accept traffic from' : 'may send traffic to';
          ctx.report({ loc: cidr.loc, message: `${describeObject(obj)}: ${dir}[${i}].${key}[${j}].ipBlock.cidr '${s}' matches every address, so the selected pods ${verb} anywhere${except ? ` (except ${except} range${except > 1 ? 's' : ''})` : ''}${r.get('ports').items().length ? ' on the listed ports' : ', on every port'}. Use the CIDRs that are actually needed.` });
        });
      });
    }
  },
  { applies: (obj) => isNetworkPolicy(obj) },
);
