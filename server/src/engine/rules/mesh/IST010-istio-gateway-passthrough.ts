import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'IST010', name: 'istio-gateway-passthrough', title: 'Gateway passes TLS through without terminating it', severity: 'info', language: 'istio',
    docs: {
      description: 'A Gateway server uses `tls.mode: PASSTHROUGH` (or AUTO_PASSTHROUGH).',
      rationale: 'With passthrough the gateway routes on SNI only: it cannot apply HTTP-level AuthorizationPolicies, JWT validation or a minimum TLS version, and the backend must do all of that itself. That is right for some backends but often an accident where termination was expected.',
      remediation: 'Terminate TLS at the gateway (`mode: SIMPLE` with `credentialName` and `minProtocolVersion`) unless the backend must see the client TLS session; if so, suppress this finding with a reason.',
      example: { bad: 'tls:\n  mode: PASSTHROUGH\n', good: 'tls:\n  mode: SIMPLE\n  credentialName: shop-cert\n  minProtocolVersion: TLSV1_2\n' },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'networking.istio.io', 'Gateway')) return;
    obj.view.at('spec', 'servers').items().forEach((s, i) => {
      const mode = s.at('tls', 'mode');
      if (mode.str === 'PASSTHROUGH' || mode.str === 'AUTO_PASSTHROUGH') ctx.report({ loc: mode.loc, message: `${who(obj)}: servers[${i}] uses ${mode.str}, so the gateway cannot enforce HTTP authorization, JWT checks or a TLS version; terminate TLS here (mode: SIMPLE) unless the backend must see the client's TLS session.` });
    });
  },
  { applies: (obj) => isKind(obj, 'networking.istio.io', 'Gateway') },
);
