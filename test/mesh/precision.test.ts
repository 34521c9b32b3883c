/** Issue #20: service-mesh rule precision on real repositories (regression tests from minimal examples). */
import { runRuleTests } from '../ruleTester';

const authz = (source: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: require-jwt
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  action: ALLOW
  rules:
  - from:
    - source:
        ${source}
`;

runRuleTests('IST004', {
  valid: [
    { name: 'requestPrincipals: ["*"] requires a valid JWT (Istio documentation)', code: authz('requestPrincipals: ["*"]') },
  ],
  invalid: [
    { name: 'principals: ["*"] is still a wildcard', code: authz('principals: ["*"]'), errors: [{ message: "source.principals '*' matches every workload identity", line: 13, column: 22 }] },
  ],
});
