/**
 * Who can reach whom: Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), evaluated exactly
 * over the pods, workloads and namespaces of a workspace model.
 *
 * - A pod is isolated in a direction when a policy of its namespace selects it (`spec.podSelector`)
 *   with that direction in its `policyTypes`; a pod no policy selects allows everything that way.
 * - `policyTypes` absent: Ingress, plus Egress when `spec.egress` has rules (the API server's defaulting).
 * - A rule allows a peer when `from`/`to` is absent or empty, or one of its peers matches:
 *   `podSelector` alone (pods of the policy's namespace), `namespaceSelector` alone (every pod of the
 *   namespaces it selects, by their labels, `kubernetes.io/metadata.name` included), both (pods it
 *   selects in namespaces it selects), `ipBlock` (addresses in `cidr` and in no `except`; IPv4 and IPv6).
 * - and the port: `ports` absent or empty is every port; an entry without `port` is every port of its
 *   protocol (TCP by default); `port`..`endPort` is a range; a named port is the target pod's container
 *   port of that name and protocol.
 * - Traffic from A to B is allowed iff A's egress allows it to B and B's ingress allows it from A.
 *
 * Pure: reads only the objects given.
 */
import type { WorkspaceModel, WorkspaceObject } from '../rule';
import { podSpecOf } from '../k8s/model';
import { labelsOf, parseSelector, selectorMatches, Selector } from '../rules/shared/workspace';
import type { YView } from '../yaml/nodes';
import { IpRange, parseCidr, parseIpOrCidr, someAddressIn } from './ip';
import { Problem, Where, whereOf } from './common';

export type Proto = 'TCP' | 'UDP' | 'SCTP';
const PROTOS: Proto[] = ['TCP', 'UDP', 'SCTP'];
export type Direction = 'Ingress' | 'Egress';
const METADATA_NAME = 'kubernetes.io/metadata.name';

export interface ContainerPort { name?: string; port: number; protocol: Proto }

/** A pod (or the pods of a workload) or addresses outside the cluster. */
export type Endpoint =
  | { kind: 'pod'; namespace: string; name: string; labels: Record<string, string>; ports: ContainerPort[]; ip?: IpRange; hostNetwork?: boolean; w?: WorkspaceObject }
  | { kind: 'ip'; range: IpRange; text: string };

interface Peer { index: number; pod?: Selector; ns?: Selector; ipBlock?: { cidr: IpRange; except: IpRange[] } }
/** `invalid`: the API server rejects the entry; it allows nothing here (and the policy's problems say so). */
interface PolicyPort { protocol: Proto; port?: number | string; endPort?: number; invalid?: boolean }
interface PolicyRule { index: number; peers: Peer[] | null; ports: PolicyPort[] | null; where: Where }
export interface NetPolicy {
  w: WorkspaceObject; namespace: string; name: string; selector: Selector; types: Set<Direction>;
  ingress: PolicyRule[]; egress: PolicyRule[]; problems: Problem[]; where: Where;
}

export interface Network {
  policies: NetPolicy[];
  pods: Endpoint[];
  /** Labels of each namespace named by a Namespace object (with `kubernetes.io/metadata.name`). */
  namespaces: Map<string, Record<string, string>>;
  /** Policy objects of other engines (Cilium, Calico, AdminNetworkPolicy): NetworkPolicies alone do not decide. */
  otherEngines: WorkspaceObject[];
}

// ------------------------------------------------------------------ reading the model

export function networkOf(model: WorkspaceModel): Network {
  const net: Network = { policies: [], pods: [], namespaces: new Map(), otherEngines: [] };
  for (const w of model.objects) {
    const o = w.obj;
    if (o.kind === 'Namespace' && o.apiVersion === 'v1' && o.name) {
      const labels = labelsOf(o.view.at('metadata', 'labels'));
      labels[METADATA_NAME] = o.name; // set by the API server (NamespaceDefaultLabelName), whatever the manifest says
      net.namespaces.set(o.name, labels);
    } else if (o.kind === 'NetworkPolicy' && /^networking\.k8s\.io\/v1$/.test(o.apiVersion)) {
      net.policies.push(readPolicy(w));
    } else if (/^(CiliumNetworkPolicy|CiliumClusterwideNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy|ClusterNetworkPolicy)$/.test(o.kind)
      || (/^(crd\.)?projectcalico\.org\//.test(o.apiVersion) && /NetworkPolicy$/.test(o.kind))) {
      net.otherEngines.push(w);
    } else {
      const pod = podSpecOf(o);
      if (pod) net.pods.push(podEndpoint(w));
    }
  }
  return net;
}

function podEndpoint(w: WorkspaceObject): Endpoint & { kind: 'pod' } {
  const pod = podSpecOf(w.obj)!;
  const ports: ContainerPort[] = [];
  for (const c of pod.containers) {
    if (c.kind !== 'containers') continue;
    for (const p of c.view.get('ports').items()) {
      const port = p.get('containerPort').number;
      if (port === undefined) continue;
      ports.push({ name: p.get('name').string, port, protocol: (p.get('protocol').string as Proto | undefined) ?? 'TCP' });
    }
  }
  const ipText = w.obj.kind === 'Pod' ? w.obj.view.at('status', 'podIP').string : undefined;
  return {
    kind: 'pod', namespace: w.obj.namespace || 'default', name: w.obj.name, labels: labelsOf(pod.meta.get('labels')), ports,
    ip: ipText ? parseIpOrCidr(ipText) : undefined, hostNetwork: pod.spec.get('hostNetwork').bool === true, w,
  };
}

const OPS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function readSelector(v: YView, what: string, problems: Problem[], w: WorkspaceObject): Selector {
  const sel = parseSelector(v);
  if (v.exists && !v.isNull && !v.isMap) problems.push({ message: `${what} is not a label selector`, where: whereOf(w, v.loc) });
  v.get('matchExpressions').items().forEach((e, i) => {
    const op = e.get('operator').str ?? '';
    const values = e.get('values').strings();
    const bad = !OPS.has(op) ? `operator '${op}' is not In, NotIn, Exists or DoesNotExist`
      : (op === 'In' || op === 'NotIn') && !values.length ? `operator ${op} needs values`
      : (op === 'Exists' || op === 'DoesNotExist') && values.length ? `operator ${op} takes no values` : undefined;
    if (bad) problems.push({ message: `${what}.matchExpressions[${i}]: ${bad}; the API server rejects this policy`, where: whereOf(w, e.loc) });
  });
  return sel;
}

function readPolicy(w: WorkspaceObject): NetPolicy {
  const o = w.obj;
  const spec = o.view.get('spec');
  const problems: Problem[] = [];
  const selector = readSelector(spec.get('podSelector'), 'spec.podSelector', problems, w);
  const types = new Set<Direction>();
  const listed = spec.get('policyTypes');
  if (listed.isSeq && listed.items().length) {
    for (const t of listed.items()) {
      if (t.str === 'Ingress' || t.str === 'Egress') types.add(t.str);
      else problems.push({ message: `policyTypes entry '${t.str ?? ''}' is not Ingress or Egress`, where: whereOf(w, t.loc) });
    }
  } else {
    types.add('Ingress');
    if (spec.get('egress').items().length) types.add('Egress');
  }
  const rules = (key: 'ingress' | 'egress', peersKey: 'from' | 'to'): PolicyRule[] =>
    spec.get(key).items().map((r, index) => {
      const path = `spec.${key}[${index}]`;
      const peersV = r.get(peersKey);
      const peers = peersV.items().length ? peersV.items().map((p, pi) => readPeer(p, `${path}.${peersKey}[${pi}]`, pi, problems, w)) : null;
      const portsV = r.get('ports');
      const ports = portsV.items().length ? portsV.items().map((p, pi) => readPort(p, `${path}.ports[${pi}]`, problems, w)) : null;
      return { index, peers, ports, where: whereOf(w, r.loc) };
    });
  return {
    w, namespace: o.namespace || 'default', name: o.name, selector, types,
    ingress: rules('ingress', 'from'), egress: rules('egress', 'to'), problems, where: whereOf(w, o.headLoc),
  };
}

function readPeer(p: YView, path: string, index: number, problems: Problem[], w: WorkspaceObject): Peer {
  const peer: Peer = { index };
  const has = (k: string) => p.get(k).exists && !p.get(k).isNull;
  if (has('podSelector')) peer.pod = readSelector(p.get('podSelector'), `${path}.podSelector`, problems, w);
  if (has('namespaceSelector')) peer.ns = readSelector(p.get('namespaceSelector'), `${path}.namespaceSelector`, problems, w);
  if (has('ipBlock')) {
    const b = p.get('ipBlock');
    const cidrText = b.get('cidr').string ?? '';
    const cidr = parseCidr(cidrText);
    const except: IpRange[] = [];
    for (const e of b.get('except').items()) {
      const r = parseCidr(e.string ?? '');
      if (r) except.push(r); else problems.push({ message: `${path}.ipBlock.except '${e.str ?? ''}' is not a CIDR`, where: whereOf(w, e.loc) });
    }
    if (cidr) peer.ipBlock = { cidr, except };
    else problems.push({ message: `${path}.ipBlock.cidr '${cidrText}' is not a CIDR`, where: whereOf(w, b.loc) });
    if (peer.pod || peer.ns) problems.push({ message: `${path} sets ipBlock with a pod or namespace selector; the API server rejects this policy`, where: whereOf(w, p.loc) });
  }
  if (!has('podSelector') && !has('namespaceSelector') && !has('ipBlock')) problems.push({ message: `${path} names no peer (podSelector, namespaceSelector or ipBlock); the API server rejects this policy`, where: whereOf(w, p.loc) });
  return peer;
}

function readPort(p: YView, path: string, problems: Problem[], w: WorkspaceObject): PolicyPort {
  const protoText = p.get('protocol').str;
  let protocol: Proto = 'TCP';
  let badProtocol = false;
  if (protoText !== undefined) {
    if ((PROTOS as string[]).includes(protoText)) protocol = protoText as Proto;
    else { badProtocol = true; problems.push({ message: `${path}.protocol '${protoText}' is not TCP, UDP or SCTP`, where: whereOf(w, p.get('protocol').loc) }); }
  }
  const out: PolicyPort = { protocol, invalid: badProtocol || undefined };
  const pv = p.get('port');
  if (pv.exists && !pv.isNull) {
    const n = pv.number, s = pv.string;
    if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65535) out.port = n;
    else if (s !== undefined && /[a-z]/.test(s) && /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(s)) out.port = s;
    else { out.invalid = true; problems.push({ message: `${path}.port '${pv.str ?? ''}' is neither a port number nor a port name`, where: whereOf(w, pv.loc) }); }
  }
  const ev = p.get('endPort');
  if (ev.exists && !ev.isNull) {
    const e = ev.number;
    if (e === undefined || typeof out.port !== 'number' || e < out.port || e > 65535) { out.invalid = true; problems.push({ message: `${path}.endPort must be a number from port to 65535 with a numeric port`, where: whereOf(w, ev.loc) }); }
    else out.endPort = e;
  }
  return out;
}

// ------------------------------------------------------------------ port sets

/** Allowed ports per protocol, as sorted disjoint inclusive ranges. */
export type PortSet = Record<Proto, [number, number][]>;
const none = (): PortSet => ({ TCP: [], UDP: [], SCTP: [] });
const every = (): PortSet => ({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });

function norm(r: [number, number][]): [number, number][] {
  const s = [...r].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const x of s) {
    const l = out[out.length - 1];
    if (l && x[0] <= l[1] + 1) l[1] = Math.max(l[1], x[1]); else out.push([x[0], x[1]]);
  }
  return out;
}
function union(a: PortSet, b: PortSet): PortSet {
  const o = none();
  for (const p of PROTOS) o[p] = norm([...a[p], ...b[p]]);
  return o;
}
function intersect(a: PortSet, b: PortSet): PortSet {
  const o = none();
  for (const p of PROTOS) for (const x of a[p]) for (const y of b[p]) {
    const lo = Math.max(x[0], y[0]), hi = Math.min(x[1], y[1]);
    if (lo <= hi) o[p].push([lo, hi]);
  }
  for (const p of PROTOS) o[p] = norm(o[p]);
  return o;
}
const isEmpty = (s: PortSet) => PROTOS.every((p) => !s[p].length);
const has = (s: PortSet, proto: Proto, port: number) => s[proto].some(([lo, hi]) => lo <= port && port <= hi);

export function showPorts(s: PortSet): string[] {
  const out: string[] = [];
  for (const p of PROTOS) for (const [lo, hi] of s[p]) out.push(lo === 1 && hi === 65535 ? `${p} (all ports)` : lo === hi ? `${lo}/${p}` : `${lo}-${hi}/${p}`);
  return out;
}

/** The ports a rule allows, named ports resolved against the pod the traffic goes to. */
function rulePorts(rule: PolicyRule, target: Endpoint): PortSet {
  if (!rule.ports) return every();
  const out = none();
  for (const p of rule.ports) {
    if (p.invalid) continue;
    if (p.port === undefined) out[p.protocol].push([1, 65535]);
    else if (typeof p.port === 'number') out[p.protocol].push([p.port, p.endPort ?? p.port]);
    else if (target.kind === 'pod') for (const c of target.ports) if (c.name === p.port && c.protocol === p.protocol) out[p.protocol].push([c.port, c.port]);
  }
  for (const p of PROTOS) out[p] = norm(out[p]);
  return out;
}

// ------------------------------------------------------------------ the question

function nsLabels(net: Network, ns: string): Record<string, string> {
  return net.namespaces.get(ns) ?? { [METADATA_NAME]: ns };
}

function peerMatches(net: Network, peer: Peer, policyNs: string, other: Endpoint): boolean {
  if (peer.ipBlock) {
    const q = other.kind === 'ip' ? other.range : other.ip;
    return !!q && someAddressIn(q, peer.ipBlock.cidr, peer.ipBlock.except);
  }
  if (!peer.pod && !peer.ns) return false;
  if (other.kind !== 'pod') return false;
  if (peer.ns ? !selectorMatches(peer.ns, nsLabels(net, other.namespace)) : other.namespace !== policyNs) return false;
  return !peer.pod || selectorMatches(peer.pod, other.labels);
}

export interface Grant { policy: string; direction: Direction; rule: number; ports: string[]; where: Where; policyWhere: Where }
export interface SideAnswer {
  /** Whether a policy selects the pod in this direction (else everything is allowed that way). */
  isolated: boolean;
  /** The policies that select the pod in this direction. */
  selectedBy: { policy: string; where: Where }[];
  /** The rules that allow the traffic (those whose ports meet the final answer). */
  grants: Grant[];
  ports: string[];
}
export interface ReachAnswer {
  from: string; to: string; port?: string;
  allowed: boolean;
  /** The ports on which traffic is allowed (all of them when no port was asked). */
  ports: string[];
  egress: SideAnswer | null;
  ingress: SideAnswer | null;
  /** What the evaluator could not read: with any, the answer may be wrong. */
  problems: Problem[];
  notes: string[];
}

/** Per network, what every question asks again: the policies of each namespace and those selecting each pod. */
interface Derived {
  byNs: Map<string, NetPolicy[]>;
  problemsByNs: Map<string, Problem[]>;
  selecting: WeakMap<Endpoint, Record<Direction, NetPolicy[]>>;
  ipBlockPeers: boolean;
  nsSelectorPeers: boolean;
}
const derivedCache = new WeakMap<Network, Derived>();
function derived(net: Network): Derived {
  let d = derivedCache.get(net);
  if (d) return d;
  const byNs = new Map<string, NetPolicy[]>();
  for (const p of net.policies) { const l = byNs.get(p.namespace); if (l) l.push(p); else byNs.set(p.namespace, [p]); }
  const problemsByNs = new Map<string, Problem[]>();
  for (const [ns, ps] of byNs) problemsByNs.set(ns, ps.flatMap((p) => p.problems));
  const peers = net.policies.flatMap((p) => [...p.ingress, ...p.egress]).flatMap((r) => r.peers ?? []);
  d = { byNs, problemsByNs, selecting: new WeakMap(), ipBlockPeers: peers.some((x) => x.ipBlock), nsSelectorPeers: peers.some((x) => x.ns && !isEmptySelector(x.ns)) };
  derivedCache.set(net, d);
  return d;
}
export function selectingPolicies(net: Network, pod: Endpoint & { kind: 'pod' }, dir: Direction): NetPolicy[] {
  const d = derived(net);
  let s = d.selecting.get(pod);
  if (!s) {
    const mine = (d.byNs.get(pod.namespace) ?? []).filter((p) => selectorMatches(p.selector, pod.labels));
    s = { Ingress: mine.filter((p) => p.types.has('Ingress')), Egress: mine.filter((p) => p.types.has('Egress')) };
    d.selecting.set(pod, s);
  }
  return s[dir];
}

function side(net: Network, subject: Endpoint & { kind: 'pod' }, dir: Direction, other: Endpoint, target: Endpoint): { set: PortSet; ans: SideAnswer; contrib: { g: Grant; set: PortSet }[]; problems: Problem[] } {
  const selecting = selectingPolicies(net, subject, dir);
  const problems = derived(net).problemsByNs.get(subject.namespace) ?? [];
  const ans: SideAnswer = { isolated: selecting.length > 0, selectedBy: selecting.map((p) => ({ policy: `${p.namespace}/${p.name}`, where: p.where })), grants: [], ports: [] };
  if (!selecting.length) return { set: every(), ans, contrib: [], problems };
  let set = none();
  const contrib: { g: Grant; set: PortSet }[] = [];
  for (const p of selecting) {
    for (const r of dir === 'Ingress' ? p.ingress : p.egress) {
      if (r.peers && !r.peers.some((peer) => peerMatches(net, peer, p.namespace, other))) continue;
      const s = rulePorts(r, target);
      if (isEmpty(s)) continue;
      set = union(set, s);
      contrib.push({ g: { policy: `${p.namespace}/${p.name}`, direction: dir, rule: r.index, ports: [], where: r.where, policyWhere: p.where }, set: s });
    }
  }
  return { set, ans, contrib, problems };
}

/**
 * A quick necessary condition for reach(net, from, to).allowed, on peers only (no ports): false means
 * denied; true means reach() must be asked. For the overview's many pairs.
 */
export function mayReach(net: Network, from: Endpoint, to: Endpoint): boolean {
  const open = (subject: Endpoint, dir: Direction, other: Endpoint) => {
    if (subject.kind !== 'pod') return true;
    const sel = selectingPolicies(net, subject, dir);
    return !sel.length || sel.some((p) => (dir === 'Ingress' ? p.ingress : p.egress).some((r) => !r.peers || r.peers.some((peer) => peerMatches(net, peer, p.namespace, other))));
  };
  return open(from, 'Egress', to) && open(to, 'Ingress', from);
}

export function describeEndpoint(e: Endpoint): string {
  return e.kind === 'ip' ? e.text : `${e.namespace}/${e.name}`;
}

/**
 * Is traffic from `from` to `to` allowed (on `port`, or on which ports), and by which policy rules?
 * `port` is a number or a name (resolved against `to`'s container ports; undefined if it has none of that name).
 */
export function reach(net: Network, from: Endpoint, to: Endpoint, port?: { port: number; protocol: Proto }): ReachAnswer {
  const problems: Problem[] = [];
  const notes: string[] = [];
  let egress: ReturnType<typeof side> | undefined, ingress: ReturnType<typeof side> | undefined;
  if (from.kind === 'pod') egress = side(net, from, 'Egress', to, to);
  if (to.kind === 'pod') ingress = side(net, to, 'Ingress', from, to);
  let set = intersect(egress?.set ?? every(), ingress?.set ?? every());
  if (port) { const only = none(); if (has(set, port.protocol, port.port)) only[port.protocol].push([port.port, port.port]); set = only; }
  const finish = (s: ReturnType<typeof side> | undefined): SideAnswer | null => {
    if (!s) return null;
    for (const c of s.contrib) {
      const met = intersect(c.set, set);
      if (!isEmpty(met)) s.ans.grants.push({ ...c.g, ports: showPorts(met) });
    }
    s.ans.ports = showPorts(s.set);
    for (const p of s.problems) if (!problems.includes(p)) problems.push(p);
    return s.ans;
  };
  const eg = finish(egress), ing = finish(ingress);
  for (const e of [from, to]) {
    if (e.kind === 'pod' && e.hostNetwork) notes.push(`${describeEndpoint(e)} uses the host network: NetworkPolicies do not apply to it on most network plugins`);
  }
  const d = derived(net);
  if (from.kind === 'pod' && to.kind === 'pod' && (from.ip === undefined || to.ip === undefined)) {
    if ([eg, ing].some((s) => s?.isolated) && d.ipBlockPeers) notes.push('ipBlock peers were not matched against pod addresses (pod IPs are not known from manifests)');
  }
  for (const e of [from, to]) if (e.kind === 'pod' && !net.namespaces.has(e.namespace) && d.nsSelectorPeers) {
    notes.push(`namespace '${e.namespace}' has no Namespace object in the files: only its kubernetes.io/metadata.name label was matched by namespaceSelectors`);
  }
  if (net.otherEngines.length) notes.push(`other network policy engines' objects are present (${[...new Set(net.otherEngines.map((w) => w.obj.kind))].join(', ')}): they may deny or allow more than NetworkPolicies say`);
  return {
    from: describeEndpoint(from), to: describeEndpoint(to), port: port ? `${port.port}/${port.protocol}` : undefined,
    allowed: !isEmpty(set), ports: showPorts(set), egress: eg, ingress: ing, problems, notes: [...new Set(notes)],
  };
}

function isEmptySelector(s: Selector): boolean { return !Object.keys(s.matchLabels).length && !s.exprs.length; }

/**
 * An endpoint named on a command line: an address or CIDR (outside the cluster), `namespace/name`
 * or `name` (namespace default) of a workload or pod, or `namespace/Kind/name` when names collide.
 */
export function findEndpoint(net: Network, spec: string): Endpoint | { error: string } {
  const range = parseIpOrCidr(spec);
  if (range) return { kind: 'ip', range, text: spec };
  const parts = spec.split('/');
  if (parts.length > 3 || parts.some((p) => !p)) return { error: `'${spec}' is neither an address, a CIDR nor namespace/workload` };
  const [ns, kind, name] = parts.length === 1 ? ['default', undefined, parts[0]] : parts.length === 2 ? [parts[0], undefined, parts[1]] : parts;
  const hits = net.pods.filter((p) => p.kind === 'pod' && p.namespace === ns && p.name === name && (!kind || p.w?.obj.kind === kind)) as (Endpoint & { kind: 'pod' })[];
  if (!hits.length) {
    const known = net.pods.filter((p) => p.kind === 'pod').map((p) => describeEndpoint(p)).slice(0, 10);
    return { error: `no workload or pod '${ns}/${kind ? `${kind}/` : ''}${name}' in the files${known.length ? ` (there are: ${known.join(', ')})` : ''}` };
  }
  if (hits.length > 1) return { error: `'${spec}' names ${hits.length} objects (${hits.map((h) => h.w?.obj.kind).join(', ')}); say namespace/Kind/name` };
  return hits[0];
}

/** A port asked for: `80`, `80/UDP`, `http`, `dns/UDP` (a name is resolved against the target pod's container ports). */
export function parsePort(text: string, to: Endpoint): { port: number; protocol: Proto } | { error: string } {
  const m = /^([^/]+)(?:\/(TCP|UDP|SCTP))?$/i.exec(text);
  if (!m) return { error: `--port '${text}' is not PORT or PORT/PROTOCOL` };
  const protocol = (m[2]?.toUpperCase() as Proto | undefined) ?? 'TCP';
  if (/^\d+$/.test(m[1])) {
    const n = Number(m[1]);
    if (n < 1 || n > 65535) return { error: `--port ${n} is not from 1 to 65535` };
    return { port: n, protocol };
  }
  const c = to.kind === 'pod' ? to.ports.find((p) => p.name === m[1] && (!m[2] || p.protocol === protocol)) : undefined;
  if (!c) return { error: `--port '${m[1]}': ${describeEndpoint(to)} has no container port of that name` };
  return { port: c.port, protocol: c.protocol };
}
