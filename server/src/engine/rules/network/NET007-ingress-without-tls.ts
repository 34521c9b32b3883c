import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { isIngress } from './util';

export default defineRule('object',
  {
    id: 'NET007', name: 'ingress-without-tls', title: 'Ingresses should terminate TLS',
    severity: 'warning',
    peers: ['polaris:tlsSettingsMissing'],
    cis: [],
    docs: {
      description: 'An Ingress has no `spec.tls` entries, so its hosts are served over plain HTTP.',
      rationale: 'Without TLS, credentials, session cookies and data cross the network in clear text and can be read or changed by anyone on the path; browsers also mark the site as not secure.',
      remediation: 'Add a `tls` entry listing the hosts and the Secret holding their certificate (cert-manager can issue and renew it), and redirect HTTP to HTTPS in the ingress controller.',
      example: {
        bad: 'spec:\n  rules:\n    - host: shop.example.com\n      http: {...}\n',
        good: 'spec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n      http: {...}\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isIngress(obj)) return;
    const spec = obj.view.get('spec');
    const tls = spec.get('tls');
    if (tls.isSeq && tls.items().length) return;
    const hosts = spec.get('rules').items().map((r) => r.get('host').str).filter((h): h is string => !!h);
    const loc = tls.exists ? tls.pairLoc : spec.get('rules').keyLoc ?? spec.keyLoc ?? obj.headLoc;
    ctx.report({ loc, message: `${describeObject(obj)}: no spec.tls, so ${hosts.length ? `${hosts.map((h) => `'${h}'`).join(', ')} ${hosts.length > 1 ? 'are' : 'is'}` : 'its routes are'} served over plain HTTP. Add a tls entry with the hosts and a certificate Secret.` });
  },
  { applies: (obj) => isIngress(obj) },
);
