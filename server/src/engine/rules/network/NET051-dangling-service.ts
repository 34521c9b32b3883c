import { defineRule, ruleMeta } from '../../rule';
import { perObject, perModel, groupBy, workloadsByNs, nsKey, nsName, isKind, relatedTo, describe, labelsOf, mapSelectorMatches, showLabels, explicitlyEnabled } from '../shared/workspace';
import type { WorkspaceModel, WorkspaceObject } from '../../rule';

/**
 * Labels Kubernetes' own controllers put on the pods they create (never in a pod template):
 * a selector on them can only be judged at run time.
 */
export const CONTROLLER_LABELS = new Set([
  'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-revision-hash', 'pod-template-hash',
  'pod-template-generation', 'job-name', 'controller-uid', 'batch.kubernetes.io/job-name', 'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

/** API groups of Kubernetes itself: any other group is a custom resource, possibly one an operator turns into pods. */
function isCustomResource(w: WorkspaceObject): boolean {
  const av = w.obj.apiVersion ?? '';
  const slash = av.indexOf('/');
  if (slash < 0) return false;
  const group = av.slice(0, slash);
  return group.includes('.') && !/(^|\.)k8s\.io$/.test(group) && !/\.kubernetes\.io$/.test(group);
}

/** Custom resources per namespace, with the labels the pods an operator makes from them may carry. */
function customResourcesByNs(model: WorkspaceModel): Map<string, { w: WorkspaceObject; labels: Record<string, string>; names: Set<string> }[]> {
  return perModel(model, 'customResourcesByNs', () => groupBy(model.objects.filter(isCustomResource).map((w) => {
    const spec = w.obj.view.get('spec');
    const labels = { ...labelsOf(w.obj.view.get('metadata').get('labels')), ...labelsOf(spec.get('podMetadata').get('labels')) };
    return { w, labels, names: new Set([w.obj.name ?? '', (w.obj.kind ?? '').toLowerCase()].filter(Boolean)) };
  }), (x) => nsKey(x.w)));
}

const meta = ruleMeta({
  id: 'NET051', name: 'dangling-service', title: 'Service selectors should match a workload',
  severity: 'warning',
  peers: ['kube-linter:dangling-service'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): a Service\'s `spec.selector` matches the pod template labels of no workload in its namespace. Judged only when the workspace has at least one workload in that namespace (otherwise the pods are evidently deployed from elsewhere), unless the rule is set explicitly. Services without a selector (manually managed Endpoints), `ExternalName` Services, selectors on labels Kubernetes\' controllers add to the pods they create (`statefulset.kubernetes.io/pod-name`, `pod-template-hash`, `controller-revision-hash`, `job-name`...) and selectors that pods an operator creates from a custom resource of the namespace may carry (every selector value is a label of the resource or of its `spec.podMetadata`, or its name or kind, as Prometheus and Alertmanager pods have) are not checked. Objects without a namespace and objects in `default` count as the same namespace.',
    rationale: 'A selector that matches nothing is usually a typo or a leftover. The Service keeps its cluster IP, DNS name and any NodePort or load balancer open while routing nowhere; the day a pod happens to carry the labels (another team\'s, or an attacker\'s pod in the namespace), traffic meant for your application goes to it.',
    remediation: 'Correct the selector to the labels of the pods the Service is for, or delete the Service.',
    example: {
      bad: 'kind: Service\nspec:\n  selector: {app: api-v1}\n---\nkind: Deployment\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n',
      good: 'kind: Service\nspec:\n  selector: {app: api}\n---\nkind: Deployment\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n',
    },
  },
});

export default defineRule('workspace', meta, (model, ctx) => {
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
    // a selector on a label a controller adds itself: only the rest can be checked against templates
    if (Object.keys(sel).some((k) => CONTROLLER_LABELS.has(k))) continue;
    // pods an operator creates from a custom resource (Prometheus, Alertmanager...): their labels come from the resource
    const crs = customResourcesByNs(model).get(nsKey(w)) ?? [];
    if (crs.some((cr) => Object.entries(sel).every(([k, v]) => cr.labels[k] === v || cr.names.has(v)))) continue;
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
