import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';
import { destinationRuleTls } from './tls';

export default defineRule('object',
  {
    id: 'IST007', name: 'istio-destination-rule-tls-disabled', title: 'DestinationRule sends plaintext (TLS mode DISABLE)', severity: 'warning', language: 'istio',
    peers: ['istio:IST0113'],
    docs: {
      description: 'A DestinationRule traffic policy (including port-level settings and subsets) sets `tls.mode: DISABLE`.',
      rationale: 'DISABLE makes the client sidecar send plaintext to the destination even when mutual TLS is available, so traffic can be read and modified on the network and a STRICT server rejects it.',
      remediation: 'Use `ISTIO_MUTUAL` for in-mesh destinations, or `SIMPLE`/`MUTUAL` with `caCertificates` for external ones.',
      example: { bad: 'trafficPolicy:\n  tls:\n    mode: DISABLE\n', good: 'trafficPolicy:\n  tls:\n    mode: ISTIO_MUTUAL\n' },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'networking.istio.io', 'DestinationRule')) return;
    for (const { tls, where } of destinationRuleTls(obj)) {
      const m = tls.get('mode');
      if (m.str === 'DISABLE') ctx.report({ loc: m.loc, message: `${who(obj)}: ${where}.mode is DISABLE, so traffic to '${obj.view.at('spec', 'host').str ?? '?'}' is plaintext; use ISTIO_MUTUAL inside the mesh (or SIMPLE/MUTUAL with caCertificates outside it).` });
    }
  },
);
