import { defineRule, ruleMeta } from '../../rule';
import { workloads, groupBy, perObject, nsKey, nsName, isKind, relatedTo, describe, explicitlyEnabled } from '../shared/workspace';
import type { WorkspaceObject } from '../../rule';

const meta = ruleMeta({
  id: 'K8S103', name: 'service-account-not-found', title: 'Workloads should use a ServiceAccount that is defined',
  severity: 'warning',
  peers: ['kube-linter:non-existent-service-account'],
  docs: {
    description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): a workload sets `serviceAccountName` (or the deprecated `serviceAccount`) to a ServiceAccount that no file defines, while the workspace does define ServiceAccounts for that namespace. When the workspace defines no ServiceAccount in the namespace, the accounts are evidently managed elsewhere and nothing is reported, unless you set the rule explicitly (`rules: {K8S103: warning}`). Objects without a namespace and objects in `default` count as the same namespace. The `default` ServiceAccount always exists and is not reported (K8S029 covers its use).',
    rationale: 'The API server rejects pods whose ServiceAccount does not exist, so the workload never starts; worse, when someone creates the missing account by hand later, it comes without the RBAC bindings and `automountServiceAccountToken: false` that the manifests give the other accounts.',
    remediation: 'Add the ServiceAccount (with `automountServiceAccountToken: false` unless the pod talks to the API) next to the others, or correct the name in the pod spec.',
    example: {
      bad: 'kind: ServiceAccount\nmetadata: {name: api}\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      serviceAccountName: apii\n',
      good: 'kind: ServiceAccount\nmetadata: {name: api}\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      serviceAccountName: api\n',
    },
  },
});

export default defineRule('workspace', meta, (model, ctx) => {
  const sas = new Map<string, WorkspaceObject[]>();
  for (const w of model.objects) {
    if (!isKind(w, 'ServiceAccount', /^v1$/)) continue;
    const k = nsKey(w);
    sas.set(k, [...(sas.get(k) ?? []), w]);
  }
  const explicit = explicitlyEnabled(meta, ctx);
  if (!sas.size && !explicit) return;
  const byName = groupBy([...sas.values()].flat(), (s) => s.obj.name);
  for (const { w, pod } of workloads(model)) {
    const { v, name } = perObject(w.obj, 'serviceAccount', () => {
      let v = pod.spec.get('serviceAccountName');
      if (v.str === undefined) v = pod.spec.get('serviceAccount');
      return { v, name: v.str };
    });
    if (!name || name === 'default') continue;
    const here = sas.get(nsKey(w)) ?? [];
    if (!here.length && !explicit) continue;
    if (here.some((s) => s.obj.name === name)) continue;
    const elsewhere = byName.get(name) ?? [];
    const related = [
      ...elsewhere.slice(0, 3).map((s) => relatedTo(s, `ServiceAccount '${name}' is defined in namespace '${nsName(s)}', not '${nsName(w)}'.`)),
      ...here.slice(0, 3).map((s) => relatedTo(s, `ServiceAccount '${s.obj.name}' is defined here, for namespace '${nsName(w)}'.`)),
    ];
    ctx.report({
      file: w.file, lines: w.lines, obj: w.obj,
      loc: v.loc,
      related,
      message: `${describe(w)} uses ServiceAccount '${name}', which no file of the workspace defines in namespace '${nsName(w)}'${here.length ? ` (defined there: ${here.slice(0, 5).map((s) => `'${s.obj.name}'`).join(', ')})` : ''}. Define it next to the other ServiceAccounts or correct the name; the API server rejects pods whose ServiceAccount does not exist.`,
    });
  }
});
