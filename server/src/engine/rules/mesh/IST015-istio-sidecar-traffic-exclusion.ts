import { defineRule } from '../../rule';
import { who } from '../shared/objects';
import { podSpecOf, runsPod } from '../../k8s/model';

const PREFIX = 'traffic.sidecar.istio.io/';

export default defineRule('object',
  {
    id: 'IST015', name: 'istio-sidecar-traffic-exclusion', title: 'Traffic excluded from the Istio sidecar', severity: 'warning', language: 'istio',
    peers: [],
    docs: {
      description: 'A pod template sets a `traffic.sidecar.istio.io/exclude*` annotation (`excludeInboundPorts`, `excludeOutboundPorts`, `excludeOutboundIPRanges`, `excludeInterfaces`), or `includeOutboundIPRanges` to something narrower than `*`, with a non-empty value. Inbound exclusions are warnings (those ports are reachable without mTLS or AuthorizationPolicy); outbound ones are information.',
      rationale: 'Excluded traffic does not pass through the sidecar: inbound connections to an excluded port are accepted in plaintext from anyone and no AuthorizationPolicy applies to them; outbound connections to excluded ranges or ports leave without mTLS, egress policy or telemetry. `excludeOutboundIPRanges: "0.0.0.0/0"` turns egress capture off altogether.',
      remediation: 'Remove the annotation. If a port must bypass the proxy (a health or metrics port scraped by the kubelet), keep the exclusion to that one port and protect it with a NetworkPolicy.',
      example: { bad: 'annotations:\n  traffic.sidecar.istio.io/excludeInboundPorts: "8080"\n', good: 'annotations:\n  sidecar.istio.io/inject: "true"\n' },
    },
  },
  (obj, ctx) => {
    const pod = podSpecOf(obj);
    if (!pod) return;
    for (const [k, v] of pod.meta.get('annotations').entries()) {
      if (!k.startsWith(PREFIX)) continue;
      const name = k.slice(PREFIX.length);
      const value = (v.str ?? '').trim();
      if (!value) continue;
      if (name === 'excludeInboundPorts') {
        ctx.report({ loc: v.pairLoc, message: `${who(obj)}: ${k} "${value}" lets connections to port(s) ${value} bypass the sidecar: they are accepted without mTLS and no AuthorizationPolicy applies. Remove it, or protect the port with a NetworkPolicy.` });
      } else if (name === 'excludeOutboundPorts' || name === 'excludeOutboundIPRanges' || name === 'excludeInterfaces' || (name === 'includeOutboundIPRanges' && value !== '*')) {
        const all = name === 'excludeOutboundIPRanges' && /(^|,)\s*(0\.0\.0\.0\/0|::\/0)\s*(,|$)/.test(value) || (name === 'includeOutboundIPRanges' && value === '');
        ctx.report({ loc: v.pairLoc, severity: all ? 'warning' : 'info', message: `${who(obj)}: ${k} "${value}" sends ${all ? 'all outbound traffic' : 'that traffic'} around the sidecar, without mTLS, egress policy or telemetry. Remove it unless the destination cannot be reached through the proxy.` });
      }
    }
  },
  { applies: runsPod },
);
