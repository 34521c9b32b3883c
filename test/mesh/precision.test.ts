/** Issue #20: service-mesh rule precision on real repositories (regression tests from minimal examples). */
import * as assert from 'assert';
import { runRuleTests, findingsOf } from '../ruleTester';

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
    { name: 'principals: ["*"] is still a wildcard', code: authz('principals: ["*"]'), errors: [{ message: /source\.principals '\*' matches every workload identity/i, line: 13, column: 22 }] },
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
      output: spireYaml('  WorkloadAttestor "k8s":\n    plugin_data:\n      skip_kubelet_verification: false\n'),
    },
    {
      name: 'the one-line HCL block form in a ConfigMap',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-agent\ndata:\n  agent.conf: |\n    agent {\n      trust_domain = "example.org"\n    }\n    plugins {\n      WorkloadAttestor "k8s" { plugin_data { skip_kubelet_verification = true } }\n    }\n',
      errors: [{ message: 'skip_kubelet_verification is true', line: 11, column: 46 }],
      output: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire-agent\ndata:\n  agent.conf: |\n    agent {\n      trust_domain = "example.org"\n    }\n    plugins {\n      WorkloadAttestor "k8s" { plugin_data { skip_kubelet_verification = false } }\n    }\n',
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

/** A Deployment with `own` annotations on its metadata (lines 5+) and `ann` on its pod template. */
const vdep = (own: string, ann: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${own ? `  annotations:\n${own}` : ''}spec:
  template:
    metadata:
${ann ? `      annotations:\n${ann}` : ''}      labels: {app: web}
    spec:
      containers:
      - name: app
        image: app
`;
const INJECT = '        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n';

runRuleTests('VLT007', {
  valid: [
    { name: 'annotations on the pod template', code: vdep('', INJECT) },
    { name: 'the same annotation on both (harmless copy)', code: vdep('    vault.hashicorp.com/role: "web"\n', INJECT) },
    { name: 'a Pod has no template', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    vault.hashicorp.com/agent-inject: "true"\n    vault.hashicorp.com/role: "p"\nspec:\n  containers:\n  - name: app\n    image: app\n' },
  ],
  invalid: [
    {
      name: "the article's mistake: the annotations on the Deployment's own metadata",
      code: vdep('    vault.hashicorp.com/agent-inject: "true"\n    vault.hashicorp.com/role: "web"\n', ''),
      errors: [{ message: "2 Vault annotations (vault.hashicorp.com/agent-inject, vault.hashicorp.com/role) are on the Deployment's own metadata, but the injector reads only the pod template's annotations, so no Vault agent is injected", line: 6, column: 5 }],
    },
  ],
});

runRuleTests('VLT001', {
  valid: [],
  invalid: [{
    name: 'the role on the wrong object',
    code: vdep('    vault.hashicorp.com/role: "web"\n', '        vault.hashicorp.com/agent-inject: "true"\n'),
    errors: [{ message: "vault.hashicorp.com/role is on the Deployment's own metadata (line 6), which the injector never reads", line: 11, column: 9 }],
  }],
});

const injected = (extra: string) => vdep('', INJECT + extra);
runRuleTests('VLT008', {
  valid: [{ code: injected('        vault.hashicorp.com/agent-run-as-user: "10001"\n') }, { name: 'not injected', code: vdep('', '        vault.hashicorp.com/agent-run-as-user: "0"\n') }],
  invalid: [
    {
      code: injected('        vault.hashicorp.com/agent-run-as-user: "0"\n'),
      errors: [{ message: 'agent-run-as-user is "0", so the injected Vault agent, which holds the Vault token, runs as root', line: 11, column: 9 }],
      output: injected(''),
    },
    {
      name: 'group 0 between other annotations, with a comment: only that line goes',
      code: vdep('', '        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/agent-run-as-group: "0" # needs root group\n        vault.hashicorp.com/role: "web"\n'),
      errors: [{ message: 'agent-run-as-group is "0"', line: 10, column: 9 }],
      output: vdep('', '        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n'),
    },
  ],
});
runRuleTests('VLT009', {
  valid: [{ code: injected('        vault.hashicorp.com/agent-set-security-context: "true"\n') }],
  invalid: [
    {
      code: injected('        vault.hashicorp.com/agent-set-security-context: "false"\n'),
      errors: [{ message: 'agent-set-security-context is "false"', line: 11, column: 9 }],
      output: injected('        vault.hashicorp.com/agent-set-security-context: "true"\n'),
    },
    {
      name: 'single-quoted, with a comment',
      code: injected("        vault.hashicorp.com/agent-set-security-context: 'false' # root agent\n"),
      errors: [{ message: 'agent-set-security-context is "false"', line: 11, column: 9 }],
      output: injected("        vault.hashicorp.com/agent-set-security-context: 'true' # root agent\n"),
    },
  ],
});
runRuleTests('VLT010', {
  valid: [{ code: injected('        vault.hashicorp.com/service: "https://vault.vault:8200"\n') }, { name: 'local proxy', code: injected('        vault.hashicorp.com/proxy-address: "http://127.0.0.1:8100"\n') }],
  invalid: [{ code: injected('        vault.hashicorp.com/service: "http://vault.vault:8200"\n'), errors: [{ message: 'service is http://vault.vault:8200, so the Vault login and every secret travel unencrypted', line: 11, column: 38 }] }],
});
runRuleTests('VLT011', {
  valid: [{ code: injected('        vault.hashicorp.com/agent-inject-perms-db: "0440"\n') }],
  invalid: [
    {
      code: injected('        vault.hashicorp.com/agent-inject-perms-db: "0777"\n'),
      errors: [{ message: "agent-inject-perms-db is \"0777\", so every user in the pod can overwrite the secret file 'db'", line: 11, column: 52 }],
      output: injected('        vault.hashicorp.com/agent-inject-perms-db: "0775"\n'),
    },
    {
      name: 'three digits: only the write bit for others is cleared',
      code: injected('        vault.hashicorp.com/agent-inject-perms-cfg: "666"\n'),
      errors: [{ message: 'agent-inject-perms-cfg is "666"', line: 11, column: 53 }],
      output: injected('        vault.hashicorp.com/agent-inject-perms-cfg: "664"\n'),
    },
  ],
});

const istioPod = (sc: string, ann = '', name = 'app') => `apiVersion: v1
kind: Pod
metadata:
  name: p
${ann}spec:
  containers:
  - name: ${name}
    image: app
${sc}`;

runRuleTests('IST014', {
  valid: [
    { code: istioPod('    securityContext:\n      runAsUser: 10001\n') },
    { name: 'the proxy itself', code: istioPod('    securityContext:\n      runAsUser: 1337\n', '', 'istio-proxy') },
  ],
  invalid: [{ code: istioPod('    securityContext:\n      runAsUser: 1337\n'), errors: [{ message: /container 'app' runs as UID 1337, the Istio proxy's user/i, line: 10, column: 18 }] }],
});

runRuleTests('IST015', {
  valid: [{ name: 'empty exclusion', code: istioPod('', '  annotations:\n    traffic.sidecar.istio.io/excludeInboundPorts: ""\n') }],
  invalid: [
    { name: 'inbound port', code: istioPod('', '  annotations:\n    traffic.sidecar.istio.io/excludeInboundPorts: "8080"\n'), errors: [{ message: 'lets connections to port(s) 8080 bypass the sidecar', line: 6, column: 5 }] },
    { name: 'all egress', code: istioPod('', '  annotations:\n    traffic.sidecar.istio.io/excludeOutboundIPRanges: "0.0.0.0/0"\n'), errors: [{ message: 'sends all outbound traffic around the sidecar', line: 6, column: 5 }] },
  ],
});

runRuleTests('IST016', {
  valid: [{ name: 'redirect to HTTPS', code: 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n    tls:\n      httpsRedirect: true\n' }],
  invalid: [{ code: 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n', errors: [{ message: /servers\[0\] accepts plain HTTP for every host \('\*'\)/i, line: 8, column: 13 }] }],
});

describe('IST015 severities (#20)', () => {
  it('an outbound port exclusion is information, all egress a warning', () => {
    const sev = (ann: string) => findingsOf('IST015', { code: istioPod('', `  annotations:\n    ${ann}\n`) }).map((f) => f.severity);
    assert.deepStrictEqual([sev('traffic.sidecar.istio.io/excludeOutboundPorts: "5432"'), sev('traffic.sidecar.istio.io/excludeOutboundIPRanges: "0.0.0.0/0"')], [['info'], ['warning']]);
  });
});
