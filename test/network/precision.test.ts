/** Issue #20: network rule precision on real repositories (cross-resource, over several files as the CLI scans them). */
import * as assert from 'assert';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

function ids(files: Record<string, string>, rule: string): string[] {
  const res = scanTexts(Object.entries(files).map(([file, text]) => ({ file, text })), defaultSettings());
  return res.flatMap((r) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${r.file}:${f.range.start.line + 1} ${f.message}`));
}

const deploy = (name: string, labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: monitoring
spec:
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
      - name: app
        image: nginx:1.25
`;
const svc = (name: string, selector: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: monitoring
spec:
  ports: [{port: 9090}]
  selector: ${selector}
`;

describe('NET051 precision (#20)', () => {
  it('is silent for a Service selecting the pods an operator creates from a Prometheus resource of the namespace (kube-prometheus)', () => {
    const prom = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: monitoring
  labels:
    app.kubernetes.io/name: prometheus
    app.kubernetes.io/part-of: kube-prometheus
spec:
  podMetadata:
    labels:
      app.kubernetes.io/component: prometheus
`;
    const sel = '{app.kubernetes.io/component: prometheus, app.kubernetes.io/instance: k8s, app.kubernetes.io/name: prometheus, app.kubernetes.io/part-of: kube-prometheus, prometheus: k8s}';
    assert.deepStrictEqual(ids({ 'prometheus.yaml': prom, 'svc.yaml': svc('prometheus-k8s', sel), 'grafana.yaml': deploy('grafana', '{app: grafana}') }, 'NET051'), []);
    // without the custom resource the same selector matches nothing: the rule still speaks
    assert.strictEqual(ids({ 'svc.yaml': svc('prometheus-k8s', sel), 'grafana.yaml': deploy('grafana', '{app: grafana}') }, 'NET051').length, 1);
  });

  it('still reports a selector the custom resource cannot explain (a typo)', () => {
    const am = `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
  namespace: monitoring
`;
    const got = ids({ 'am.yaml': am, 'svc.yaml': svc('alertmanager-main', '{alertmanager: main}'), 'typo.yaml': svc('web', '{app: wbe}'), 'd.yaml': deploy('web', '{app: web}') }, 'NET051');
    assert.deepStrictEqual(got.map((x) => x.split(' ')[0]), ['typo.yaml:8']);
  });

  it('is silent for a selector on a label Kubernetes adds itself (statefulset.kubernetes.io/pod-name)', () => {
    assert.deepStrictEqual(ids({ 'svc.yaml': svc('web-0', '{statefulset.kubernetes.io/pod-name: web-0}'), 'd.yaml': deploy('web', '{app: web}') }, 'NET051'), []);
  });
});

describe('NET053 namespace-without-network-policy (#20)', () => {
  const dep = (name: string, ns: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${extra}      containers:
      - name: app
        image: nginx:1.25
`;
  const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
  it('speaks once per namespace the scan defines, on the Namespace, as information, relating its workloads', () => {
    const res = scanTexts([{ file: 'ns.yaml', text: ns('shop') + '---\n' + ns('batch') }, { file: 'a.yaml', text: dep('api', 'shop') + '---\n' + dep('web', 'shop') }, { file: 'b.yaml', text: dep('job', 'batch') }], defaultSettings());
    const f = res.flatMap((r) => r.findings.filter((x) => x.ruleId === 'NET053').map((x) => ({ file: r.file, x })));
    assert.deepStrictEqual(f.map(({ file, x }) => `${file}:${x.range.start.line + 1} ${x.severity}`), ['ns.yaml:4 info', 'ns.yaml:9 info']);
    assert.match(f[0].x.message, /Namespace 'shop' has 2 workload\(s\) in the workspace and no NetworkPolicy at all/);
    assert.deepStrictEqual(f[0].x.related?.map((r) => r.file), ['a.yaml', 'a.yaml']);
  });
  it('does not judge namespaces the scan does not define (a lone manifest, a snippet)', () => {
    assert.deepStrictEqual(ids({ 'a.yaml': dep('api', 'shop') }, 'NET053'), []);
  });
  it('is silent once any NetworkPolicy exists (NET050 judges then), for hostNetwork pods and kube-system', () => {
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: other\nspec:\n  podSelector: {}\n';
    assert.deepStrictEqual(ids({ 'n.yaml': ns('shop'), 'a.yaml': dep('api', 'shop'), 'p.yaml': policy }, 'NET053'), []);
    assert.deepStrictEqual(ids({ 'n.yaml': ns('shop') + '---\n' + ns('kube-system'), 'a.yaml': dep('agent', 'shop', '      hostNetwork: true\n'), 'b.yaml': dep('dns', 'kube-system') }, 'NET053'), []);
  });
  it('is silent when NET050 is set explicitly (it then reports each workload)', () => {
    const res = scanTexts([{ file: 'n.yaml', text: ns('shop') }, { file: 'a.yaml', text: dep('api', 'shop') }], { ...defaultSettings(), rules: { NET050: 'warning' } });
    assert.deepStrictEqual(res.flatMap((r) => r.findings.map((f) => f.ruleId)).filter((id) => id.startsWith('NET05')), ['NET050']);
  });
});

describe('NetworkPolicy policyTypes default (Kubernetes defaults.go)', () => {
  it('`egress: []` without policyTypes does not isolate egress (NET052 still reports the missing Egress)', () => {
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: c, image: x}]\n';
    const pol = (extra: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: []\n${extra}`;
    const net052 = (extra: string) => scanTexts([{ file: 'd.yaml', text: deploy }, { file: 'p.yaml', text: pol(extra) }], { ...defaultSettings(), profile: 'strict' }).flatMap((r) => r.findings).filter((f) => f.ruleId === 'NET052').length;
    assert.strictEqual(net052('  egress: []\n'), 1, 'an empty egress list is no egress rule: Egress is not in force');
    assert.strictEqual(net052('  egress: [{to: [{podSelector: {}}]}]\n'), 0, 'an egress rule puts Egress in force');
    assert.strictEqual(net052('  policyTypes: [Ingress, Egress]\n'), 0);
  });
});
