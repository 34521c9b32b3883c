/** Cross-resource rules over a set of files (scanTexts, as the CLI runs them), and the CLI over a directory. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { scanTexts, SourceFile } from '../../server/src/engine/scan';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings, Settings } from '../../server/src/engine/settings';
import type { Finding, FileResult } from '../../server/src/engine/types';
import { main, Io } from '../../server/src/cli/main';

const CROSS = new Set(['NET050', 'NET051', 'NET052', 'K8S103', 'RBAC050']);

function scan(files: Record<string, string>, s: Partial<Settings> = {}): FileResult[] {
  const src: SourceFile[] = Object.entries(files).map(([file, text]) => ({ file, text }));
  return scanTexts(src, { ...defaultSettings(), profile: 'strict', ...s }); // the rules under test, each on its own
}
function cross(res: FileResult[]): { file: string; f: Finding }[] {
  return res.flatMap((r) => r.findings.filter((f) => CROSS.has(f.ruleId)).map((f) => ({ file: r.file, f })));
}
const summary = (res: FileResult[]) => cross(res).map(({ file, f }) => `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId}`);

const deploy = (name: string, labels: string, ns = 'shop', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  template:
    metadata:
      labels: ${labels}
    spec:
${extra}      containers:
      - name: app
        image: nginx:1.25
`;
const policy = (name: string, selector: string, ns = 'shop', types = '[Ingress, Egress]') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector: ${selector}
  policyTypes: ${types}
`;

describe('cross-resource rules (engine)', () => {
  describe('NET050 workload-without-network-policy', () => {
    it('reports a workload no NetworkPolicy of its namespace selects, pointing at the workload and naming the policy in the other file', () => {
      const res = scan({ 'app.yaml': deploy('api', '{app: api}'), 'net.yaml': policy('web-only', '{matchLabels: {app: web}}') });
      assert.deepStrictEqual(summary(res), ['app.yaml:4:9 NET050']);
      const { f } = cross(res)[0];
      assert.match(f.message, /Deployment 'api' \(namespace 'shop'\): none of the 1 NetworkPolicy\(ies\) of namespace 'shop' selects its pods \(labels \{app: api\}\)/);
      assert.deepStrictEqual(f.related, [{ file: 'net.yaml', message: "NetworkPolicy 'web-only' selects other pods (spec.podSelector).", range: { start: { line: 6, character: 2 }, end: { line: 6, character: 40 } } }]);
      assert.deepStrictEqual(f.resource, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop', document: 0 });
      assert.deepStrictEqual(f.references.peers, ['polaris:missingNetworkPolicy', 'checkov:CKV2_K8S_6', 'kube-linter:non-isolated-pod']);
    });

    it('is silent when some policy selects the workload (matchLabels, matchExpressions, empty selector)', () => {
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}'), b: policy('p', '{matchLabels: {app: api}}') })), []);
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api, tier: be}'), b: policy('p', '{matchExpressions: [{key: tier, operator: In, values: [be, fe]}]}') })), []);
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}'), b: policy('deny', '{}') })), []);
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}'), b: policy('p', '{matchExpressions: [{key: app, operator: NotIn, values: [api]}]}') })), ['a:4:9 NET050']);
    });

    it('only judges when the workspace has a NetworkPolicy, or when the rule is set explicitly', () => {
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}') })), []);
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}') }, { rules: { NET050: 'warning' } })), ['a:4:9 NET050']);
      // a policy in another namespace is evidence too: this namespace has none
      const other = scan({ a: deploy('api', '{app: api}'), b: policy('p', '{}', 'other') });
      assert.deepStrictEqual(summary(other), ['a:4:9 NET050']);
      assert.match(cross(other)[0].f.message, /namespace 'shop' has no NetworkPolicy in the workspace/);
      // another policy engine in the workspace: not judged
      const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\n';
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}'), b: policy('p', '{}', 'other'), c: cilium })), []);
    });

    it('treats no namespace and `default` alike, and skips hostNetwork pods', () => {
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}', 'default'), b: policy('deny', '{}').replace('  namespace: shop\n', '') })), []);
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}', 'shop', '      hostNetwork: true\n'), b: policy('p', '{matchLabels: {app: web}}') })), []);
    });
  });

  describe('NET052 workload-isolated-one-direction', () => {
    it('reports a selected workload whose policies do not enforce Egress (or Ingress); deny-all counts as isolated', () => {
      const res = scan({ a: deploy('api', '{app: api}'), b: policy('p', '{matchLabels: {app: api}}', 'shop', '[Ingress]') });
      assert.deepStrictEqual(summary(res), ['a:4:9 NET052']);
      assert.match(cross(res)[0].f.message, /none of them enforces Egress/);
      assert.strictEqual(cross(res)[0].f.related![0].range.start.line, 7);
      // no policyTypes and no egress rules: Ingress only
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}'), b: policy('p', '{}').replace('  policyTypes: [Ingress, Egress]\n', '') })), ['a:4:9 NET052']);
      // two policies, one per direction
      assert.deepStrictEqual(summary(scan({ a: deploy('api', '{app: api}'), b: policy('i', '{}', 'shop', '[Ingress]') + '---\n' + policy('e', '{}', 'shop', '[Egress]') })), []);
    });
  });

  describe('NET051 dangling-service', () => {
    const svc = (sel: string, ns = 'shop', type = 'ClusterIP') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: ${ns}\nspec:\n  type: ${type}\n  selector: ${sel}\n`;
    it('reports a Service whose selector matches no workload of its namespace, naming the workloads', () => {
      const res = scan({ 's.yaml': svc('{app: apx}'), 'd.yaml': deploy('api', '{app: api}') });
      assert.deepStrictEqual(summary(res), ['s.yaml:8:3 NET051']);
      const { f } = cross(res)[0];
      assert.deepStrictEqual(f.range, { start: { line: 7, character: 2 }, end: { line: 7, character: 22 } });
      assert.strictEqual(f.related![0].file, 'd.yaml');
      assert.match(f.related![0].message, /Deployment 'api' has pod labels \{app: api\}/);
    });
    it('is silent when it matches, for ExternalName, without selector, and without workloads in the namespace (unless set explicitly)', () => {
      assert.deepStrictEqual(summary(scan({ s: svc('{app: api}'), d: deploy('api', '{app: api, v: "1"}') })), []);
      assert.deepStrictEqual(summary(scan({ s: svc('{app: apx}', 'shop', 'ExternalName'), d: deploy('api', '{app: api}') })), []);
      assert.deepStrictEqual(summary(scan({ s: svc('{app: apx}', 'other'), d: deploy('api', '{app: api}') })), []);
      assert.deepStrictEqual(summary(scan({ s: svc('{app: apx}', 'other'), d: deploy('api', '{app: api}') }, { rules: { NET051: 'warning' } })), ['s:8:3 NET051']);
    });
  });

  describe('K8S103 service-account-not-found', () => {
    const sa = (name: string, ns = 'shop') => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${ns}}\n`;
    const withSa = (name: string) => deploy('api', '{app: api}', 'shop', `      serviceAccountName: ${name}\n`);
    it('reports a ServiceAccount that is not defined where the namespace\'s other ServiceAccounts are', () => {
      const res = scan({ 'sa.yaml': sa('api') + '---\n' + sa('apii', 'other'), 'd.yaml': withSa('apii') });
      assert.deepStrictEqual(summary(res), ['d.yaml:11:27 K8S103']);
      const { f } = cross(res)[0];
      assert.match(f.message, /uses ServiceAccount 'apii', which no file of the workspace defines in namespace 'shop' \(defined there: 'api'\)/);
      assert.deepStrictEqual(f.related!.map((r) => [r.file, r.range.start.line, r.message.slice(0, 40)]), [['sa.yaml', 6, "ServiceAccount 'apii' is defined in name"], ['sa.yaml', 2, "ServiceAccount 'api' is defined here, fo"]]);
    });
    it('is silent for defined accounts, `default`, and namespaces without ServiceAccounts in the workspace', () => {
      assert.deepStrictEqual(summary(scan({ s: sa('api'), d: withSa('api') })), []);
      assert.deepStrictEqual(summary(scan({ s: sa('api'), d: withSa('default') })), []);
      assert.deepStrictEqual(summary(scan({ s: sa('api', 'other'), d: withSa('apii') })), []);
      assert.deepStrictEqual(summary(scan({ d: withSa('apii') })), []);
      assert.deepStrictEqual(summary(scan({ d: withSa('apii') }, { rules: { K8S103: 'warning' } })), ['d:11:27 K8S103']);
    });
  });

  describe('RBAC050 binding-to-dangerous-role', () => {
    const role = (kind: string, name: string, rule: string, ns = '') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}rules:\n${rule}`;
    const binding = (kind: string, refKind: string, ref: string, ns = 'shop') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n${kind === 'RoleBinding' ? `  namespace: ${ns}\n` : ''}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${refKind}\n  name: ${ref}\nsubjects:\n- {kind: ServiceAccount, name: ci, namespace: shop}\n`;
    const WILD = '- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n';
    const SECRETS = '- apiGroups: [""]\n  resources: ["secrets"]\n  verbs: ["list"]\n';
    const EXEC = '- apiGroups: [""]\n  resources: ["pods/exec"]\n  verbs: ["create"]\n';
    const VIEW = '- apiGroups: ["apps"]\n  resources: ["deployments"]\n  verbs: ["get", "list"]\n';
    it('reports the binding, at roleRef.name, naming the role and its dangerous rule in the other file', () => {
      const res = scan({ 'roles.yaml': role('ClusterRole', 'ops', WILD), 'bind.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'ops') });
      assert.deepStrictEqual(summary(res), ['bind.yaml:8:9 RBAC050']);
      const { f } = cross(res)[0];
      assert.match(f.message, /ClusterRoleBinding 'b' grants ClusterRole 'ops' \(defined in roles\.yaml\) to its subjects across the whole cluster; that role grants every verb on every resource/);
      assert.deepStrictEqual(f.related!.map((r) => [r.file, r.range.start.line, r.range.start.character]), [['roles.yaml', 6, 14]]);
    });
    it('secrets read, pods/exec via RoleBinding to a Role of the same namespace; benign roles, other namespaces and unknown roles are silent', () => {
      assert.deepStrictEqual(summary(scan({ r: role('Role', 'reader', SECRETS, 'shop'), b: binding('RoleBinding', 'Role', 'reader') })), ['b:9:9 RBAC050']);
      assert.deepStrictEqual(summary(scan({ r: role('ClusterRole', 'ex', EXEC), b: binding('RoleBinding', 'ClusterRole', 'ex') })), ['b:9:9 RBAC050']);
      assert.deepStrictEqual(summary(scan({ r: role('ClusterRole', 'v', VIEW), b: binding('RoleBinding', 'ClusterRole', 'v') })), []);
      assert.deepStrictEqual(summary(scan({ r: role('Role', 'reader', SECRETS, 'other'), b: binding('RoleBinding', 'Role', 'reader') })), []);
      assert.deepStrictEqual(summary(scan({ r: role('ClusterRole', 'v', VIEW), b: binding('RoleBinding', 'ClusterRole', 'missing') })), []);
      assert.deepStrictEqual(summary(scan({ r: role('ClusterRole', 'v', VIEW), b: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin') })), []);
    });
  });

  it('cross-resource findings honour suppressions, annotations of peers, severities and namespace exemptions', () => {
    const files = (a: string) => ({ a, b: policy('p', '{matchLabels: {app: web}}') });
    const d = deploy('api', '{app: api}');
    assert.deepStrictEqual(summary(scan(files('# palisade-ignore NET050 -- isolated by the mesh\n' + d))), []);
    assert.deepStrictEqual(summary(scan(files(d.replace('  namespace: shop\n', '  namespace: shop\n  annotations:\n    checkov.io/skip1: CKV2_K8S_6=mesh\n')))), []);
    assert.deepStrictEqual(summary(scan(files(d), { rules: { NET050: 'off' } })), []);
    assert.deepStrictEqual(summary(scan(files(d), { namespaceRules: { shop: { NET050: 'off' } } })), []);
    assert.deepStrictEqual(cross(scan(files(d), { rules: { 'workload-without-network-policy': 'error' } })).map((x) => x.f.severity), ['error']);
  });

  it('reuses the per-document cache: a second scan with one changed file re-parses only that file', () => {
    const analyzer = new Analyzer();
    const files: SourceFile[] = [{ file: 'a', text: deploy('api', '{app: api}') }, { file: 'b', text: policy('p', '{matchLabels: {app: web}}') }];
    assert.deepStrictEqual(summary(scanTexts(files, defaultSettings(), analyzer)), ['a:4:9 NET050']);
    let parsed = 0;
    const orig = analyzer.analyze.bind(analyzer);
    analyzer.analyze = (f, t, o) => { const r = orig(f, t, o); parsed += analyzer.lastParsed; return r; };
    files[1] = { file: 'b', text: policy('p', '{matchLabels: {app: api}}') };
    assert.deepStrictEqual(summary(scanTexts(files, defaultSettings(), analyzer)), []);
    assert.strictEqual(parsed, 1);
  });
});

describe('cross-resource rules (CLI)', () => {
  it('palisade scan over a directory reports cross-file findings with related locations (json and sarif)', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-x-'));
    fs.mkdirSync(path.join(d, 'apps'));
    fs.writeFileSync(path.join(d, 'apps', 'api.yaml'), deploy('api', '{app: api}'));
    fs.writeFileSync(path.join(d, 'net.yaml'), policy('web', '{matchLabels: {app: web}}'));
    let out = '';
    const io: Io = { out: (s) => { out += s; }, err: () => undefined, cwd: d, isTTY: false };
    assert.strictEqual(await main(['scan', '.', '--format', 'json'], io), 1);
    const res = JSON.parse(out).results as { file: string; findings: { ruleId: string; related?: { file: string }[] }[] }[];
    const api = res.find((r) => r.file === path.join('apps', 'api.yaml'))!;
    const net = api.findings.find((f) => f.ruleId === 'NET050');
    assert.ok(net, JSON.stringify(api.findings.map((f) => f.ruleId)));
    assert.deepStrictEqual(net!.related!.map((r) => r.file), ['net.yaml']);
    out = '';
    await main(['scan', '.', '--format', 'sarif'], io);
    const sarif = JSON.parse(out);
    const r = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'NET050');
    assert.strictEqual(r.relatedLocations[0].physicalLocation.artifactLocation.uri, 'net.yaml');
    // a single file scanned alone has no evidence: no NET050
    out = '';
    await main(['scan', 'apps/api.yaml', '--format', 'json'], io);
    assert.ok(!(JSON.parse(out).results[0].findings as { ruleId: string }[]).some((f) => f.ruleId === 'NET050'));
  });
});
