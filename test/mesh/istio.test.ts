import { runRuleTests } from '../ruleTester';

const pa = (spec: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n${spec}`;
const ap = (spec: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;

runRuleTests('IST001', {
  valid: [
    { code: pa('  mtls:\n    mode: STRICT\n') },
    { name: 'unset inherits', code: pa('  selector:\n    matchLabels:\n      app: web\n') },
    { name: 'not Istio', code: 'apiVersion: example.com/v1\nkind: PeerAuthentication\nmetadata:\n  name: x\nspec:\n  mtls:\n    mode: PERMISSIVE\n' },
  ],
  invalid: [
    {
      code: pa('  mtls:\n    mode: PERMISSIVE # migrating\n'),
      errors: [{ message: 'mtls.mode is PERMISSIVE', line: 8, column: 11, endLine: 8, endColumn: 21 }],
      output: pa('  mtls:\n    mode: STRICT # migrating\n'),
    },
    {
      name: 'port level, quoted',
      code: pa('  mtls:\n    mode: STRICT\n  portLevelMtls:\n    8080:\n      mode: "DISABLE"\n'),
      errors: [{ message: 'portLevelMtls[8080].mode is DISABLE', line: 11, column: 13, endLine: 11, endColumn: 22 }],
      output: pa('  mtls:\n    mode: STRICT\n  portLevelMtls:\n    8080:\n      mode: "STRICT"\n'),
    },
  ],
});

runRuleTests('IST002', {
  valid: [
    { name: 'allow-nothing', code: ap('  {}\n').replace('spec:\n  {}', 'spec: {}') },
    { name: 'deny all', code: ap('  action: DENY\n  rules:\n  - {}\n') },
    { code: ap('  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/shop/sa/web"]\n    to:\n    - operation:\n        paths: ["/admin"]\n') },
  ],
  invalid: [
    { code: ap('  rules:\n  - {}\n'), errors: [{ message: 'empty ALLOW rule matches every request', line: 8, column: 5, endLine: 8, endColumn: 7 }] },
    { name: 'sensitive path open to all', code: ap('  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        paths: ["/api/*", "/actuator/*"]\n'), errors: [{ message: "path '/actuator/*' is allowed for any caller", line: 11, column: 27, endLine: 11, endColumn: 40 }] },
  ],
});

runRuleTests('IST003', {
  valid: [{ code: ap('  action: DENY\n  rules:\n  - to:\n    - operation:\n        notPaths: ["/public/*"]\n') }],
  invalid: [{
    code: ap('  rules:\n  - to:\n    - operation:\n        notMethods: ["DELETE"]\n    when:\n    - key: request.headers[x]\n      notValues: ["a"]\n'),
    errors: [
      { message: "ALLOW with operation.notMethods", line: 10, column: 9, endLine: 10, endColumn: 19 },
      { message: "ALLOW with when.notValues", line: 13, column: 7, endLine: 13, endColumn: 16 },
    ],
  }],
});

runRuleTests('IST004', {
  valid: [{ code: ap('  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/shop/sa/web"]\n        namespaces: ["shop"]\n') }],
  invalid: [{
    code: ap('  rules:\n  - from:\n    - source:\n        principals: ["*", "cluster.local/ns/*/sa/web"]\n        namespaces: ["*"]\n'),
    errors: [
      { message: "source.principals '*'", line: 10, column: 22, endLine: 10, endColumn: 25 },
      { message: "source.principals 'cluster.local/ns/*/sa/web'", line: 10, column: 27 },
      { message: "source.namespaces '*' matches every namespace", line: 11, column: 22 },
    ],
  }],
});

runRuleTests('IST005', {
  valid: [
    { code: ap('  action: DENY\n  rules:\n  - to:\n    - operation:\n        paths: ["/admin", "/admin/*"]\n') },
    { name: 'ALLOW exact path is fine', code: ap('  rules:\n  - from:\n    - source:\n        namespaces: ["shop"]\n    to:\n    - operation:\n        paths: ["/health"]\n') },
  ],
  invalid: [{
    code: ap('  action: DENY\n  rules:\n  - to:\n    - operation:\n        paths:\n        - /admin\n'),
    errors: [{ message: "add '/admin/*'", line: 12, column: 11, endLine: 12, endColumn: 17 }],
  }],
});

const ra = (rules: string) => `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: jwt\n  namespace: shop\nspec:\n  jwtRules:\n${rules}`;
runRuleTests('IST006', {
  valid: [{ code: ra('  - issuer: "https://auth.example.com"\n    jwksUri: "https://auth.example.com/jwks.json"\n') }, { name: 'non-URL issuer with inline jwks', code: ra('  - issuer: "testing@secure.istio.io"\n    jwks: "{}"\n') }],
  invalid: [{
    code: ra('  - issuer: http://auth.example.com\n    jwksUri: http://auth.example.com/jwks.json\n'),
    errors: [
      { message: "issuer 'http://auth.example.com' uses http", line: 8, column: 13, endLine: 8, endColumn: 36 },
      { message: 'jwksUri', line: 9, column: 14 },
    ],
  }],
});

const dr = (tp: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: api\nspec:\n  host: api.example.com\n${tp}`;
const drHost = (host: string, tp: string) => dr(tp).replace('host: api.example.com', `host: ${host}`);
runRuleTests('IST007', {
  valid: [{ code: dr('  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n') }],
  invalid: [{
    name: 'an external-looking host: no fix (SIMPLE or MUTUAL may be the right mode)',
    code: dr('  trafficPolicy:\n    tls:\n      mode: DISABLE\n  subsets:\n  - name: v1\n    trafficPolicy:\n      portLevelSettings:\n      - port: {number: 80}\n        tls: {mode: DISABLE}\n'),
    errors: [
      { message: 'trafficPolicy.tls.mode is DISABLE', line: 9, column: 13, endLine: 9, endColumn: 20 },
      { message: 'subsets[0].trafficPolicy.portLevelSettings[0].tls.mode is DISABLE', line: 15, column: 21 },
    ],
  }, {
    name: 'a Service of the namespace (short name): ISTIO_MUTUAL, in block and flow style, comments kept',
    code: drHost('reviews', '  trafficPolicy:\n    tls:\n      mode: DISABLE # debugging\n  subsets:\n  - name: v1\n    trafficPolicy:\n      portLevelSettings:\n      - port: {number: 80}\n        tls: {mode: DISABLE}\n'),
    errors: [
      { message: 'trafficPolicy.tls.mode is DISABLE', line: 9, column: 13 },
      { message: 'subsets[0].trafficPolicy.portLevelSettings[0].tls.mode is DISABLE', line: 15, column: 21 },
    ],
    output: drHost('reviews', '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL # debugging\n  subsets:\n  - name: v1\n    trafficPolicy:\n      portLevelSettings:\n      - port: {number: 80}\n        tls: {mode: ISTIO_MUTUAL}\n'),
  }, {
    name: 'a Service by its cluster name, quoted',
    code: drHost('reviews.shop.svc.cluster.local', '  trafficPolicy:\n    tls:\n      mode: "DISABLE"\n'),
    errors: [{ message: 'trafficPolicy.tls.mode is DISABLE', line: 9, column: 13 }],
    output: drHost('reviews.shop.svc.cluster.local', '  trafficPolicy:\n    tls:\n      mode: "ISTIO_MUTUAL"\n'),
  }],
});

runRuleTests('IST008', {
  valid: [
    { code: dr('  trafficPolicy:\n    tls:\n      mode: SIMPLE\n      caCertificates: /etc/ca.pem\n      subjectAltNames: [api.example.com]\n') },
    { name: 'credentialName', code: dr('  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      credentialName: api-creds\n      subjectAltNames: [api.example.com]\n') },
  ],
  invalid: [
    { code: dr('  trafficPolicy:\n    tls:\n      mode: SIMPLE\n'), errors: [{ message: 'without caCertificates', line: 9, column: 13, endLine: 9, endColumn: 19 }] },
    { name: 'no SAN', code: dr('  trafficPolicy:\n    tls:\n      mode: SIMPLE\n      caCertificates: /etc/ca.pem\n'), errors: [{ message: 'no subjectAltNames', line: 9, column: 13 }] },
    { name: 'skip verify', code: dr('  trafficPolicy:\n    tls:\n      mode: SIMPLE\n      insecureSkipVerify: true\n'), errors: [{ message: 'insecureSkipVerify is true', line: 10, column: 7, endLine: 10, endColumn: 31 }] },
  ],
});

const gw = (servers: string) => `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n${servers}`;
runRuleTests('IST009', {
  valid: [
    { code: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: shop\n      minProtocolVersion: TLSV1_2\n') },
    { name: 'http redirect', code: gw('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [shop.example.com]\n    tls:\n      httpsRedirect: true\n') },
  ],
  invalid: [
    {
      code: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: shop\n'),
      errors: [{ message: 'without minProtocolVersion', line: 12, column: 13, endLine: 12, endColumn: 19 }],
      output: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: shop\n      minProtocolVersion: TLSV1_2\n'),
    },
    {
      name: 'TLS 1.0',
      code: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: shop\n      minProtocolVersion: TLSV1_0 # legacy clients\n'),
      errors: [{ message: 'allows TLSV1_0', line: 14, column: 27 }],
      output: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: shop\n      minProtocolVersion: TLSV1_2 # legacy clients\n'),
    },
    {
      name: 'flow-style tls',
      code: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls: {mode: SIMPLE, credentialName: shop}\n'),
      errors: [{ message: 'without minProtocolVersion', line: 11, column: 17 }],
      output: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls: {mode: SIMPLE, credentialName: shop, minProtocolVersion: TLSV1_2}\n'),
    },
  ],
});

runRuleTests('IST010', {
  valid: [{ code: gw('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [shop.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: shop\n      minProtocolVersion: TLSV1_2\n') }],
  invalid: [{ code: gw('  - port: {number: 443, name: tls, protocol: TLS}\n    hosts: [shop.example.com]\n    tls:\n      mode: PASSTHROUGH\n'), errors: [{ message: 'uses PASSTHROUGH', line: 12, column: 13, endLine: 12, endColumn: 24 }] }],
});
