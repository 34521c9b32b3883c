import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { isService } from './util';

export default defineRule('object',
  {
    id: 'NET005', name: 'service-external-ips', title: 'Services should not set externalIPs (CVE-2020-8554)',
    severity: 'warning',
    peers: ['trivy:KSV-0108'],
    cis: ['1.2.3'],
    docs: {
      description: 'A Service sets `spec.externalIPs`.',
      rationale: 'kube-proxy routes traffic for every address in `externalIPs` to the Service, for every pod and node in the cluster, without checking that the address belongs to the Service owner (CVE-2020-8554, unpatched by design). Anyone who can create a Service can intercept traffic meant for any IP, an external API or another tenant\'s load balancer.',
      remediation: 'Remove `externalIPs`; use a LoadBalancer or an Ingress. Cluster administrators should enable the `DenyServiceExternalIPs` admission plugin (CIS 1.2.3) or an admission policy that restricts externalIPs.',
      example: {
        bad: 'spec:\n  externalIPs:\n    - 203.0.113.10\n',
        good: 'spec:\n  type: LoadBalancer\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isService(obj)) return;
    const ips = obj.view.at('spec', 'externalIPs');
    if (!ips.isSeq || !ips.items().length) return;
    const list = ips.strings();
    ctx.report({ loc: ips.keyLoc ?? ips.loc, message: `${describeObject(obj)}: spec.externalIPs (${list.join(', ')}) makes kube-proxy capture cluster traffic to ${list.length > 1 ? 'these addresses' : 'this address'} (CVE-2020-8554). Remove externalIPs and use a LoadBalancer or Ingress.` });
  },
  { applies: (obj) => isService(obj) },
);
