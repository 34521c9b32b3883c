import { defineRule } from '../../rule';
import { isKind, who, isTrue } from '../shared/objects';
import { destinationRuleTls } from './tls';

export default defineRule('object',
  {
    id: 'IST008', name: 'istio-destination-rule-no-server-verification', title: 'DestinationRule TLS origination does not verify the server', severity: 'warning', language: 'istio',
    peers: ['istio:IST0128', 'istio:IST0129'],
    docs: {
      description: 'A DestinationRule originates TLS (`mode: SIMPLE` or `MUTUAL`) without `caCertificates` (or a `credentialName` holding a CA), without `subjectAltNames`, or with `insecureSkipVerify: true`.',
      rationale: 'Without a CA the sidecar cannot verify the server certificate; without subject alternative names any certificate from the CA is accepted. Either way, a machine in the middle can impersonate the destination.',
      remediation: 'Set `caCertificates` (or `credentialName`) and `subjectAltNames` for the destination; remove `insecureSkipVerify`.',
      example: {
        bad: 'trafficPolicy:\n  tls:\n    mode: SIMPLE\n',
        good: 'trafficPolicy:\n  tls:\n    mode: SIMPLE\n    caCertificates: /etc/certs/ca.pem\n    subjectAltNames: ["api.example.com"]\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'networking.istio.io', 'DestinationRule')) return;
    for (const { tls, where } of destinationRuleTls(obj)) {
      const m = tls.get('mode');
      if (m.str !== 'SIMPLE' && m.str !== 'MUTUAL') continue;
      const skip = tls.get('insecureSkipVerify');
      if (isTrue(skip)) {
        ctx.report({ loc: skip.pairLoc, message: `${who(obj)}: ${where}.insecureSkipVerify is true, so the server certificate is not verified; remove it and set caCertificates and subjectAltNames.` });
        continue;
      }
      const hasCa = !tls.get('caCertificates').isNull || !tls.get('credentialName').isNull;
      if (!hasCa) ctx.report({ loc: m.loc, message: `${who(obj)}: ${where} originates ${m.str} TLS without caCertificates (or credentialName), so the server certificate is not verified; set caCertificates and subjectAltNames.` });
      else if (tls.get('subjectAltNames').items().length === 0) ctx.report({ loc: m.loc, message: `${who(obj)}: ${where} has no subjectAltNames, so any certificate issued by the CA is accepted for this host; list the expected names in subjectAltNames.` });
    }
  },
  { applies: (obj) => isKind(obj, 'networking.istio.io', 'DestinationRule') },
);
