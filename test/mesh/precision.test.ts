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

// SPIRE configuration in YAML with the HCL block form as keys (`Type "name":`), as the article's snippet writes it
const spireYaml = (plugins: string) => `server:
  trust_domain: example.org
plugins:
${plugins}`;

runRuleTests('SPF004', {
  valid: [{ name: 'kubelet CA given', code: spireYaml('  WorkloadAttestor "k8s":\n    plugin_data:\n      kubelet_ca_path: /run/ca.crt\n') }],
  invalid: [
    {
      name: 'WorkloadAttestor "k8s": with skip_kubelet_verification in YAML',
      code: spireYaml('  WorkloadAttestor "k8s":\n    plugin_data:\n      skip_kubelet_verification: true\n'),
      errors: [{ message: 'skip_kubelet_verification is true', line: 6, column: 7 }],
    },
    {
      name: 'the one-line HCL block form in a ConfigMap',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-agent\ndata:\n  agent.conf: |\n    agent {\n      trust_domain = "example.org"\n    }\n    plugins {\n      WorkloadAttestor "k8s" { plugin_data { skip_kubelet_verification = true } }\n    }\n',
      errors: [{ message: 'skip_kubelet_verification is true', line: 11, column: 46 }],
    },
  ],
});

runRuleTests('SPF008', {
  valid: [],
  invalid: [{ name: 'NodeAttestor "join_token": in YAML', code: spireYaml('  NodeAttestor "join_token":\n    plugin_data: {}\n'), errors: [{ message: 'join_token NodeAttestor', line: 4, column: 3 }] }],
});

runRuleTests('SPF007', {
  valid: [],
  invalid: [{
    name: 'DataStore "sql": in YAML without tls',
    code: spireYaml('  DataStore "sql":\n    plugin_data:\n      database_type: mysql\n      connection_string: "spire:pw@tcp(db:3306)/spire"\n'),
    errors: [{ message: 'connection_string has no tls parameter', line: 7, column: 26 }],
  }],
});
