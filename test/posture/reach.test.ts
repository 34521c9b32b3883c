import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { modelOf } from '../../server/src/engine/posture/common';
import { networkOf, findEndpoint, reach, parsePort, Endpoint, Network, Proto } from '../../server/src/engine/posture/reach';
import { parseIp, parseCidr, someAddressIn, everyAddressIn } from '../../server/src/engine/posture/ip';

const FIX = path.join(__dirname, 'fixtures');
const fixture = (p: string) => ({ file: p, text: fs.readFileSync(path.join(FIX, p), 'utf8') });

/** A Pod in `ns` with labels, named container ports ("name:port[/PROTO]" or "port") and maybe an address. */
function pod(ns: string, name: string, labels: Record<string, string>, ports: string[] = [], ip?: string): { file: string; text: string } {
  const l = Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n');
  const p = ports.map((s) => {
    const m = /^(?:([a-z-]+):)?(\d+)(?:\/(\w+))?$/.exec(s)!;
    return `    - containerPort: ${m[2]}${m[1] ? `\n      name: ${m[1]}` : ''}${m[3] ? `\n      protocol: ${m[3]}` : ''}`;
  }).join('\n');
  return {
    file: `pods/${ns}-${name}.yaml`,
    text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "${name}"\n  namespace: "${ns}"\n${l ? `  labels:\n${l}\n` : ''}spec:\n  containers:\n  - name: c\n    image: registry.example/app:1\n${p ? `    ports:\n${p}\n` : ''}${ip ? `status:\n  podIP: ${ip}\n` : ''}`,
  };
}
function namespace(name: string, labels: Record<string, string>): { file: string; text: string } {
  const l = Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n');
  return { file: `ns-${name}.yaml`, text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "${name}"\n${l ? `  labels:\n${l}\n` : ''}` };
}
function world(files: { file: string; text: string }[]): Network {
  const { model, problems } = modelOf(files);
  assert.deepEqual(problems, []);
  return networkOf(model);
}
function ep(net: Network, s: string): Endpoint {
  const e = findEndpoint(net, s);
  if ('error' in e) throw new Error(e.error);
  return e;
}
function ask(net: Network, from: string, to: string, port?: number | string, protocol: Proto = 'TCP') {
  const t = ep(net, to);
  let p: { port: number; protocol: Proto } | undefined;
  if (typeof port === 'number') p = { port, protocol };
  else if (typeof port === 'string') { const r = parsePort(port, t); if ('error' in r) throw new Error(r.error); p = r; }
  return reach(net, ep(net, from), t, p);
}

describe('posture: addresses', () => {
  it('parses IPv4, IPv6 (with ::, embedded IPv4) and rejects malformed ones', () => {
    assert.equal(parseIp('10.1.2.3')?.n, 0x0a010203n);
    assert.equal(parseIp('::1')?.n, 1n);
    assert.equal(parseIp('::ffff:1.2.3.4')?.n, 0xffff01020304n);
    assert.equal(parseIp('2001:db8::')?.n, 0x20010db8n << 96n);
    assert.equal(parseIp('1:2:3:4:5:6:7:8')?.n, 0x00010002000300040005000600070008n);
    for (const bad of ['256.1.1.1', '1.2.3', '1::2::3', '1:2:3:4:5:6:7:8:9', '010.1.1.1', 'fe80::1%eth0', '12345::']) assert.equal(parseIp(bad), undefined, bad);
  });
  it('CIDR ranges ignore host bits, and except carves addresses out', () => {
    const c = parseCidr('192.168.242.213/24')!;
    assert.equal(c.lo, parseIp('192.168.242.0')!.n);
    assert.equal(c.hi, parseIp('192.168.242.255')!.n);
    const all = parseCidr('172.17.0.0/16')!, ex = [parseCidr('172.17.1.0/24')!];
    assert.equal(someAddressIn(parseCidr('172.17.1.0/24')!, all, ex), false);
    assert.equal(someAddressIn(parseCidr('172.17.0.0/23')!, all, ex), true);
    assert.equal(everyAddressIn(parseCidr('172.17.0.0/23')!, all, ex), false);
    assert.equal(someAddressIn(parseCidr('0.0.0.0/0')!, all, [parseCidr('172.17.0.0/17')!, parseCidr('172.17.128.0/17')!]), false);
    assert.equal(someAddressIn(parseCidr('2001:db8::/32')!, all, []), false, 'families never mix');
  });
});

describe('posture: reach, Kubernetes documentation examples', () => {
  const base = () => [
    fixture('kubernetes-website/networkpolicy.yaml'),
    pod('default', 'db', { role: 'db' }, ['redis:6379']),
    pod('default', 'frontend', { role: 'frontend' }),
    pod('default', 'other', { role: 'other' }),
    pod('elsewhere', 'frontend', { role: 'frontend' }),
    namespace('myproj', { project: 'myproject' }),
    pod('myproj', 'anything', { app: 'x' }),
  ];

  it('test-network-policy: frontend pods of the namespace reach db on 6379/TCP only', () => {
    const net = world(base());
    const a = ask(net, 'default/frontend', 'default/db', 6379);
    assert.equal(a.allowed, true);
    assert.deepEqual(a.ingress?.grants.map((g) => [g.policy, g.direction, g.rule, g.ports]), [['default/test-network-policy', 'Ingress', 0, ['6379/TCP']]]);
    assert.equal(a.egress?.isolated, false, 'frontend is selected by no policy: its egress is open');
    // click-through: the rule is line 14 (0-based 13) of the documentation's file
    assert.equal(a.ingress?.grants[0].where.file, 'kubernetes-website/networkpolicy.yaml');
    assert.equal(a.ingress?.grants[0].where.range.start.line, 13);
    assert.equal(ask(net, 'default/frontend', 'default/db', 6380).allowed, false);
    assert.equal(ask(net, 'default/frontend', 'default/db', 6379, 'UDP').allowed, false);
    assert.equal(ask(net, 'default/frontend', 'default/db', 'redis').allowed, true, 'a port asked by name');
    assert.deepEqual(ask(net, 'default/frontend', 'default/db').ports, ['6379/TCP']);
  });
  it('podSelector alone is the policy\'s namespace; namespaceSelector alone is every pod of the selected namespaces', () => {
    const net = world(base());
    assert.equal(ask(net, 'default/other', 'default/db', 6379).allowed, false);
    assert.equal(ask(net, 'elsewhere/frontend', 'default/db', 6379).allowed, false);
    assert.equal(ask(net, 'myproj/anything', 'default/db', 6379).allowed, true);
  });
  it('ipBlock with except, for one address and for CIDRs (allowed when some address is)', () => {
    const net = world(base());
    assert.equal(ask(net, '172.17.0.5', 'default/db', 6379).allowed, true);
    assert.equal(ask(net, '172.17.1.5', 'default/db', 6379).allowed, false);
    assert.equal(ask(net, '10.1.1.1', 'default/db', 6379).allowed, false);
    assert.equal(ask(net, '172.17.1.0/24', 'default/db', 6379).allowed, false);
    assert.equal(ask(net, '172.17.0.0/23', 'default/db', 6379).allowed, true);
    assert.equal(ask(net, '0.0.0.0/0', 'default/db', 6379).allowed, true);
  });
  it('egress of db: to 10.0.0.0/24 on 5978/TCP only, and nowhere else (not even to frontend)', () => {
    const net = world(base());
    assert.equal(ask(net, 'default/db', '10.0.0.7', 5978).allowed, true);
    assert.equal(ask(net, 'default/db', '10.0.0.7', 5979).allowed, false);
    assert.equal(ask(net, 'default/db', '10.0.1.7', 5978).allowed, false);
    const a = ask(net, 'default/db', 'default/frontend', 5978);
    assert.equal(a.allowed, false);
    assert.equal(a.egress?.isolated, true);
    assert.equal(a.ingress?.isolated, false);
  });
  it('multi-port-egress: endPort makes a range', () => {
    const net = world([fixture('kubernetes-website/networkpolicy-multiport-egress.yaml'), pod('default', 'db', { role: 'db' })]);
    assert.equal(ask(net, 'default/db', '10.0.0.1', 32000).allowed, true);
    assert.equal(ask(net, 'default/db', '10.0.0.1', 32768).allowed, true);
    assert.equal(ask(net, 'default/db', '10.0.0.1', 32769).allowed, false);
    assert.equal(ask(net, 'default/db', '10.0.0.1', 31999).allowed, false);
    assert.deepEqual(ask(net, 'default/db', '10.0.0.1').ports, ['32000-32768/TCP']);
  });
  it('default deny ingress / egress, allow all, and both directions required', () => {
    const pods = [pod('default', 'a', { app: 'a' }), pod('default', 'b', { app: 'b' }), pod('prod', 'c', { app: 'c' })];
    let net = world([fixture('kubernetes-website/network-policy-default-deny-ingress.yaml'), ...pods]);
    assert.equal(ask(net, 'default/a', 'default/b', 80).allowed, false);
    assert.equal(ask(net, 'default/a', 'prod/c', 80).allowed, true, 'the policy has no namespace: it is in default only');
    assert.equal(ask(net, '8.8.8.8', 'default/b', 80).allowed, false);
    net = world([fixture('kubernetes-website/network-policy-default-deny-egress.yaml'), ...pods]);
    assert.equal(ask(net, 'default/a', 'prod/c', 80).allowed, false);
    assert.equal(ask(net, 'prod/c', 'default/a', 80).allowed, true);
    net = world([fixture('kubernetes-website/network-policy-allow-all-egress-deny-all-ingress.yaml'), ...pods]);
    assert.equal(ask(net, 'default/a', 'prod/c', 443).allowed, true);
    assert.equal(ask(net, 'default/a', 'default/b', 443).allowed, false, 'egress allowed, ingress of b denied');
    net = world([fixture('kubernetes-website/network-policy-default-deny-ingress.yaml'), fixture('kubernetes-website/network-policy-allow-all-ingress.yaml'), ...pods]);
    const a = ask(net, 'default/a', 'default/b', 80);
    assert.equal(a.allowed, true, 'policies add up: allow-all-ingress opens what default-deny closed');
    assert.deepEqual(a.ingress?.selectedBy.map((s) => s.policy), ['default/default-deny-ingress', 'default/allow-all-ingress']);
    assert.deepEqual(a.ingress?.grants.map((g) => g.policy), ['default/allow-all-ingress']);
  });
});

describe('posture: reach, policy-assistant (cyclonus) cases of kubernetes-sigs/network-policy-api', () => {
  it('allowing SCTP implicitly denies TCP, from pods and from addresses', () => {
    const net = world([fixture('network-policy-api/allow-all-on-sctp.yaml'), pod('y', 'src', {}), pod('x', 'dst', {})]);
    assert.equal(ask(net, 'y/src', 'x/dst', 103, 'TCP').allowed, false);
    assert.equal(ask(net, 'y/src', 'x/dst', 103, 'SCTP').allowed, true);
    assert.equal(ask(net, '1.2.3.4', 'x/dst', 103, 'TCP').allowed, false);
    assert.equal(ask(net, '1.2.3.4', 'x/dst', 103, 'SCTP').allowed, true);
    assert.deepEqual(ask(net, 'y/src', 'x/dst').ports, ['SCTP (all ports)']);
  });
  it('egress to ips: a pod address in the ipBlock is allowed on 80/TCP', () => {
    const net = world([fixture('network-policy-api/vary-egress.yaml'), namespace('x', { ns: 'x' }), namespace('y', { ns: 'y' }),
      pod('x', 'a', { pod: 'a' }), pod('y', 'b', { pod: 'b' }, [], '192.168.242.249'), pod('y', 'b2', { pod: 'b' })]);
    assert.equal(ask(net, 'x/a', 'y/b', 80).allowed, true);
    assert.equal(ask(net, 'x/a', 'y/b', 81).allowed, false);
    assert.equal(ask(net, 'x/a', 'y/b2', 80).allowed, false, 'without a known address, only selectors match');
    assert.equal(ask(net, 'x/a', 'y/b2', 53, 'UDP').allowed, true, 'the second rule has no `to`: any destination');
  });
  it('ingress to a named port: resolved against the target pod\'s container ports', () => {
    const net = world([fixture('network-policy-api/named-port.yaml'), pod('x', 'a', { pod: 'a' }, ['port-hello:8080', 'other:9090']), pod('x', 'nameless', { pod: 'a' }, ['8080'])]);
    assert.equal(ask(net, '1.2.3.4', 'x/a', 'port-hello').allowed, true);
    assert.equal(ask(net, '1.2.3.4', 'x/a', 8080).allowed, true);
    assert.equal(ask(net, '1.2.3.4', 'x/a', 9090).allowed, false);
    assert.equal(ask(net, '1.2.3.4', 'x/nameless', 8080).allowed, false, 'no container port of that name: the rule allows nothing');
  });
});

describe('posture: reach, the rest of the semantics', () => {
  const policy = (ns: string, name: string, spec: string) => ({ file: `np-${name}.yaml`, text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}` });

  it('policyTypes default: Ingress always, Egress only when egress has rules', () => {
    const pods = [pod('default', 'a', { app: 'a' }), pod('default', 'b', { app: 'b' })];
    let net = world([policy('default', 'p', '  podSelector: {}\n  egress: []\n'), ...pods]);
    let r = ask(net, 'default/a', 'default/b', 80);
    assert.equal(r.egress?.isolated, false);
    assert.equal(r.ingress?.isolated, true);
    net = world([policy('default', 'p', '  podSelector: {}\n  egress:\n  - ports:\n    - port: 53\n      protocol: UDP\n'), ...pods]);
    r = ask(net, 'default/a', '9.9.9.9', 443);
    assert.equal(r.egress?.isolated, true);
    assert.equal(r.allowed, false);
    assert.equal(ask(net, 'default/a', '9.9.9.9', 53, 'UDP').allowed, true);
    // listed policyTypes win: ingress rules of an Egress-only policy are ignored
    net = world([policy('default', 'p', '  podSelector: {}\n  policyTypes: [Egress]\n  ingress:\n  - {}\n'), ...pods]);
    r = ask(net, 'default/a', 'default/b', 80);
    assert.equal(r.ingress?.isolated, false);
    assert.equal(r.egress?.isolated, true);
    assert.equal(r.allowed, false);
  });
  it('namespaceSelector and podSelector in one peer (AND) versus two peers (OR); kubernetes.io/metadata.name', () => {
    const pods = [namespace('alice', { user: 'alice' }), pod('alice', 'client', { role: 'client' }), pod('alice', 'web', { role: 'web' }),
      pod('bob', 'client', { role: 'client' }), pod('default', 'db', { app: 'db' }), pod('my-namespace', 'x', {})];
    const and = '  podSelector:\n    matchLabels: {app: db}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels: {user: alice}\n      podSelector:\n        matchLabels: {role: client}\n';
    let net = world([policy('default', 'and', and), ...pods]);
    assert.equal(ask(net, 'alice/client', 'default/db', 5432).allowed, true);
    assert.equal(ask(net, 'alice/web', 'default/db', 5432).allowed, false);
    assert.equal(ask(net, 'bob/client', 'default/db', 5432).allowed, false);
    const or = and.replace('      podSelector:', '    - podSelector:');
    net = world([policy('default', 'or', or), ...pods]);
    assert.equal(ask(net, 'alice/web', 'default/db', 5432).allowed, true, 'any pod of alice');
    assert.equal(ask(net, 'bob/client', 'default/db', 5432).allowed, false, 'podSelector alone: clients of default only');
    const byName = '  podSelector:\n    matchLabels: {app: db}\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchExpressions:\n        - {key: kubernetes.io/metadata.name, operator: In, values: [my-namespace]}\n';
    net = world([policy('default', 'byname', byName), ...pods]);
    const r = ask(net, 'my-namespace/x', 'default/db', 5432);
    assert.equal(r.allowed, true, 'the implicit label, without a Namespace object');
    assert.match(r.notes.join('\n'), /no Namespace object/);
    assert.equal(ask(net, 'alice/client', 'default/db', 5432).allowed, false);
  });
  it('IPv6 ipBlock with except; ports entry without port is every port of its protocol', () => {
    const spec = '  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 2001:db8::/32\n        except: [2001:db8:1::/48]\n    ports:\n    - protocol: UDP\n';
    const net = world([policy('default', 'v6', spec), pod('default', 'a', {})]);
    assert.equal(ask(net, '2001:db8:2::5', 'default/a', 5353, 'UDP').allowed, true);
    assert.equal(ask(net, '2001:db8:1::5', 'default/a', 5353, 'UDP').allowed, false);
    assert.equal(ask(net, '2001:db8:2::5', 'default/a', 5353, 'TCP').allowed, false);
    assert.equal(ask(net, '10.0.0.1', 'default/a', 5353, 'UDP').allowed, false);
  });
  it('what cannot be read is a problem in the answer, not a silent guess', () => {
    const spec = '  podSelector:\n    matchExpressions:\n    - {key: app, operator: Equals, values: [a]}\n  ingress:\n  - from:\n    - {}\n    - ipBlock: {cidr: 10.0.0.0/33}\n    ports:\n    - port: "80"\n';
    const net = world([policy('default', 'bad', spec), pod('default', 'a', { app: 'a' })]);
    const r = ask(net, '10.0.0.1', 'default/a', 80);
    const msgs = r.problems.map((p) => p.message).join('\n');
    assert.match(msgs, /operator 'Equals'/);
    assert.match(msgs, /names no peer/);
    assert.match(msgs, /10\.0\.0\.0\/33' is not a CIDR/);
    assert.match(msgs, /port '80' is neither/);
    assert.equal(r.problems[0].where?.file, 'np-bad.yaml');
    const net2 = world([policy('default', 'badport', '  podSelector: {}\n  ingress:\n  - ports:\n    - port: "80"\n    - {port: 90, endPort: 85}\n    - {port: 95, protocol: ICMP}\n'), pod('default', 'a', {})]);
    for (const port of [80, 85, 90, 95, 1000]) assert.equal(ask(net2, '10.0.0.1', 'default/a', port).allowed, false, `an entry the API server rejects allows nothing (not every port): ${port}`);
    assert.equal(ask(net2, '10.0.0.1', 'default/a', 80).problems.length, 3);
  });
  it('workloads are endpoints by their pod template labels; ambiguous and unknown names are errors', () => {
    const dep = { file: 'dep.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n        - {name: http, containerPort: 8080}\n' };
    const sts = { file: 'sts.yaml', text: dep.text.replace('Deployment', 'StatefulSet') };
    const net = world([dep, sts, policy('prod', 'api', '  podSelector:\n    matchLabels: {app: api}\n  ingress:\n  - ports:\n    - port: http\n')]);
    assert.match((findEndpoint(net, 'prod/api') as { error: string }).error, /names 2 objects/);
    assert.match((findEndpoint(net, 'prod/nope') as { error: string }).error, /no workload or pod 'prod\/nope'/);
    assert.equal(ask(net, '1.1.1.1', 'prod/Deployment/api', 8080).allowed, true);
    assert.equal(ask(net, '1.1.1.1', 'prod/Deployment/api', 8081).allowed, false);
  });
});
