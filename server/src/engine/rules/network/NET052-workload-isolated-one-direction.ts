import { defineRule, ruleMeta } from '../../rule';
import { workloads, nsKey, relatedTo, describe, selectorMatches } from '../shared/workspace';
import { networkPolicies, policiesByNs } from './policies';

const meta = ruleMeta({
  id: 'NET052', name: 'workload-isolated-one-direction', title: 'NetworkPolicies should isolate workloads for ingress and egress',
  severity: 'info',
  peers: ['polaris:missingNetworkPolicy'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): NetworkPolicies of the namespace select the workload\'s pods, but none of those that select it covers `Ingress`, or none covers `Egress` (its effective `policyTypes`: the listed ones, or `Ingress` plus `Egress` when the policy has `egress` rules). A policy that lists a type without rules for it denies that direction, which counts as isolated (Polaris reports it; Palisade does not, since deny-all is stricter). Workloads selected by no policy at all are NET050\'s.',
    rationale: 'A policy type that is not listed is not enforced: egress rules in a policy whose `policyTypes` is `[Ingress]` do nothing, and a pod isolated only for ingress can still exfiltrate data or reach the cloud metadata endpoint.',
    remediation: 'List both `Ingress` and `Egress` in `policyTypes` of a policy that selects the workload (a namespace default-deny policy does it for every pod), and add the rules for the traffic it needs.',
    example: {
      bad: 'kind: NetworkPolicy\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n',
      good: 'kind: NetworkPolicy\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress, Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n',
    },
  },
});

export default defineRule('workspace', meta, (model, ctx) => {
  const policies = networkPolicies(model);
  if (!policies.length) return;
  for (const { w, pod, labels } of workloads(model)) {
    if (pod.spec.get('hostNetwork').bool === true || w.obj.kind === 'PodTemplate') continue;
    const selecting = (policiesByNs(model).get(nsKey(w)) ?? []).filter((p) => selectorMatches(p.selector, labels));
    if (!selecting.length) continue;
    const missing = ['Ingress', 'Egress'].filter((t) => !selecting.some((p) => p.types.has(t)));
    if (!missing.length) continue;
    ctx.report({
      file: w.file, lines: w.lines, obj: w.obj,
      loc: w.obj.headLoc,
      related: selecting.slice(0, 3).map((p) => {
        const pt = p.w.obj.view.at('spec', 'policyTypes');
        return relatedTo(p.w, `NetworkPolicy '${p.w.obj.name}' selects it with policyTypes [${[...p.types].join(', ')}].`, pt.exists ? pt.pairLoc : p.w.obj.headLoc);
      }),
      message: `${describe(w)} is selected by NetworkPolicy ${selecting.slice(0, 3).map((p) => `'${p.w.obj.name}'`).join(', ')}, but none of them enforces ${missing.join(' or ')} (policyTypes), so its ${missing.map((m) => m.toLowerCase()).join(' and ')} traffic is not restricted. Add ${missing.join(' and ')} to policyTypes of a policy selecting it.`,
    });
  }
});
