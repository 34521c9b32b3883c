import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';
import type { YView } from '../../yaml/nodes';

export default defineRule('object',
  {
    id: 'IST003', name: 'istio-authz-allow-negative-match', title: 'ALLOW policy built on negative matches (notPaths, notMethods, ...)', severity: 'warning', language: 'istio',
    docs: {
      description: 'An ALLOW AuthorizationPolicy matches with `notPaths`, `notMethods`, `notHosts`, `notPorts`, `notPrincipals`, `notNamespaces`, `notIpBlocks`, `notRequestPrincipals` or `notValues`.',
      rationale: 'Istio recommends ALLOW-with-positive-matching and DENY-with-negative-matching: "allow everything except /admin" also allows `/ADMIN`, `//admin`, `/admin%2F` and every path you did not think of, depending on normalization.',
      remediation: 'List what is allowed (`paths`, `methods`, ...) instead, or express the exclusion as a DENY policy.',
      example: {
        bad: 'spec:\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        notPaths: ["/admin*"]\n',
        good: 'spec:\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        paths: ["/api/*"]\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'security.istio.io', 'AuthorizationPolicy')) return;
    if ((obj.view.at('spec', 'action').str ?? 'ALLOW') !== 'ALLOW') return;
    const scan = (m: YView, where: string) => {
      for (const [k, v] of m.entries()) {
        if (!/^not[A-Z]/.test(k)) continue;
        ctx.report({ loc: v.keyLoc ?? v.loc, message: `${who(obj)}: ALLOW with ${where}.${k} allows everything that is not listed, including encodings and paths you did not anticipate; allow with positive '${k[3].toLowerCase() + k.slice(4)}' or move the exclusion to a DENY policy.` });
      }
    };
    for (const r of obj.view.at('spec', 'rules').items()) {
      for (const f of r.get('from').items()) scan(f.get('source'), 'source');
      for (const t of r.get('to').items()) scan(t.get('operation'), 'operation');
      for (const w of r.get('when').items()) scan(w, 'when');
    }
  },
  { applies: (obj) => isKind(obj, 'security.istio.io', 'AuthorizationPolicy') },
);
