/**
 * The workspace's posture at a glance (for the editor's Palisade view): its namespaces with the Pod
 * Security level they are held to, their workloads (those no NetworkPolicy isolates flagged), and the
 * traffic the NetworkPolicies allow between workloads, and from outside the cluster, with the rules
 * that allow it. Edges are listed only where a policy decides (a pair of unisolated workloads is
 * allowed everything and is shown by the flags instead).
 */
import type { WorkspaceModel } from '../rule';
import { networkOf, reach, mayReach, selectingPolicies, Endpoint, Grant } from './reach';
import { parseIpOrCidr } from './ip';
import { Problem, Where, whereOf } from './common';

export interface WorkloadNode {
  id: string; namespace: string; kind: string; name: string; where: Where;
  /** No NetworkPolicy selects it for ingress (everything may connect to it) / egress (it may connect anywhere). */
  ingressOpen: boolean; egressOpen: boolean;
}
export interface Edge { from: string; to: string; ports: string[]; grants: Grant[] }
export interface PostureOverview {
  namespaces: { name: string; level: string; version: string; own: boolean; workloads: WorkloadNode[] }[];
  edges: Edge[];
  /** More workloads than `limit`: edges were computed for the first `limit` only. */
  truncated: boolean;
  problems: Problem[];
}

export const OUTSIDE = 'outside the cluster';

export function overview(model: WorkspaceModel, levelOf: (ns: string) => { level: string; version: string; own: boolean }, limit = 300): PostureOverview {
  const net = networkOf(model);
  const pods = net.pods.filter((p): p is Endpoint & { kind: 'pod' } => p.kind === 'pod');
  const id = (p: Endpoint & { kind: 'pod' }) => `${p.namespace}/${p.w?.obj.kind ?? 'Pod'}/${p.name}`;
  const byNs = new Map<string, WorkloadNode[]>();
  for (const ns of net.namespaces.keys()) byNs.set(ns, []);
  const nodes = new Map<Endpoint, WorkloadNode>();
  for (const p of pods) {
    const isolated = (dir: 'Ingress' | 'Egress') => selectingPolicies(net, p, dir).length > 0;
    const node: WorkloadNode = {
      id: id(p), namespace: p.namespace, kind: p.w?.obj.kind ?? 'Pod', name: p.name, where: p.w ? whereOf(p.w, p.w.obj.headLoc) : { file: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      ingressOpen: !isolated('Ingress'), egressOpen: !isolated('Egress'),
    };
    nodes.set(p, node);
    const l = byNs.get(p.namespace);
    if (l) l.push(node); else byNs.set(p.namespace, [node]);
  }
  const edges: Edge[] = [];
  // every policy's problems, whether or not a pair asked about it
  const problems: Problem[] = net.policies.flatMap((p) => p.problems);
  const some = pods.slice(0, limit);
  const add = (from: string, to: string, a: ReturnType<typeof reach>) => {
    if (a.allowed) edges.push({ from, to, ports: a.ports, grants: [...(a.egress?.grants ?? []), ...(a.ingress?.grants ?? [])] });
  };
  const outside4 = { kind: 'ip' as const, range: parseIpOrCidr('0.0.0.0/0')!, text: '0.0.0.0/0' };
  const outside6 = { kind: 'ip' as const, range: parseIpOrCidr('::/0')!, text: '::/0' };
  for (const b of some) {
    if (!nodes.get(b)!.ingressOpen) {
      const a4 = reach(net, outside4, b), a6 = reach(net, outside6, b);
      const a = a4.allowed ? a4 : a6;
      add(OUTSIDE, id(b), a);
    }
  }
  for (const a of some) for (const b of some) {
    if (a === b) continue;
    const na = nodes.get(a)!, nb = nodes.get(b)!;
    if (na.egressOpen && nb.ingressOpen) continue;
    if (!mayReach(net, a, b)) continue;
    add(id(a), id(b), reach(net, a, b));
  }
  const namespaces = [...byNs.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([name, workloads]) => ({ name, ...levelOf(name), workloads }));
  return { namespaces, edges, truncated: pods.length > limit, problems };
}
