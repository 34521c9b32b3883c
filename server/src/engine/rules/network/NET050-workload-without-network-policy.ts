import { defineRule, ruleMeta } from '../../rule';
import { workloads, nsKey, nsName, isKind, relatedTo, describe, explicitlyEnabled, selectorMatches, showLabels } from '../shared/workspace';
import { networkPolicies, policiesByNs, otherPolicyEngines } from './policies';

const meta = ruleMeta({
  id: 'NET050', name: 'workload-without-network-policy', title: 'Workloads should be selected by a NetworkPolicy',
  severity: 'warning',
  peers: ['polaris:missingNetworkPolicy', 'checkov:CKV2_K8S_6', 'kube-linter:non-isolated-pod'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): no NetworkPolicy in the workload\'s namespace selects its pods (`spec.podSelector` against the pod template labels, `matchLabels` and `matchExpressions`). It is judged only when the workspace contains at least one NetworkPolicy: a repository without any NetworkPolicy evidently manages network isolation elsewhere (another repository, a mesh, a CNI policy), and reporting every workload would be noise. Set the rule explicitly (`rules: {NET050: warning}` in settings or `.palisade.yaml`) to judge workspaces without NetworkPolicies too. When the workspace holds Cilium, Calico or AdminNetworkPolicy objects, it is likewise judged only when set explicitly. Pods with `hostNetwork: true` are not reported (NetworkPolicies do not apply to them; K8S002 covers hostNetwork). Objects without a namespace and objects in `default` count as the same namespace. NET052 reports workloads that are selected but isolated in one direction only.',
    rationale: 'Without a NetworkPolicy selecting it, a pod accepts connections from every pod in the cluster and can reach every pod and the internet: one compromised pod anywhere can talk to it, and it can exfiltrate data or move laterally. Kubernetes isolates a pod only once a policy selects it.',
    remediation: 'Add a NetworkPolicy in the namespace that selects the workload\'s pods (a default-deny policy with `podSelector: {}` and both policyTypes, plus policies allowing the traffic the workload needs), or fix the selector of the policy that was meant to select it. The code action "Generate default-deny NetworkPolicy" writes one.',
    example: {
      bad: 'kind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n---\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector:\n    matchLabels: {app: web}\n',
      good: 'kind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
    },
  },
});

export default defineRule('workspace', meta, (model, ctx) => {
  const policies = networkPolicies(model);
  const explicit = explicitlyEnabled(meta, ctx);
  if (!explicit && (!policies.length || otherPolicyEngines(model))) return;
  for (const wl of workloads(model)) {
    const { w, pod, labels } = wl;
    if (pod.spec.get('hostNetwork').bool === true) continue;
    if (isKind(w, 'PodTemplate')) continue;
    const here = policiesByNs(model).get(nsKey(w)) ?? [];
    if (here.some((p) => selectorMatches(p.selector, labels))) continue;
    const related = here.length
      ? here.slice(0, 3).map((p) => relatedTo(p.w, `NetworkPolicy '${p.w.obj.name}' selects other pods (spec.podSelector).`, p.w.obj.view.at('spec', 'podSelector').exists ? p.w.obj.view.at('spec', 'podSelector').pairLoc : p.w.obj.headLoc))
      : policies.slice(0, 1).map((p) => relatedTo(p.w, `NetworkPolicies exist for other namespaces, e.g. '${p.w.obj.name}' in '${nsName(p.w)}'.`));
    ctx.report({
      file: w.file, lines: w.lines, obj: w.obj,
      loc: w.obj.headLoc,
      related,
      message: here.length
        ? `${describe(w)}: none of the ${here.length} NetworkPolicy(ies) of namespace '${nsName(w)}' selects its pods (labels ${showLabels(labels)}), so any pod can connect to it and it can connect anywhere. Add a policy selecting it, or a default-deny policy with podSelector: {}.`
        : `${describe(w)}: namespace '${nsName(w)}' has no NetworkPolicy in the workspace, so any pod can connect to it and it can connect anywhere. Add a default-deny NetworkPolicy (podSelector: {}) to the namespace and allow only the traffic it needs.`,
    });
  }
});
