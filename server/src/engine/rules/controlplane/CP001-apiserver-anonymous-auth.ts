import { ruleMeta } from '../../rule';
import { componentRule, flag, boolFlag } from './flags';
import { setFlagFix } from './flagfix';

export default componentRule(
  ruleMeta({
    id: 'CP001', name: 'apiserver-anonymous-auth', title: 'The API server should not accept anonymous requests',
    severity: 'warning',
    fix: 'unsafe',
    peers: ['checkov:CKV_K8S_68', 'trivy:KCV-0001'],
    cis: ['1.2.1'],
    docs: {
      description: 'A kube-apiserver container does not set `--anonymous-auth=false` (the default is true).',
      rationale: 'With anonymous auth on, requests without credentials are served as `system:anonymous`. Every RBAC mistake that grants something to `system:unauthenticated` or `system:anonymous`, and every vulnerable unauthenticated endpoint, is then reachable by anyone who can reach the API server.',
      remediation: 'Add `--anonymous-auth=false` (the quick fix sets it in the form the file uses). Liveness probes that relied on anonymous `/livez` access can use an authenticated probe or the AuthenticationConfiguration `anonymous.conditions` (1.32+) to allow only health endpoints.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --anonymous-auth=true\n', good: 'command:\n  - kube-apiserver\n  - --anonymous-auth=false\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const f = flag(c, 'anonymous-auth');
    const v = boolFlag(f);
    if (v === false) return;
    const fixes = setFlagFix(c, ctx, 'anonymous-auth', 'false');
    if (!f) ctx.report({ loc: c.headLoc, message: `${c.who}: --anonymous-auth is not set and defaults to true, so unauthenticated requests are served as system:anonymous. Add --anonymous-auth=false.`, fixes });
    else ctx.report({ loc: f.loc, message: `${c.who}: --anonymous-auth=${f.value ?? 'true'} serves unauthenticated requests as system:anonymous. Set --anonymous-auth=false.`, fixes });
  },
);
