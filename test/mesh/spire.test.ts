import { runRuleTests } from '../ruleTester';

const csid = (spec: string) => `apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterSPIFFEID\nmetadata:\n  name: web\nspec:\n${spec}`;
const TEMPLATE = '  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"\n';
const SELECTORS = '  podSelector:\n    matchLabels:\n      app: web\n';

runRuleTests('SPF001', {
  valid: [{ code: csid(TEMPLATE + SELECTORS) }, { name: 'namespace selector only', code: csid(TEMPLATE + '  namespaceSelector:\n    matchExpressions:\n    - {key: team, operator: In, values: [web]}\n') }],
  invalid: [
    { code: csid(TEMPLATE), errors: [{ message: 'no podSelector or namespaceSelector', line: 4, column: 9, endLine: 4, endColumn: 12 }] },
    { name: 'empty selector', code: csid(TEMPLATE + '  podSelector: {}\n'), errors: [{ message: 'every pod in every namespace', line: 7, column: 3, endLine: 7, endColumn: 18 }] },
  ],
});

runRuleTests('SPF002', {
  valid: [{ code: csid(TEMPLATE + SELECTORS + '  admin: false\n') }],
  invalid: [{ code: csid(TEMPLATE + SELECTORS + '  admin: true\n  downstream: yes\n'), errors: [{ message: 'admin: true', line: 10, column: 3, endLine: 10, endColumn: 14 }, { message: 'downstream: true', line: 11, column: 3 }] }],
});

runRuleTests('SPF003', {
  valid: [{ code: csid(TEMPLATE + SELECTORS) }],
  invalid: [
    { code: csid(SELECTORS), errors: [{ message: 'spiffeIDTemplate is missing', line: 4, column: 9 }] },
    { name: 'no SA', code: csid('  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}"\n' + SELECTORS), errors: [{ message: 'does not include .PodSpec.ServiceAccountName', line: 6, column: 21 }] },
  ],
});

const cm = (key: string, body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire\n  namespace: spire\ndata:\n  ${key}: |\n${body.split('\n').map((l) => (l ? '    ' + l : l)).join('\n')}`;

const AGENT_OK = `agent {
  data_dir = "/run/spire"
  log_level = "INFO"
  server_address = "spire-server"
  trust_bundle_path = "/run/spire/bundle/bundle.crt"
  trust_domain = "example.org"
}
plugins {
  NodeAttestor "k8s_psat" {
    plugin_data { cluster = "prod" }
  }
  WorkloadAttestor "k8s" {
    plugin_data {
      # verified against the kubelet CA
      kubelet_ca_path = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"
    }
  }
}
`;

const AGENT_BAD = `agent {
  log_level = "DEBUG"   // noisy
  insecure_bootstrap = true
  trust_domain = "example.org"
}
plugins {
  NodeAttestor "join_token" {
    plugin_data {}
  }
  WorkloadAttestor "k8s" {
    plugin_data {
      skip_kubelet_verification = true
    }
  }
}
`;

const SERVER_YAML_BAD = `server:
  trust_domain: example.org
  log_level: debug
plugins:
  DataStore:
  - sql:
      plugin_data:
        database_type: postgres
        connection_string: "dbname=spire host=db sslmode=require"
  NodeAttestor:
  - k8s_psat:
      plugin_data: {clusters: {prod: {service_account_allow_list: ["spire:spire-agent"]}}}
`;

const SERVER_JSON = cm('server.conf', `{
  "server": {"trust_domain": "example.org", "log_level": "INFO"},
  "plugins": {
    "DataStore": [{"sql": {"plugin_data": {"database_type": "mysql", "connection_string": "spire:pw@tcp(db:3306)/spire"}}}]
  }
}
`);

runRuleTests('SPF004', {
  valid: [{ code: cm('agent.conf', AGENT_OK) }, { name: 'HCL-looking text in an unrelated ConfigMap key', code: cm('app.conf', AGENT_BAD) }],
  invalid: [{
    code: cm('agent.conf', AGENT_BAD),
    errors: [{ message: "ConfigMap 'spire' agent.conf: skip_kubelet_verification is true", line: 19, column: 11, endLine: 19, endColumn: 36 }],
    output: cm('agent.conf', AGENT_BAD.replace('skip_kubelet_verification = true', 'skip_kubelet_verification = false')),
  }],
});

runRuleTests('SPF005', {
  valid: [{ code: cm('agent.conf', AGENT_OK) }],
  invalid: [
    {
      code: cm('agent.conf', AGENT_BAD),
      errors: [{ message: 'insecure_bootstrap is true', line: 10, column: 7, endLine: 10, endColumn: 25 }],
      output: cm('agent.conf', AGENT_BAD.replace('insecure_bootstrap = true', 'insecure_bootstrap = false')),
    },
    {
      name: 'JSON form in a one-line single-quoted scalar: only the value changes',
      code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire\ndata:\n  agent.conf: '{"agent": {"insecure_bootstrap": true, "trust_domain": "example.org"}, "plugins": {}}' # bootstrap\n`,
      errors: [{ message: 'insecure_bootstrap is true', line: 6, column: 27 }],
      output: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire\ndata:\n  agent.conf: '{"agent": {"insecure_bootstrap": false, "trust_domain": "example.org"}, "plugins": {}}' # bootstrap\n`,
    },
    {
      name: 'HCL in a double-quoted scalar with escapes: the value\'s range in the file is not known, so no fix',
      code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: spire\ndata:\n  agent.conf: "agent {\\n  insecure_bootstrap = true\\n  trust_domain = \\"example.org\\"\\n}\\nplugins {}\\n"\n',
      errors: [{ message: 'insecure_bootstrap is true', line: 6, column: 3 }],
    },
    {
      name: 'YAML form, quoted',
      code: 'agent:\n  trust_domain: example.org\n  insecure_bootstrap: "true" # first run\nplugins: {}\n',
      errors: [{ message: 'SPIRE configuration: insecure_bootstrap is true', line: 3, column: 3 }],
      output: 'agent:\n  trust_domain: example.org\n  insecure_bootstrap: "false" # first run\nplugins: {}\n',
    },
  ],
});

runRuleTests('SPF006', {
  valid: [{ code: cm('agent.conf', AGENT_OK) }],
  invalid: [
    {
      code: cm('agent.conf', AGENT_BAD),
      errors: [{ message: 'agent log_level is DEBUG', line: 9, column: 19, endLine: 9, endColumn: 26 }],
      output: cm('agent.conf', AGENT_BAD.replace('log_level = "DEBUG"   // noisy', 'log_level = "INFO"   // noisy')),
    },
    {
      name: 'YAML form',
      code: SERVER_YAML_BAD,
      errors: [{ message: 'SPIRE configuration: server log_level is DEBUG', line: 3, column: 14, endLine: 3, endColumn: 19 }],
      output: SERVER_YAML_BAD.replace('log_level: debug', 'log_level: info'),
    },
  ],
});

runRuleTests('SPF007', {
  valid: [{ code: SERVER_YAML_BAD.replace('sslmode=require', 'sslmode=verify-full') }, { name: 'connection string from the environment', code: SERVER_YAML_BAD.replace('dbname=spire host=db sslmode=require', '${SPIRE_DB_CONNECTION}') }, { name: 'sqlite', code: SERVER_YAML_BAD.replace('postgres', 'sqlite3').replace('log_level: debug', 'log_level: info') }],
  invalid: [
    { code: SERVER_YAML_BAD, errors: [{ message: 'sslmode=require does not verify the database server', line: 9, column: 28 }] },
    { name: 'JSON in a ConfigMap, mysql without tls', code: SERVER_JSON, errors: [{ message: "ConfigMap 'spire' server.conf: the mysql datastore connection_string has no tls parameter", line: 11, column: 95 }] },
  ],
});

runRuleTests('SPF008', {
  valid: [{ code: cm('agent.conf', AGENT_OK) }],
  invalid: [{ code: cm('agent.conf', AGENT_BAD), errors: [{ message: 'join_token NodeAttestor', line: 14, column: 20, endLine: 14, endColumn: 32 }] }],
});
