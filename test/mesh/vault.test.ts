import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { suggest } from '../../server/src/engine/rules/mesh/VLT006-vault-unknown-annotation';

/** A Deployment whose pod template carries `ann` (lines 9+) and runs `sc` on its first container. */
const dep = (ann: string, sc = '          runAsUser: 10001\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
${ann}    spec:
      containers:
      - name: app
        image: app
        securityContext:
${sc}`;

runRuleTests('VLT001', {
  valid: [
    { code: dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n') },
    { name: 'auth-config-role', code: dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/auth-config-role: "web"\n') },
    { name: 'not injected', code: dep('        vault.hashicorp.com/agent-inject: "false"\n') },
    { name: 'other auth type', code: dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/auth-type: "gcp"\n') },
  ],
  invalid: [{ code: dep('        vault.hashicorp.com/agent-inject: "true"\n'), errors: [{ message: 'no vault.hashicorp.com/role is set', line: 9, column: 9, endLine: 9, endColumn: 49 }] }],
});

runRuleTests('VLT002', {
  valid: [{ code: dep('        vault.hashicorp.com/tls-skip-verify: "false"\n') }],
  invalid: [{
    code: dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n        vault.hashicorp.com/tls-skip-verify: "true" # temporary\n'),
    errors: [{ message: 'accepts any server certificate', line: 11, column: 9, endLine: 11, endColumn: 52 }],
    output: dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n'),
  }],
});

runRuleTests('VLT003', {
  valid: [{ code: dep('        vault.hashicorp.com/agent-inject-secret-db: "database/creds/web"\n') }],
  invalid: [{ code: dep('        vault.hashicorp.com/agent-inject-token: "true"\n'), errors: [{ message: 'writes the Vault token', line: 9, column: 9 }] }],
});

runRuleTests('VLT004', {
  valid: [{ code: dep('        vault.hashicorp.com/agent-run-as-same-user: "true"\n') }],
  invalid: [
    { code: dep('        vault.hashicorp.com/agent-run-as-same-user: "true"\n', '          runAsUser: 0\n'), errors: [{ message: 'running as UID 0', line: 9, column: 9 }] },
    { name: 'unset', code: dep('        vault.hashicorp.com/agent-run-as-same-user: "true"\n', '          runAsNonRoot: true\n'), errors: [{ message: 'needs container \'app\' to set securityContext.runAsUser', line: 9, column: 9 }] },
  ],
});

runRuleTests('VLT005', {
  valid: [{ code: dep('        vault.hashicorp.com/agent-inject-secret-db: "database/creds/web"\n        vault.hashicorp.com/agent-inject-template-db: |\n          {{ with secret "database/creds/web" }}{{ .Data.password }}{{ end }}\n        vault.hashicorp.com/agent-inject-perms-db: "0400"\n') }],
  invalid: [{
    code: dep('        vault.hashicorp.com/agent-inject-secret-db: "database/creds/web"\n        vault.hashicorp.com/agent-inject-template-dbs: "x"\n        vault.hashicorp.com/agent-inject-template-file-cfg: "/t/cfg"\n'),
    errors: [
      { message: 'agent-inject-template-dbs has no matching vault.hashicorp.com/agent-inject-secret-dbs', line: 10, column: 9, endLine: 10, endColumn: 54 },
      { message: 'agent-inject-secret-cfg', line: 11, column: 9 },
    ],
  }],
});

runRuleTests('VLT006', {
  valid: [{ code: dep('        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: "web"\n        vault.hashicorp.com/agent-inject-secret-db: "x"\n        vault.hashicorp.com/auth-config-role: "web"\n        other.example.com/x: "y"\n') }],
  invalid: [{
    code: dep('        vault.hashicorp.com/agent-inject-secrets-db: "x"\n        vault.hashicorp.com/tls-skip-verfy: "true"\n        vault.hashicorp.com/zzzzzzzzzzzz: "1"\n'),
    errors: [
      { message: "did you mean 'vault.hashicorp.com/agent-inject-secret-db'?", line: 9, column: 9, endLine: 9, endColumn: 52 },
      { message: "did you mean 'vault.hashicorp.com/tls-skip-verify'?", line: 10, column: 9 },
      { message: 'check the name against the injector documentation', line: 11, column: 9 },
    ],
  }],
});

describe('Vault annotation suggestions', () => {
  it('suggests the closest known name', () => {
    assert.strictEqual(suggest('rol'), 'role');
    assert.strictEqual(suggest('agent-inject-templat-db'), 'agent-inject-template-db');
    assert.strictEqual(suggest('completely-different-thing'), undefined);
  });
});
