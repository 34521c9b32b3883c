import { familyMeta } from '../rbac/util';
import { workspaceRule, perObject, workloadsByNs, nsKey, nsName, isKind, relatedTo, describe, labelsOf, mapSelectorMatches, showLabels, explicitlyEnabled } from '../k8s/K8S1xx-workspace';

const meta = familyMeta({
  id: 'NET051', name: 'dangling-service', title: 'Service selectors should match a workload',
  severity: 'warning',
  peers: ['kube-linter:dangling-service'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): a Service\'s `spec.selector` matches the pod template labels of no workload in its namespace. Judged only when the workspace has at least one workload in that namespace (otherwise the pods are evidently deployed from elsewhere), unless the rule is set explicitly. Services without a selector (manually managed Endpoints) and `ExternalName` Services are not checked. Objects without a namespace and objects in `default` count as the same namespace.',
    rationale: 'A selector that matches nothing is usually a typo or a leftover. The Service keeps its cluster IP, DNS name and any NodePort or load balancer open while routing nowhere; the day a pod happens to carry the labels (another team\'s, or an attacker\'s pod in the namespace), traffic meant for your application goes to it.',
    remediation: 'Correct the selector to the labels of the pods the Service is for, or delete the Service.',
    example: {
      bad: 'kind: Service\nspec:\n  selector: {app: api-v1}\n---\nkind: Deployment\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n',
      good: 'kind: Service\nspec:\n  selector: {app: api}\n---\nkind: Deployment\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n',
    },
  },
});

export default workspaceRule(meta, (model, ctx) => {
  const byNs = workloadsByNs(model);
  const explicit = explicitlyEnabled(meta, ctx);
  for (const w of model.objects) {
    if (!isKind(w, 'Service', /^v1$/)) continue;
    const { selV, sel } = perObject(w.obj, 'serviceSelector', () => {
      const spec = w.obj.view.get('spec');
      const selV = spec.get('selector');
      return { selV, sel: spec.get('type').str === 'ExternalName' ? {} : labelsOf(selV) };
    });
    if (!Object.keys(sel).length) continue;
    const here = byNs.get(nsKey(w)) ?? [];
    if (!here.length && !explicit) continue;
    if (here.some((x) => mapSelectorMatches(sel, x.labels))) continue;
    ctx.report({
      file: w.file, lines: w.lines, obj: w.obj,
      loc: selV.pairLoc,
      related: here.slice(0, 3).map((x) => relatedTo(x.w, `${x.w.obj.kind} '${x.w.obj.name}' has pod labels ${showLabels(x.labels)}.`, x.pod.meta.get('labels').exists ? x.pod.meta.get('labels').pairLoc : x.w.obj.headLoc)),
      message: `${describe(w)}: spec.selector ${showLabels(sel)} matches the pods of none of the ${here.length} workload(s) of namespace '${nsName(w)}' in the workspace. Correct the selector or remove the Service; a Service that selects nothing still exposes its name, IP and ports.`,
    });
  }
});
