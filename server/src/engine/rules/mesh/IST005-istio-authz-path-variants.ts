import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'IST005', name: 'istio-authz-path-variants', title: 'DENY path rule misses normalization variants', severity: 'warning', language: 'istio',
    docs: {
      description: 'A DENY AuthorizationPolicy lists an exact path (for example `/admin`) without the sub-path variant (`/admin/*`).',
      rationale: 'Exact path matching is literal: a DENY on `/admin` does not match `/admin/`, `/admin/users` or, without mesh path normalization, `//admin` or `/admin%2F`. Attackers use these variants to walk around deny rules.',
      remediation: 'Add the prefix variant (`/admin/*`) next to the exact path, and set `meshConfig.pathNormalization.normalization: DECODE_AND_MERGE_SLASHES` (or at least MERGE_SLASHES) for the mesh.',
      example: {
        bad: 'spec:\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        paths: ["/admin"]\n',
        good: 'spec:\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        paths: ["/admin", "/admin/*"]\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'security.istio.io', 'AuthorizationPolicy')) return;
    if (obj.view.at('spec', 'action').str !== 'DENY') return;
    for (const r of obj.view.at('spec', 'rules').items()) {
      for (const t of r.get('to').items()) {
        const paths = t.at('operation', 'paths');
        const all = new Set(paths.strings());
        for (const p of paths.items()) {
          const s = p.str;
          if (!s || s.includes('*') || !s.startsWith('/') || s === '/') continue;
          const base = s.replace(/\/+$/, '');
          if (all.has(base + '/*') || all.has(base + '*')) continue;
          ctx.report({ loc: p.loc, message: `${who(obj)}: DENY on the exact path '${s}' does not cover '${base}/' or '${base}/…'; add '${base}/*' and enable mesh path normalization (DECODE_AND_MERGE_SLASHES).` });
        }
      }
    }
  },
  { applies: (obj) => isKind(obj, 'security.istio.io', 'AuthorizationPolicy') },
);
