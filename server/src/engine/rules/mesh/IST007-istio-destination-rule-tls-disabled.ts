import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';
import { destinationRuleTls } from './tls';
import * as fix from '../../fix';

/**
 * A host that names a Kubernetes Service, the destinations ISTIO_MUTUAL is meant for: a short name
 * (Istio reads it as a Service of the rule's namespace) or `<name>.<namespace>.svc.cluster.local`
 * (`*.` allowed). Other hosts may be outside the mesh (ServiceEntry), where only the user knows
 * whether SIMPLE or MUTUAL is right.
 */
export function meshServiceHost(host: string | undefined): boolean {
  return !!host && (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(host) || /^(\*|[a-z0-9]([a-z0-9-]*[a-z0-9])?)\.[a-z0-9]([a-z0-9-]*[a-z0-9])?\.svc\.cluster\.local$/.test(host));
}

export default defineRule('object',
  {
    id: 'IST007', name: 'istio-destination-rule-tls-disabled', title: 'DestinationRule sends plaintext (TLS mode DISABLE)', severity: 'warning', language: 'istio',
    peers: ['istio:IST0113'],
    docs: {
      description: 'A DestinationRule traffic policy (including port-level settings and subsets) sets `tls.mode: DISABLE`.',
      rationale: 'DISABLE makes the client sidecar send plaintext to the destination even when mutual TLS is available, so traffic can be read and modified on the network and a STRICT server rejects it.',
      remediation: 'Use `ISTIO_MUTUAL` for in-mesh destinations, or `SIMPLE`/`MUTUAL` with `caCertificates` for external ones. For a host naming a Kubernetes Service (a short name or `<name>.<namespace>.svc.cluster.local`) the quick fix sets the mode to `ISTIO_MUTUAL`; other hosts get no fix, since only you know whether they are in the mesh. It is unsafe: the client sidecars then send mutual TLS, which a destination without a sidecar (or one that disables mTLS) rejects.',
      example: { bad: 'trafficPolicy:\n  tls:\n    mode: DISABLE\n', good: 'trafficPolicy:\n  tls:\n    mode: ISTIO_MUTUAL\n' },
    },
    fix: 'unsafe',
  },
  (obj, ctx) => {
    if (!isKind(obj, 'networking.istio.io', 'DestinationRule')) return;
    const host = obj.view.at('spec', 'host').str;
    for (const { tls, where } of destinationRuleTls(obj)) {
      const m = tls.get('mode');
      if (m.str !== 'DISABLE') continue;
      ctx.report({
        loc: m.loc,
        message: `${who(obj)}: ${where}.mode is DISABLE, so traffic to '${host ?? '?'}' is plaintext; use ISTIO_MUTUAL inside the mesh (or SIMPLE/MUTUAL with caCertificates outside it).`,
        fixes: meshServiceHost(host) ? fix.unsafe(`Set ${where}.mode to ISTIO_MUTUAL`, fix.setScalar(ctx.text, m, 'ISTIO_MUTUAL')) : [],
      });
    }
  },
  { applies: (obj) => isKind(obj, 'networking.istio.io', 'DestinationRule') },
);
