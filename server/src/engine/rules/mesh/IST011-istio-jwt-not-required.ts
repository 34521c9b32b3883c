import { defineRule } from '../../rule';
import { isKind, who, selectorKey } from '../shared/objects';
import { nsOf, ISTIO_ROOT_NAMESPACE } from './cross';
import type { WorkspaceObject } from '../../rule';

function targetKey(o: WorkspaceObject): string {
  const spec = o.obj.view.get('spec');
  const refs = [spec.get('targetRef'), ...spec.get('targetRefs').items()].filter((r) => r.isMap);
  if (refs.length) return 'ref:' + refs.map((r) => `${r.get('kind').str}/${r.get('name').str}`).sort().join(',');
  return 'sel:' + selectorKey(spec.get('selector'));
}

function requiresJwt(ap: WorkspaceObject): boolean {
  const spec = ap.obj.view.get('spec');
  const action = spec.get('action').str ?? 'ALLOW';
  for (const r of spec.get('rules').items()) {
    for (const f of r.get('from').items()) {
      const src = f.get('source');
      if (action === 'ALLOW' && src.get('requestPrincipals').items().length) return true;
      if (action === 'DENY' && src.get('notRequestPrincipals').items().length) return true;
    }
  }
  return false;
}

export default defineRule('workspace',
  {
    id: 'IST011', name: 'istio-jwt-not-required', title: 'RequestAuthentication without an AuthorizationPolicy that requires a JWT', severity: 'warning', language: 'istio',
    docs: {
      description: 'A RequestAuthentication has no AuthorizationPolicy (in the scanned files) for the same namespace and workload selector that requires a request principal: an ALLOW rule with `from.source.requestPrincipals`, or a DENY rule with `notRequestPrincipals: ["*"]`.',
      rationale: 'RequestAuthentication only rejects *invalid* tokens. A request with no token at all is accepted unless an AuthorizationPolicy requires a request principal, so the JWT is optional and the endpoint is effectively unauthenticated.',
      remediation: 'Add an AuthorizationPolicy with the same selector that denies requests without a principal (`action: DENY`, `from: [{source: {notRequestPrincipals: ["*"]}}]`) or allows only `requestPrincipals` you expect.',
      example: {
        bad: 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: jwt\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: api}\n  jwtRules:\n  - issuer: https://auth.example.com\n    jwksUri: https://auth.example.com/jwks.json\n',
        good: '# ...the RequestAuthentication above, plus:\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: require-jwt\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: api}\n  action: DENY\n  rules:\n  - from:\n    - source:\n        notRequestPrincipals: ["*"]\n',
      },
    },
  },
  (model, ctx) => {
    const aps = model.objects.filter((o) => isKind(o.obj, 'security.istio.io', 'AuthorizationPolicy') && requiresJwt(o));
    for (const ra of model.objects) {
      if (!isKind(ra.obj, 'security.istio.io', 'RequestAuthentication')) continue;
      const ns = nsOf(ra);
      const key = targetKey(ra);
      const paired = aps.some((ap) => {
        const k = targetKey(ap);
        if (nsOf(ap) === ns) return k === key || k === 'sel:';
        return nsOf(ap) === ISTIO_ROOT_NAMESPACE && k === 'sel:';
      });
      if (!paired) {
        ctx.report({
          file: ra.file, lines: ra.lines, obj: ra.obj, loc: ra.obj.headLoc,
          message: `${who(ra.obj)}: no AuthorizationPolicy for the same workloads requires a request principal, so requests without any JWT are still accepted; add one with action DENY and notRequestPrincipals: ["*"].`,
        });
      }
    }
  },
);
