import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';
import * as fix from '../../fix';

const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL', 'ISTIO_MUTUAL']);

export default defineRule('object',
  {
    id: 'IST009', name: 'istio-gateway-tls-min-version', title: 'Gateway TLS without a minimum protocol version of TLS 1.2', severity: 'warning', language: 'istio',
    docs: {
      description: 'A Gateway server terminates TLS without `tls.minProtocolVersion`, or with TLSV1_0 / TLSV1_1.',
      rationale: 'The default minimum depends on the proxy version and has historically included TLS 1.0/1.1, which have known weaknesses and are deprecated (RFC 8996). Stating TLS 1.2 or 1.3 makes the policy explicit and reviewable.',
      remediation: 'Set `minProtocolVersion: TLSV1_2` (or TLSV1_3) on every terminating server. The quick fix writes `TLSV1_2` (raising TLSV1_0/TLSV1_1, or adding the field to the server\'s `tls`); it is unsafe: clients that speak only TLS 1.0 or 1.1 can no longer connect.',
      example: {
        bad: 'servers:\n- port: {number: 443, name: https, protocol: HTTPS}\n  hosts: ["shop.example.com"]\n  tls:\n    mode: SIMPLE\n    credentialName: shop-cert\n',
        good: 'servers:\n- port: {number: 443, name: https, protocol: HTTPS}\n  hosts: ["shop.example.com"]\n  tls:\n    mode: SIMPLE\n    credentialName: shop-cert\n    minProtocolVersion: TLSV1_2\n',
      },
    },
    fix: 'unsafe',
  },
  (obj, ctx) => {
    if (!isKind(obj, 'networking.istio.io', 'Gateway')) return;
    obj.view.at('spec', 'servers').items().forEach((s, i) => {
      const tls = s.get('tls');
      const mode = tls.get('mode');
      if (!TERMINATING.has(mode.str ?? '')) return;
      const min = tls.get('minProtocolVersion');
      if (min.isNull) {
        ctx.report({
          loc: mode.loc, message: `${who(obj)}: servers[${i}] terminates TLS without minProtocolVersion; add 'minProtocolVersion: TLSV1_2' (or TLSV1_3).`,
          fixes: fix.unsafe('Add minProtocolVersion: TLSV1_2', fix.setPath(ctx.text, tls, ['minProtocolVersion'], 'TLSV1_2')),
        });
      } else if (min.str === 'TLSV1_0' || min.str === 'TLSV1_1') {
        ctx.report({
          loc: min.loc, message: `${who(obj)}: servers[${i}] allows ${min.str}, which is deprecated; set minProtocolVersion to TLSV1_2 or TLSV1_3.`,
          fixes: fix.unsafe('Set minProtocolVersion to TLSV1_2', fix.setScalar(ctx.text, min, 'TLSV1_2')),
        });
      }
    });
  },
  { applies: (obj) => isKind(obj, 'networking.istio.io', 'Gateway') },
);
