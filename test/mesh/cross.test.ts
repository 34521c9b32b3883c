/** Cross-resource rules (workspace target): they see every object of every scanned file. */
import * as assert from 'assert';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';
import { getRule } from '../../server/src/engine/rules';

function found(ruleId: string, files: Record<string, string>): string[] {
  assert.ok(getRule(ruleId), `${ruleId} is registered`);
  const res = scanTexts(Object.entries(files).map(([file, text]) => ({ file, text })), { ...defaultSettings(), profile: 'strict' }); // every rule, SEC001 included
  return res.flatMap((r) => r.findings.filter((f) => f.ruleId === ruleId).map((f) => `${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.message}`));
}

const RA = 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: jwt\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: api\n  jwtRules:\n  - issuer: https://auth.example.com\n    jwksUri: https://auth.example.com/jwks.json\n';
const REQUIRE = (ns: string, sel: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: require-jwt\n  namespace: ${ns}\nspec:\n${sel}  action: DENY\n  rules:\n  - from:\n    - source:\n        notRequestPrincipals: ["*"]\n`;

describe('IST011 istio-jwt-not-required', () => {
  it('reports a RequestAuthentication with no policy requiring a principal', () => {
    const f = found('IST011', { 'ra.yaml': RA });
    assert.strictEqual(f.length, 1);
    assert.match(f[0], /^ra\.yaml:4:9-4:12 RequestAuthentication 'jwt': no AuthorizationPolicy .* requests without any JWT are still accepted/);
  });
  it('accepts a DENY notRequestPrincipals policy for the same selector in another file', () => {
    assert.deepStrictEqual(found('IST011', { 'ra.yaml': RA, 'ap.yaml': REQUIRE('shop', '  selector:\n    matchLabels:\n      app: api\n') }), []);
  });
  it('accepts a namespace-wide or mesh-wide policy, and an ALLOW with requestPrincipals', () => {
    assert.deepStrictEqual(found('IST011', { 'all.yaml': RA + '---\n' + REQUIRE('shop', '') }), []);
    assert.deepStrictEqual(found('IST011', { 'all.yaml': RA + '---\n' + REQUIRE('istio-system', '') }), []);
    const allow = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: api\n  rules:\n  - from:\n    - source:\n        requestPrincipals: ["https://auth.example.com/*"]\n';
    assert.deepStrictEqual(found('IST011', { 'a.yaml': RA, 'b.yaml': allow }), []);
  });
  it('does not pair with a policy for other workloads or another namespace', () => {
    assert.strictEqual(found('IST011', { 'ra.yaml': RA, 'ap.yaml': REQUIRE('shop', '  selector:\n    matchLabels:\n      app: web\n') }).length, 1);
    assert.strictEqual(found('IST011', { 'ra.yaml': RA, 'ap.yaml': REQUIRE('other', '') }).length, 1);
  });
});

const STRICT = (ns: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: ${ns}\nspec:\n  mtls:\n    mode: STRICT\n`;
const DEP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: legacy\n  namespace: shop\nspec:\n  template:\n    metadata:\n      annotations:\n        sidecar.istio.io/inject: "false"\n    spec:\n      containers:\n      - name: app\n        image: app\n';

describe('IST012 istio-injection-disabled-strict', () => {
  it('reports an opted-out workload in a STRICT namespace (policy in another file)', () => {
    assert.deepStrictEqual(found('IST012', { 'pa.yaml': STRICT('shop'), 'dep.yaml': DEP }).map((s) => s.slice(0, s.indexOf(' '))), ['dep.yaml:10:9-10:41']);
  });
  it('mesh-wide STRICT applies unless the namespace overrides it', () => {
    assert.strictEqual(found('IST012', { 'pa.yaml': STRICT('istio-system'), 'dep.yaml': DEP }).length, 1);
    assert.deepStrictEqual(found('IST012', { 'pa.yaml': STRICT('istio-system') + '---\n' + STRICT('shop').replace('STRICT', 'PERMISSIVE'), 'dep.yaml': DEP }), []);
  });
  it('reports a Namespace with injection disabled', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: disabled\n';
    assert.deepStrictEqual(found('IST012', { 'ns.yaml': ns + '---\n' + STRICT('shop') }).map((s) => s.slice(0, s.indexOf(' '))), ['ns.yaml:6:5-6:30']);
  });
  it('is silent without STRICT', () => {
    assert.deepStrictEqual(found('IST012', { 'dep.yaml': DEP }), []);
  });
});

const SPC = 'apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata:\n  name: db-creds\n  namespace: shop\nspec:\n  provider: vault\n';
const POD = (ref: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n  - name: app\n    image: app\n  volumes:\n  - name: secrets\n    csi:\n      driver: secrets-store.csi.k8s.io\n      readOnly: true\n      volumeAttributes:\n        secretProviderClass: ${ref}\n`;

describe('SEC001 secret-provider-class-unused', () => {
  it('reports a class no pod of its namespace mounts', () => {
    const f = found('SEC001', { 'spc.yaml': SPC, 'pod.yaml': POD('db-cred') });
    assert.strictEqual(f.length, 1);
    assert.match(f[0], /^spc\.yaml:4:9-4:17 SecretProviderClass 'db-creds': no pod in namespace 'shop' mounts this class/);
  });
  it('accepts a used class, and says nothing when no workloads of the namespace are scanned', () => {
    assert.deepStrictEqual(found('SEC001', { 'spc.yaml': SPC, 'pod.yaml': POD('db-creds') }), []);
    assert.deepStrictEqual(found('SEC001', { 'spc.yaml': SPC }), []);
  });
});

const TEMPLATE = 'apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata:\n  name: k8srequiredlabels\nspec:\n  crd:\n    spec:\n      names:\n        kind: K8sRequiredLabels\n  targets:\n  - target: admission.k8s.gatekeeper.sh\n    rego: |\n      package k8srequiredlabels\n';
const CONSTRAINT = (kind: string) => `apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ${kind}\nmetadata:\n  name: owner\nspec:\n  match:\n    kinds:\n    - apiGroups: [""]\n      kinds: ["Namespace"]\n`;

describe('GK004 gatekeeper-constraint-without-template', () => {
  it('reports a constraint kind no template defines, with a suggestion', () => {
    const f = found('GK004', { 't.yaml': TEMPLATE, 'c.yaml': CONSTRAINT('K8sRequiredLabel') });
    assert.strictEqual(f.length, 1);
    assert.match(f[0], /^c\.yaml:2:7-2:23 .*did you mean K8sRequiredLabels\?/);
  });
  it('accepts a matching template, and is silent when no templates are scanned', () => {
    assert.deepStrictEqual(found('GK004', { 't.yaml': TEMPLATE, 'c.yaml': CONSTRAINT('K8sRequiredLabels') }), []);
    assert.deepStrictEqual(found('GK004', { 'c.yaml': CONSTRAINT('K8sRequiredLabel') }), []);
  });
});

describe('IST013 istio-namespace-without-strict-mtls', () => {
  const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n';
  it('reports an injected namespace with no STRICT default', () => {
    assert.deepStrictEqual(found('IST013', { 'ns.yaml': NS }).map((s) => s.slice(0, s.indexOf(' '))), ['ns.yaml:6:5-6:29']);
    assert.match(found('IST013', { 'ns.yaml': NS, 'pa.yaml': STRICT('istio-system').replace('STRICT', 'PERMISSIVE') })[0], /the mesh-wide default is PERMISSIVE/);
  });
  it('accepts a namespace or mesh-wide STRICT policy; leaves a namespace PERMISSIVE policy to IST001; ignores namespaces outside the mesh', () => {
    assert.deepStrictEqual(found('IST013', { 'ns.yaml': NS, 'pa.yaml': STRICT('shop') }), []);
    assert.deepStrictEqual(found('IST013', { 'ns.yaml': NS, 'pa.yaml': STRICT('istio-system') }), []);
    assert.deepStrictEqual(found('IST013', { 'ns.yaml': NS, 'pa.yaml': STRICT('shop').replace('STRICT', 'PERMISSIVE') }), []);
    assert.deepStrictEqual(found('IST013', { 'ns.yaml': NS.replace('istio-injection: enabled', 'team: shop') }), []);
  });
});
