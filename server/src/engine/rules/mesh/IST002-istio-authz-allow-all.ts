import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

const SENSITIVE = /(^|\/)(admin|debug|internal|actuator|metrics|config|env|pprof|management|console)(\/|\*|$)/i;

export default defineRule('object',
  {
    id: 'IST002', name: 'istio-authz-allow-all', title: 'AuthorizationPolicy allows every request', severity: 'error', language: 'istio',
    docs: {
      description: 'An AuthorizationPolicy with action ALLOW (the default) has an empty rule (`rules: [{}]`), which matches every request, or a rule that opens a sensitive path (admin, debug, metrics, actuator, ...) without any `from` or `when` condition.',
      rationale: 'An empty ALLOW rule turns a default-deny setup into allow-all for the selected workloads, and a path rule without a source or condition lets any caller, authenticated or not, reach administrative endpoints.',
      remediation: 'Allow named sources (`from.source.principals` or `namespaces`) and operations. For a deny-by-default baseline, use an AuthorizationPolicy with an empty `spec: {}` (allow-nothing).',
      example: {
        bad: 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: allow-all\n  namespace: shop\nspec:\n  rules:\n  - {}\n',
        good: 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: allow-frontend\n  namespace: shop\nspec:\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/shop/sa/frontend"]\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'security.istio.io', 'AuthorizationPolicy')) return;
    const action = obj.view.at('spec', 'action').str ?? 'ALLOW';
    if (action !== 'ALLOW') return;
    for (const r of obj.view.at('spec', 'rules').items()) {
      if (r.isNull || (r.isMap && r.entries().length === 0)) {
        ctx.report({ loc: r.loc, message: `${who(obj)}: this empty ALLOW rule matches every request, so the policy allows everything for the selected workloads; add 'from'/'to'/'when' conditions, or delete the rule to deny by default.` });
        continue;
      }
      if (!r.isMap || r.get('from').exists || r.get('when').exists) continue;
      for (const t of r.get('to').items()) {
        for (const p of t.at('operation', 'paths').items()) {
          const s = p.str;
          if (s && SENSITIVE.test(s)) ctx.report({ loc: p.loc, message: `${who(obj)}: path '${s}' is allowed for any caller (the rule has no 'from' or 'when'); restrict it to the principals or namespaces that need it.` });
        }
      }
    }
  },
  { applies: (obj) => isKind(obj, 'security.istio.io', 'AuthorizationPolicy') },
);
