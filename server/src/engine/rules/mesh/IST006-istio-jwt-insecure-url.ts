import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'IST006', name: 'istio-jwt-insecure-url', title: 'RequestAuthentication issuer or jwksUri is not https', severity: 'error', language: 'istio',
    docs: {
      description: 'A RequestAuthentication `jwtRules` entry has a `jwksUri` (or a URL-shaped `issuer`) that does not use https.',
      rationale: 'The JWKS holds the keys that decide which tokens are valid. Fetched over plain http, anyone on the path can substitute their own keys and mint tokens that the mesh accepts.',
      remediation: 'Use `https://` for `jwksUri` and the issuer, or embed the keys with `jwks`.',
      example: {
        bad: 'jwtRules:\n- issuer: "http://auth.example.com"\n  jwksUri: "http://auth.example.com/.well-known/jwks.json"\n',
        good: 'jwtRules:\n- issuer: "https://auth.example.com"\n  jwksUri: "https://auth.example.com/.well-known/jwks.json"\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'security.istio.io', 'RequestAuthentication')) return;
    for (const r of obj.view.at('spec', 'jwtRules').items()) {
      const uri = r.get('jwksUri');
      const u = uri.str;
      if (u !== undefined && !/^https:\/\//i.test(u)) ctx.report({ loc: uri.loc, message: `${who(obj)}: jwksUri '${u}' is not https, so the token signing keys can be replaced in transit; use an https:// URL.` });
      const iss = r.get('issuer');
      const i = iss.str;
      if (i !== undefined && /^http:\/\//i.test(i)) ctx.report({ loc: iss.loc, message: `${who(obj)}: issuer '${i}' uses http; use the https:// issuer URL of the identity provider.` });
    }
  },
  { applies: (obj) => isKind(obj, 'security.istio.io', 'RequestAuthentication') },
);
