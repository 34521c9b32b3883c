/**
 * RuleTester cases for the cross-file mesh and secrets rules IST011-IST013, SEC001 and SEC003 (#19):
 * Istio policies, Namespaces, workloads and SecretProviderClasses in different files, analysed together.
 */
import { runRuleTests } from '../ruleTester';

const requestAuthentication = (selector = '  selector:\n    matchLabels:\n      app: api\n') => `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt-auth
  namespace: shop
spec:
${selector}  jwtRules:
    - issuer: https://auth.example.com
      jwksUri: https://auth.example.com/.well-known/jwks.json
`;
const requireJwt = (ns: string, selector: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: require-jwt
  namespace: ${ns}
spec:
${selector}  action: DENY
  rules:
    - from:
        - source:
            notRequestPrincipals: ["*"]
`;
const API = '  selector:\n    matchLabels:\n      app: api\n';
const allowPrincipals = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-users
  namespace: shop
spec:
  selector:
    matchLabels:
      app: api
  action: ALLOW
  rules:
    - from:
        - source:
            requestPrincipals: ["https://auth.example.com/*"]
`;

runRuleTests('IST011', {
  valid: [
    { name: 'a DENY notRequestPrincipals policy for the same workloads, in another file', files: { 'istio/jwt.yaml': requestAuthentication(), 'istio/require-jwt.yaml': requireJwt('shop', API) } },
    { name: 'a namespace-wide policy', files: { 'istio/jwt.yaml': requestAuthentication(), 'istio/require-jwt.yaml': requireJwt('shop', '') } },
    { name: 'a mesh-wide policy in the root namespace', files: { 'istio/jwt.yaml': requestAuthentication(), 'mesh/require-jwt.yaml': requireJwt('istio-system', '') } },
    { name: 'an ALLOW policy with requestPrincipals', files: { 'istio/jwt.yaml': requestAuthentication(), 'istio/allow.yaml': allowPrincipals } },
    { name: 'both in one file', code: `${requestAuthentication()}---\n${requireJwt('shop', API)}` },
  ],
  invalid: [
    {
      name: 'no AuthorizationPolicy at all',
      file: 'istio/jwt.yaml',
      code: requestAuthentication(),
      errors: [{ file: 'istio/jwt.yaml', line: 4, column: 9, endLine: 4, endColumn: 17, severity: 'warning', message: "RequestAuthentication 'jwt-auth': no AuthorizationPolicy for the same workloads requires a request principal, so requests without any JWT are still accepted; add one with action DENY and notRequestPrincipals: [\"*\"]." }],
    },
    {
      name: 'the policy selects other workloads',
      files: { 'istio/jwt.yaml': requestAuthentication(), 'istio/require-jwt.yaml': requireJwt('shop', '  selector:\n    matchLabels:\n      app: web\n') },
      errors: [{ file: 'istio/jwt.yaml', line: 4, column: 9, message: "RequestAuthentication 'jwt-auth': no AuthorizationPolicy for the same workloads requires a request principal" }],
    },
    {
      name: 'the policy is in another namespace (not the root one)',
      files: { 'istio/jwt.yaml': requestAuthentication(''), 'istio/require-jwt.yaml': requireJwt('billing', '') },
      errors: [{ file: 'istio/jwt.yaml', line: 4, column: 9, message: 'requests without any JWT are still accepted' }],
    },
  ],
});

const peerAuthentication = (ns: string, mode = 'STRICT') => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${ns}
spec:
  mtls:
    mode: ${mode}
`;
const legacy = (podMeta: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: shop
spec:
  selector:
    matchLabels: {app: legacy}
  template:
    metadata:
${podMeta}    spec:
      containers:
        - name: legacy
          image: registry.example.com/shop/legacy:0.9.1
`;
const OPT_OUT = '      labels:\n        app: legacy\n      annotations:\n        sidecar.istio.io/inject: "false"\n';
const meshNamespace = (label: string, name = 'shop') => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    ${label}
`;

runRuleTests('IST012', {
  valid: [
    { name: 'no STRICT policy', files: { 'apps/legacy.yaml': legacy(OPT_OUT) } },
    { name: 'injection on', files: { 'istio/pa.yaml': peerAuthentication('shop'), 'apps/legacy.yaml': legacy(OPT_OUT.replace('"false"', '"true"')) } },
    { name: 'the namespace overrides a mesh-wide STRICT with PERMISSIVE', files: { 'mesh/pa.yaml': peerAuthentication('istio-system'), 'istio/pa.yaml': peerAuthentication('shop', 'PERMISSIVE'), 'apps/legacy.yaml': legacy(OPT_OUT) } },
    { name: 'a Namespace with injection enabled', files: { 'istio/pa.yaml': peerAuthentication('shop'), 'ns.yaml': meshNamespace('istio-injection: enabled') } },
  ],
  invalid: [
    {
      name: 'an opted-out workload in a namespace with STRICT mTLS (the policy in another file)',
      files: { 'istio/pa.yaml': peerAuthentication('shop'), 'apps/legacy.yaml': legacy(OPT_OUT) },
      errors: [{ file: 'apps/legacy.yaml', line: 14, column: 9, endLine: 14, endColumn: 41, severity: 'warning', message: "Deployment 'legacy': sidecar.istio.io/inject is \"false\" in namespace 'shop', which requires STRICT mTLS" }],
    },
    {
      name: 'the opt-out as a label, under a mesh-wide STRICT policy',
      files: { 'mesh/pa.yaml': peerAuthentication('istio-system'), 'apps/legacy.yaml': legacy('      labels:\n        app: legacy\n        sidecar.istio.io/inject: "false"\n') },
      errors: [{ file: 'apps/legacy.yaml', line: 13, column: 9, message: 'sidecar.istio.io/inject is "false"' }],
    },
    {
      name: 'a Namespace with injection disabled',
      files: { 'ns.yaml': meshNamespace('istio-injection: disabled'), 'istio/pa.yaml': peerAuthentication('shop') },
      errors: [{ file: 'ns.yaml', line: 6, column: 5, endLine: 6, endColumn: 30, message: "Namespace 'shop': sidecar injection is disabled in a namespace that requires STRICT mTLS" }],
    },
  ],
});

runRuleTests('IST013', {
  valid: [
    { name: 'a namespace STRICT policy in another file', files: { 'ns.yaml': meshNamespace('istio-injection: enabled'), 'istio/pa.yaml': peerAuthentication('shop') } },
    { name: 'a mesh-wide STRICT policy', files: { 'ns.yaml': meshNamespace('istio.io/rev: 1-22'), 'mesh/pa.yaml': peerAuthentication('istio-system') } },
    { name: 'a namespace PERMISSIVE policy is IST001\'s', files: { 'ns.yaml': meshNamespace('istio-injection: enabled'), 'istio/pa.yaml': peerAuthentication('shop', 'PERMISSIVE') } },
    { name: 'a namespace outside the mesh', files: { 'ns.yaml': meshNamespace('team: shop') } },
    { name: 'the root namespace itself', files: { 'ns.yaml': meshNamespace('istio-injection: enabled', 'istio-system') } },
  ],
  invalid: [
    {
      name: 'an injected namespace, no PeerAuthentication',
      file: 'namespaces/shop.yaml',
      code: meshNamespace('istio-injection: enabled'),
      errors: [{ file: 'namespaces/shop.yaml', line: 6, column: 5, endLine: 6, endColumn: 29, severity: 'warning', message: "Namespace 'shop' is in the mesh but no namespace-wide or mesh-wide PeerAuthentication sets STRICT mTLS, so Istio's PERMISSIVE default" }],
    },
    {
      name: 'a revision label and a PERMISSIVE mesh-wide default in another file',
      files: { 'namespaces/shop.yaml': meshNamespace('istio.io/rev: 1-22'), 'mesh/pa.yaml': peerAuthentication('istio-system', 'PERMISSIVE') },
      errors: [{ file: 'namespaces/shop.yaml', line: 6, column: 5, message: '(the mesh-wide default is PERMISSIVE)' }],
    },
    {
      name: 'a namespace policy without a mode is no default',
      files: { 'namespaces/shop.yaml': meshNamespace('istio-injection: enabled'), 'istio/pa.yaml': peerAuthentication('shop').replace('  mtls:\n    mode: STRICT\n', '  portLevelMtls:\n    8080:\n      mode: DISABLE\n') },
      errors: [{ file: 'namespaces/shop.yaml', line: 6, column: 5, message: 'no namespace-wide or mesh-wide PeerAuthentication sets STRICT mTLS' }],
    },
  ],
});

const providerClass = (name: string, ns = 'shop') => `apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  provider: vault
  parameters:
    roleName: shop-db
    vaultAddress: https://vault.example.com:8200
    objects: |
      - objectName: password
        secretPath: secret/data/shop/db
        secretKey: password
`;
const mounting = (ref: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: ${ns}
spec:
  template:
    spec:
      containers:
        - name: orders
          image: registry.example.com/shop/orders:4.0.0
          volumeMounts:
            - name: db-creds
              mountPath: /mnt/secrets
              readOnly: true
      volumes:
        - name: db-creds
          csi:
            driver: secrets-store.csi.k8s.io
            readOnly: true
            volumeAttributes:
              secretProviderClass: ${ref}
`;

/** A workload of namespace `ns` that mounts no class. */
const worker = (ns = 'shop') => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
  namespace: ${ns}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: cleanup
              image: registry.example.com/shop/cleanup:1.1.0
`;

runRuleTests('SEC001', {
  valid: [
    { name: 'a pod of another file mounts the class', files: { 'secrets/spc.yaml': providerClass('db-creds'), 'apps/orders.yaml': mounting('db-creds'), 'apps/cleanup.yaml': worker() } },
    { name: 'no workload of the namespace scanned', files: { 'secrets/spc.yaml': providerClass('db-creds'), 'apps/orders.yaml': mounting('db-creds', 'billing') } },
    { name: 'only the class', code: providerClass('db-creds') },
  ],
  invalid: [
    {
      name: 'the pod mounts another class',
      files: { 'secrets/spc.yaml': providerClass('db-creds'), 'apps/orders.yaml': mounting('db-cred') },
      errors: [{ file: 'secrets/spc.yaml', line: 4, column: 9, endLine: 4, endColumn: 17, severity: 'info', message: "SecretProviderClass 'db-creds': no pod in namespace 'shop' mounts this class (csi.volumeAttributes.secretProviderClass)" }],
    },
    {
      name: 'no pod of the namespace mounts any class',
      files: { 'secrets/spc.yaml': providerClass('db-creds'), 'apps/cleanup.yaml': worker() },
      errors: [{ file: 'secrets/spc.yaml', line: 4, column: 9, message: "SecretProviderClass 'db-creds': no pod in namespace 'shop' mounts this class" }],
    },
    {
      name: 'classes are namespaced: a mount of the same name in another namespace does not count',
      files: { 'secrets/spc.yaml': `${providerClass('db-creds')}---\n${providerClass('db-creds', 'billing')}`, 'apps/orders.yaml': mounting('db-creds', 'billing'), 'apps/cleanup.yaml': worker() },
      errors: [{ file: 'secrets/spc.yaml', line: 4, column: 9, message: "SecretProviderClass 'db-creds': no pod in namespace 'shop'" }],
    },
  ],
});

runRuleTests('SEC003', {
  valid: [
    { name: 'the class is defined in another file', files: { 'secrets/spc.yaml': providerClass('db-creds'), 'apps/orders.yaml': mounting('db-creds') } },
    { name: 'no class in the workspace: managed elsewhere', files: { 'apps/orders.yaml': mounting('db-creds') } },
  ],
  invalid: [
    {
      name: 'a typo in the class name',
      files: { 'secrets/spc.yaml': providerClass('db-creds'), 'apps/orders.yaml': mounting('db-cred') },
      errors: [{ file: 'apps/orders.yaml', line: 22, column: 36, endLine: 22, endColumn: 43, severity: 'warning', message: "Deployment 'orders': volume 'db-creds' mounts SecretProviderClass 'db-cred', which no scanned file defines in namespace 'shop', so the pod cannot start" }],
    },
    {
      name: 'defined in another namespace',
      files: { 'secrets/spc.yaml': providerClass('db-creds', 'billing'), 'apps/orders.yaml': mounting('db-creds') },
      errors: [{ file: 'apps/orders.yaml', line: 22, column: 36, message: "(there is one in namespace 'billing'; classes are namespaced)" }],
    },
  ],
});
