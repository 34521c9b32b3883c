/**
 * Truth tables of Kubernetes' own network policy conformance tests (test/e2e/network/netpol, see
 * fixtures/kubernetes-e2e/NOTICE): for each case, every ordered pair of pods (loopback ignored, as the
 * e2e tests do) is asked and compared with the table the e2e test expects from a real cluster.
 */
import { strict as assert } from 'assert';
import { modelOf } from '../../server/src/engine/posture/common';
import { networkOf, findEndpoint, reach, mayReach, Endpoint } from '../../server/src/engine/posture/reach';

type Peer = { ns?: string; pod?: string };
class Reachability {
  private m = new Map<string, boolean>();
  constructor(readonly pods: string[]) { for (const a of pods) for (const b of pods) this.m.set(`${a}>${b}`, true); }
  private match(p: Peer, s: string) { const [ns, pod] = s.split('/'); return (!p.ns || p.ns === ns) && (!p.pod || p.pod === pod); }
  expectPeer(from: Peer, to: Peer, v: boolean) { for (const a of this.pods) for (const b of this.pods) if (this.match(from, a) && this.match(to, b)) this.m.set(`${a}>${b}`, v); return this; }
  expectAllIngress(to: string, v: boolean) { for (const a of this.pods) this.m.set(`${a}>${to}`, v); return this; }
  expect(from: string, to: string, v: boolean) { this.m.set(`${from}>${to}`, v); return this; }
  get(a: string, b: string) { return this.m.get(`${a}>${b}`)!; }
}

function podYaml(s: string): string {
  const [ns, name] = s.split('/');
  const ports = [80, 81].flatMap((p) => ['TCP', 'UDP'].map((proto) => `    - {containerPort: ${p}, name: serve-${p}-${proto.toLowerCase()}, protocol: ${proto}}`)).join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "${name}"\n  namespace: "${ns}"\n  labels: {pod: "${name}"}\nspec:\n  containers:\n  - name: c\n    image: registry.k8s.io/e2e-test-images/agnhost:2.53\n    ports:\n${ports}\n`;
}
const np = (ns: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: "${ns}"\nspec:\n${spec}`;
const podA = '  podSelector:\n    matchLabels: {pod: a}\n';

function check(pods: string[], policies: string[], port: number, want: Reachability): void {
  const files = [...pods.map((p, i) => ({ file: `pod${i}.yaml`, text: podYaml(p) })), ...policies.map((t, i) => ({ file: `np${i}.yaml`, text: t }))];
  const { model, problems } = modelOf(files);
  assert.deepEqual(problems, []);
  const net = networkOf(model);
  const ep = (s: string) => findEndpoint(net, s) as Endpoint;
  const wrong: string[] = [];
  for (const a of pods) for (const b of pods) {
    if (a === b) continue; // ignoreLoopback
    const got = reach(net, ep(a), ep(b), { port, protocol: 'TCP' });
    assert.deepEqual(got.problems, []);
    if (got.allowed) assert.equal(mayReach(net, ep(a), ep(b)), true, `mayReach is a necessary condition: ${a} -> ${b}`);
    if (got.allowed !== want.get(a, b)) wrong.push(`${a} -> ${b}:${port} is ${got.allowed ? 'allowed' : 'denied'}, the e2e table says ${want.get(a, b) ? 'allowed' : 'denied'}`);
  }
  assert.deepEqual(wrong, []);
}

describe('posture: reach, Kubernetes network policy e2e truth tables', () => {
  it("should support a 'default-deny-ingress' policy", () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b'];
    check(pods, [np('x', 'deny-ingress', '  podSelector: {}\n  ingress: []\n  policyTypes: [Ingress]\n')], 80, new Reachability(pods).expectPeer({}, { ns: 'x' }, false));
  });
  it("should support a 'default-deny-all' policy", () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    check(pods, [np('x', 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n')], 80,
      new Reachability(pods).expectPeer({}, { ns: 'x' }, false).expectPeer({ ns: 'x' }, {}, false));
  });
  it('should enforce policy to allow traffic from pods within server namespace based on PodSelector', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    check(pods, [np('x', 'x-a-allows-x-b', `${podA}  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {pod: b}\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true));
  });
  it('should enforce policy to allow ingress traffic for a target', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    check(pods, [np('x', 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress]\n'), np('x', 'allow-all-to-a', `${podA}  ingress:\n  - from:\n    - podSelector: {}\n      namespaceSelector: {}\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectAllIngress('x/a', true).expectAllIngress('x/b', false));
  });
  it('should enforce policy to allow ingress traffic from pods in all namespaces', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    check(pods, [np('x', 'allow-from-another-ns', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {}\n  policyTypes: [Ingress]\n`)], 80, new Reachability(pods));
  });
  it('should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    check(pods, [np('x', 'allow-client-a-via-ns-selector', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: "y"}\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false));
  });
  it('should enforce policy based on PodSelector with MatchExpressions', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    check(pods, [np('x', 'x-a-allows-x-b', `${podA}  ingress:\n  - from:\n    - podSelector:\n        matchExpressions: [{key: pod, operator: In, values: [b]}]\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true));
  });
  it('should enforce policy based on NamespaceSelector with MatchExpressions', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    check(pods, [np('x', 'allow-ns-y-match-selector', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: ["y"]}]\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false));
  });
  it('should enforce policy based on PodSelector or NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'x/c', 'y/a'];
    check(pods, [np('x', 'allow-ns-y-match-selector', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: ["x"]}]\n    - podSelector:\n        matchLabels: {pod: b}\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expect('x/a', 'x/a', false).expect('x/c', 'x/a', false));
  });
  it('should enforce policy based on PodSelector and NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/b'];
    check(pods, [np('x', 'allow-ns-y-podselector-and-nsselector', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: ["x"]}]\n      podSelector:\n        matchLabels: {pod: b}\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true));
  });
  it('should enforce policy based on Multiple PodSelectors and NamespaceSelectors', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'y/c'];
    check(pods, [np('x', 'allow-ns-y-z-pod-b-c', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: ["x"]}]\n      podSelector:\n        matchExpressions: [{key: pod, operator: In, values: [b, c]}]\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expect('y/a', 'x/a', false));
  });
  it('should enforce policy based on any PodSelectors', () => {
    const pods = ['x/a', 'x/b', 'x/c'];
    check(pods, [np('x', 'allow-ns-x-pod-b-c', `${podA}  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {pod: b}\n    - podSelector:\n        matchLabels: {pod: c}\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectAllIngress('x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true));
  });
  it('should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    check(pods, [np('x', 'allow-ns-y-pod-a-via-namespace-pod-selector', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: "y"}\n      podSelector:\n        matchLabels: {pod: a}\n  policyTypes: [Ingress]\n`)], 80,
      new Reachability(pods).expectAllIngress('x/a', false).expect('y/a', 'x/a', true));
  });
  const port81 = np('x', 'allow-client-a-via-ns-selector', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: "y"}\n    ports:\n    - {port: 81, protocol: TCP}\n  policyTypes: [Ingress]\n`);
  const allowYtoA = (pods: string[]) => new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'y' }, { ns: 'x', pod: 'a' }, true).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
  it('should enforce policy based on Ports', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    check(pods, [port81], 81, allowYtoA(pods));
  });
  it('should enforce multiple, stacked policies with overlapping podSelectors', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
    check(pods, [port81], 81, allowYtoA(pods));
    check(pods, [port81], 80, new Reachability(pods).expectAllIngress('x/a', false));
    const port80 = np('x', 'allow-client-a-via-ns-selector-80', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: "y"}\n    ports:\n    - {port: 80, protocol: TCP}\n  policyTypes: [Ingress]\n`);
    check(pods, [port81, port80], 80, allowYtoA(pods));
  });
  it('should support allow-all policy', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const p = [np('x', 'allow-all', '  podSelector:\n    matchLabels: {}\n  ingress:\n  - {}\n  policyTypes: [Ingress]\n')];
    check(pods, p, 80, new Reachability(pods));
    check(pods, p, 81, new Reachability(pods));
  });
  it('should allow ingress access on one named port', () => {
    const pods = ['x/a', 'x/b', 'y/a'];
    const p = [np('x', 'allow-all', '  podSelector:\n    matchLabels: {}\n  ingress:\n  - ports:\n    - port: serve-81-tcp\n  policyTypes: [Ingress]\n')];
    check(pods, p, 81, new Reachability(pods));
    check(pods, p, 80, new Reachability(pods).expectPeer({}, { ns: 'x' }, false));
  });
  it('should allow ingress access from namespace on one named port', () => {
    const pods = ['x/a', 'x/b', 'y/a', 'z/a'];
    const p = [np('x', 'allow-client-a-via-ns-selector-80', `${podA}  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {kubernetes.io/metadata.name: "y"}\n    ports:\n    - {port: serve-80-tcp, protocol: TCP}\n  policyTypes: [Ingress]\n`)];
    check(pods, p, 80, new Reachability(pods).expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false));
    check(pods, p, 81, new Reachability(pods).expectAllIngress('x/a', false));
  });
  it('should allow egress access on one named port', () => {
    const pods = ['x/a', 'y/a'];
    const p = [np('x', 'allow-egress', '  podSelector:\n    matchLabels: {}\n  egress:\n  - ports:\n    - port: serve-80-tcp\n  policyTypes: [Egress]\n')];
    check(pods, p, 80, new Reachability(pods));
    check(pods, p, 81, new Reachability(pods).expectPeer({ ns: 'x' }, {}, false));
  });
});
