import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';
import { isNetworkPolicy } from './util';

/** A peer that matches every pod of every namespace: `namespaceSelector: {}` with no (or an empty) podSelector. */
function matchesEverything(peer: YView): boolean {
  if (!peer.isMap || peer.get('ipBlock').exists) return false;
  const ns = peer.get('namespaceSelector');
  const pod = peer.get('podSelector');
  const empty = (v: YView) => v.isMap && v.entries().every(([, x]) => x.isNull || (x.isMap && x.entries().length === 0) || (x.isSeq && x.items().length === 0));
  return ns.exists && !ns.isNull && empty(ns) && (!pod.exists || pod.isNull || empty(pod));
}

export default defineRule('object',
  {
    id: 'NET001', name: 'network-policy-allow-all', title: 'NetworkPolicies should not allow all traffic',
    severity: 'warning',
    peers: [],
    cis: ['5.3.2'],
    docs: {
      description: 'An `ingress` or `egress` rule of a NetworkPolicy allows all traffic: an empty rule (`- {}`), or a rule without `ports` whose `from`/`to` is missing, empty, or holds a peer that selects every pod of every namespace (`namespaceSelector: {}`). Rules restricted to ports, or to pods of the policy\'s own namespace, are not reported.',
      rationale: 'NetworkPolicies are allow-lists that add up: one allow-all rule makes every other rule of every policy selecting the same pods irrelevant. `- {}` is a common copy-paste leftover that silently turns a default-deny into allow-all.',
      remediation: 'List the sources (or destinations) and ports the pods need: `podSelector`/`namespaceSelector` for in-cluster peers, `ipBlock` for external ranges, and `ports`. For egress, allow DNS to kube-dns explicitly.',
      example: {
        bad: 'spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - {}\n',
        good: 'spec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: web}\n      ports:\n        - port: 8080\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isNetworkPolicy(obj)) return;
    const spec = obj.view.get('spec');
    for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
      spec.get(dir).items().forEach((r, i) => {
        if (!r.isMap && !r.isNull) return;
        const ports = r.get('ports');
        if (ports.isSeq && ports.items().length) return;
        const peers = r.get(peersKey);
        const peerList = peers.isSeq ? peers.items() : [];
        const what = dir === 'ingress' ? 'from any source' : 'to any destination';
        if (!peerList.length) {
          ctx.report({ loc: r.loc, message: `${describeObject(obj)}: ${dir}[${i}] has no '${peersKey}' and no 'ports', so it allows all ${dir} traffic ${what} on every port. List the ${dir === 'ingress' ? 'sources' : 'destinations'} and ports the pods need.` });
          return;
        }
        const all = peerList.find(matchesEverything);
        if (all) ctx.report({ loc: all.loc, message: `${describeObject(obj)}: ${dir}[${i}].${peersKey} selects every pod in every namespace and the rule has no 'ports', so it allows all in-cluster ${dir} traffic. Select the namespaces and pods that need access, and the ports.` });
      });
    }
  },
  { applies: (obj) => isNetworkPolicy(obj) },
);
