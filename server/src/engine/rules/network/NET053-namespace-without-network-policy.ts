import { defineRule, ruleMeta } from '../../rule';
import { workloads, groupBy, nsKey, nsName, isKind, relatedTo, describe, explicitlyEnabled } from '../shared/workspace';
import { networkPolicies, otherPolicyEngines } from './policies';
import net050 from './NET050-workload-without-network-policy';

const meta = ruleMeta({
  id: 'NET053', name: 'namespace-without-network-policy', title: 'Namespaces with workloads should have a NetworkPolicy',
  severity: 'info',
  peers: ['polaris:missingNetworkPolicy', 'checkov:CKV2_K8S_6', 'kube-linter:non-isolated-pod'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): the workspace defines a Namespace and workloads in it, and no NetworkPolicy at all (nor Cilium, Calico or AdminNetworkPolicy objects). One finding per namespace, on its Namespace object, with its workloads as related locations. Namespaces the workspace does not define are not judged: whoever creates them (a platform repository, the cluster) usually owns their isolation too. NET050 judges workloads one by one once the workspace has some NetworkPolicy; when NET050 is set explicitly it also covers this case, and NET053 stays silent. Pods with `hostNetwork: true` and the `kube-system` namespace are not counted. Information by default: a repository may well manage policies elsewhere, but the most common insecure state, no policy at all, should not be silent.',
    rationale: 'Without any NetworkPolicy, every pod of the namespace accepts connections from every pod in the cluster and can reach every pod and the internet: one compromised pod anywhere can talk to all of them.',
    remediation: 'Add a default-deny NetworkPolicy to the namespace (`podSelector: {}` with both policyTypes) and policies allowing the traffic each workload needs. The code action "Generate default-deny NetworkPolicy" writes one.',
    example: {
      bad: 'kind: Namespace\nmetadata: {name: shop}\n---\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n',
      good: 'kind: Namespace\nmetadata: {name: shop}\n---\nkind: Deployment\nmetadata: {name: api, namespace: shop}\n---\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
    },
  },
});

export default defineRule('workspace', meta, (model, ctx) => {
  if (networkPolicies(model).length || otherPolicyEngines(model)) return;
  if (explicitlyEnabled(net050.meta, ctx)) return;
  const candidates = workloads(model).filter(({ w, pod }) => pod.spec.get('hostNetwork').bool !== true && !isKind(w, 'PodTemplate') && nsName(w) !== 'kube-system');
  const namespaces = new Map(model.objects.filter((w) => isKind(w, 'Namespace', /^v1$/)).map((w) => [w.obj.name || 'default', w]));
  for (const [, list] of groupBy(candidates, ({ w }) => nsKey(w))) {
    const first = list[0].w;
    const ns = nsName(first);
    // only namespaces the workspace itself defines: it then owns the namespace and its isolation; a
    // namespace created elsewhere (a platform repository, the cluster) usually gets its policies there too
    const nsObj = namespaces.get(ns);
    if (!nsObj) continue;
    const at = nsObj;
    const others = list;
    ctx.report({
      file: at.file, lines: at.lines, obj: at.obj,
      loc: at.obj.headLoc,
      related: others.slice(0, 3).map(({ w }) => relatedTo(w, `${describe(w)} runs in namespace '${ns}'.`)),
      message: `Namespace '${ns}' has ${list.length} workload(s) in the workspace and no NetworkPolicy at all, so every pod of it accepts connections from anywhere in the cluster and can connect anywhere. Add a default-deny NetworkPolicy (podSelector: {}, policyTypes [Ingress, Egress]) to the namespace and allow only the traffic each workload needs.`,
    });
  }
});
