/** Secret rules: K8S032 (hard-coded env secrets), K8S033 (ConfigMap secrets), K8S034 (secrets via env). */
import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { sensitiveName, secretReason, embeddedSecret, words } from '../../server/src/engine/rules/k8s/secrets';

const envPod = (env: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
${env}`;

runRuleTests('K8S032', {
  valid: [
    {
      name: 'ordinary settings, references, paths to mounted secrets, secretKeyRef, booleans and numbers',
      code: envPod(`        - name: LOG_LEVEL
          value: debug
        - name: DB_PASSWORD_FILE
          value: /run/secrets/db/password
        - name: API_TOKEN
          valueFrom:
            secretKeyRef: {name: api, key: token}
        - name: AUTH_ENABLED
          value: "true"
        - name: TOKEN_TTL
          value: "3600"
        - name: SECRET_NAME
          value: db-credentials
        - name: PASSWORD
          value: $(DB_PASSWORD)
        - name: CACHE_KEY
          value: user-profile
        - name: PUBLIC_KEY
          value: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO
`),
    },
  ],
  invalid: [
    {
      name: 'by name (password, AWS secret key, Azure key), by shape (private key, AWS key id under a neutral name)',
      code: envPod(`        - name: password
          value: abc123
        - name: AWS_SECRET_ACCESS_KEY
          value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        - name: AZURE_BATCH_KEY
          value: xxx
        - name: the_good_stuff
          value: |
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAA
            -----END OPENSSH PRIVATE KEY-----
        - name: IDENTITY
          value: AKIAIOSFODNN7EXAMPLE
`),
      errors: [
        { line: 11, column: 11, endLine: 11, endColumn: 24, message: "Pod 'p', container 'app': environment variable password has a literal value that looks like a secret (its name contains 'password')" },
        { line: 13, column: 11, message: "AWS_SECRET_ACCESS_KEY has a literal value that looks like a secret (its name contains 'secret')" },
        { line: 15, column: 11, message: "AZURE_BATCH_KEY has a literal value that looks like a secret (its name ends in 'key')" },
        { line: 17, column: 11, endLine: 20, endColumn: 46, message: 'the_good_stuff has a literal value that looks like a secret (its value looks like a private key)' },
        { line: 22, column: 11, message: 'IDENTITY has a literal value that looks like a secret (its value looks like an AWS access key id)' },
      ],
    },
    {
      name: 'init container, camelCase name, URL with a password',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: migrate
      image: flyway:10
      env:
        - name: dbPassword
          value: hunter2hunter2
        - name: DATABASE_URL
          value: postgres://app:s3cr3t@db.internal:5432/app
  containers:
    - name: app
      image: nginx:1.27
`,
      errors: [
        { line: 11, column: 11, message: "init container 'migrate': environment variable dbPassword" },
        { line: 13, column: 11, message: 'DATABASE_URL has a literal value that looks like a secret (its value looks like a URL with an embedded password)' },
      ],
    },
  ],
});

runRuleTests('K8S033', {
  valid: [
    { name: 'plain configuration', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  message: This is a test\n  db_user: postgres\n  app.properties: |\n    server.port=8080\n    password.min-length=12\n' },
    { name: 'no data', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' },
    { name: 'a Secret is where secrets belong', code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: abc123\n' },
  ],
  invalid: [
    {
      name: 'secret key names, a private key value, and a password line inside an embedded properties file',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  db_username: postgres
  db_password: abc123
  OCI_CLI_KEY_CONTENT: xxxxx
  ssh_access: |
    -----BEGIN PRIVATE KEY-----
    xxxxxxxx
    -----END PRIVATE KEY-----
  application.properties: |
    server.port=8080
    spring.datasource.password=Sup3rS3cret
`,
      errors: [
        { line: 7, column: 3, endLine: 7, endColumn: 14, message: "ConfigMap 'c': data key 'db_password' looks like a secret (its name contains 'password')" },
        { line: 8, column: 3, message: "data key 'OCI_CLI_KEY_CONTENT' looks like a secret (its name contains 'key content')" },
        { line: 9, column: 3, message: "data key 'ssh_access' looks like a secret (its value looks like a private key)" },
        { line: 13, column: 3, message: "data key 'application.properties' looks like a secret (line 2 of its value sets 'spring.datasource.password': its name contains 'password')" },
      ],
    },
  ],
});

runRuleTests('K8S034', {
  valid: [{ name: 'literal and ConfigMap references', code: envPod('        - name: MODE\n          value: prod\n        - name: REGION\n          valueFrom:\n            configMapKeyRef: {name: cfg, key: region}\n') }],
  invalid: [
    {
      name: 'secretKeyRef and envFrom secretRef',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db
              key: password
      envFrom:
        - configMapRef:
            name: cfg
        - secretRef:
            name: api
`,
      errors: [
        { line: 12, column: 13, endLine: 14, endColumn: 28, message: "Pod 'p', container 'app': environment variable DB_PASSWORD reads key 'password' of Secret 'db'; mount the Secret as a read-only file instead." },
        { line: 18, column: 11, message: "envFrom loads every key of Secret 'api' into the environment" },
      ],
    },
  ],
});

describe('secret heuristics', () => {
  it('splits names into words', () => {
    assert.deepStrictEqual(words('dbPassword'), ['db', 'password']);
    assert.deepStrictEqual(words('AWS_SECRET_ACCESS_KEY'), ['aws', 'secret', 'access', 'key']);
    assert.deepStrictEqual(words('HTTPServerToken'), ['http', 'server', 'token']);
  });
  it('tells secret names from names about secrets', () => {
    for (const n of ['password', 'DB_PASSWD', 'api_key', 'apiKey', 'GITHUB_TOKEN', 'client-secret', 'STRIPE_KEY', 'credentials']) assert.ok(sensitiveName(n), n);
    for (const n of ['PASSWORD_FILE', 'TOKEN_TTL', 'SECRET_NAME', 'KEY', 'CACHE_KEY', 'PUBLIC_KEY', 'user_name', 'AWS_ACCESS_KEY_ID', 'monkey']) assert.strictEqual(sensitiveName(n), undefined, n);
  });
  it('recognises value shapes whatever the name', () => {
    assert.match(secretReason('X', 'ghp_' + 'a'.repeat(36)) ?? '', /GitHub token/);
    assert.match(secretReason('X', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U') ?? '', /JSON Web Token/);
    assert.strictEqual(secretReason('GREETING', 'hello'), undefined);
    assert.strictEqual(secretReason('PASSWORD', ''), undefined);
  });
  it('finds secrets inside embedded files', () => {
    assert.deepStrictEqual(embeddedSecret('a: 1\nredis_password: "abc123"\n'), { line: 1, key: 'redis_password', reason: "its name contains 'password'" });
    assert.strictEqual(embeddedSecret('a: 1\npassword: ${REDIS_PASSWORD}\n'), undefined);
  });
});
