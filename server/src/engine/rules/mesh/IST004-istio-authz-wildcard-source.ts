import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'IST004', name: 'istio-authz-wildcard-source', title: 'ALLOW policy with wildcard principals or namespaces', severity: 'warning', language: 'istio',
    docs: {
      description: 'An ALLOW AuthorizationPolicy source lists `"*"` in `principals` or `namespaces`, or a principal pattern that spans every namespace (`.../ns/*/...`). `requestPrincipals: ["*"]` is not reported: it is Istio\'s documented way to require a valid JWT from any issuer the RequestAuthentication accepts (IST011 reads it so).',
      rationale: 'A wildcard source admits every workload in the mesh (or every JWT subject), so one compromised pod anywhere can call the protected service: the policy authenticates but no longer authorizes.',
      remediation: 'List the exact principals (`cluster.local/ns/<ns>/sa/<serviceaccount>`) or namespaces that need access.',
      example: {
        bad: 'rules:\n- from:\n  - source:\n      principals: ["*"]\n',
        good: 'rules:\n- from:\n  - source:\n      principals: ["cluster.local/ns/shop/sa/frontend"]\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'security.istio.io', 'AuthorizationPolicy')) return;
    if ((obj.view.at('spec', 'action').str ?? 'ALLOW') !== 'ALLOW') return;
    for (const r of obj.view.at('spec', 'rules').items()) {
      for (const f of r.get('from').items()) {
        const src = f.get('source');
        // requestPrincipals: ["*"] means "any valid JWT": the documented way to require one, not a wildcard grant
        for (const field of ['principals', 'namespaces']) {
          for (const p of src.get(field).items()) {
            const s = p.str;
            if (s === undefined) continue;
            const wild = s === '*' || (field === 'principals' && /(^|\/)ns\/\*(\/|$)/.test(s));
            if (wild) ctx.report({ loc: p.loc, message: `${who(obj)}: source.${field} '${s}' matches every ${field === 'namespaces' ? 'namespace' : 'workload identity in the mesh'}; list the exact ${field} that need access.` });
          }
        }
      }
    }
  },
  { applies: (obj) => isKind(obj, 'security.istio.io', 'AuthorizationPolicy') },
);
