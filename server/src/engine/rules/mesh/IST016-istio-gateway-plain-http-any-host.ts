import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'IST016', name: 'istio-gateway-plain-http-any-host', title: 'Gateway accepts plain HTTP for every host', severity: 'warning', language: 'istio',
    peers: [],
    docs: {
      description: 'A Gateway server with `port.protocol: HTTP` (or HTTP2) lists `"*"` in `hosts` (or `*/*`, `./*`) and does not set `tls.httpsRedirect: true`.',
      rationale: 'The gateway then serves every host name in clear text: credentials, cookies and tokens of any application routed through it can be read and altered on the way, and any VirtualService bound to the gateway becomes reachable over HTTP whatever host it was meant for.',
      remediation: 'Set `tls.httpsRedirect: true` on the HTTP server (so it only redirects to HTTPS), list the exact hosts, and serve applications on an HTTPS server.',
      example: {
        bad: 'servers:\n- port: {number: 80, name: http, protocol: HTTP}\n  hosts: ["*"]\n',
        good: 'servers:\n- port: {number: 80, name: http, protocol: HTTP}\n  hosts: ["shop.example.com"]\n  tls:\n    httpsRedirect: true\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'networking.istio.io', 'Gateway')) return;
    obj.view.at('spec', 'servers').items().forEach((s, i) => {
      const proto = (s.at('port', 'protocol').str ?? '').toUpperCase();
      if (proto !== 'HTTP' && proto !== 'HTTP2') return;
      if (s.at('tls', 'httpsRedirect').bool === true) return;
      const any = s.get('hosts').items().find((h) => /^(\*|\*\/\*|\.\/\*)$/.test((h.str ?? '').trim()));
      if (!any) return;
      ctx.report({ loc: any.loc, message: `${who(obj)}: servers[${i}] accepts plain ${proto} for every host ('${any.str}') without redirecting to HTTPS; set tls.httpsRedirect: true and list the exact hosts.` });
    });
  },
  { applies: (obj) => isKind(obj, 'networking.istio.io', 'Gateway') },
);
