/** NetworkPolicies of a workspace model, for NET050-NET069. */
import type { WorkspaceModel, WorkspaceObject } from '../../rule';
import { isKind, perModel, perObject, podSelectorOf, Selector, groupBy, nsKey } from '../shared/workspace';

export interface Policy { w: WorkspaceObject; types: Set<string>; selector: Selector }

/** networking.k8s.io/v1 NetworkPolicies with their effective policyTypes (as the API server defaults them). */
export function networkPolicies(model: WorkspaceModel): Policy[] {
  return perModel(model, 'networkPolicies', () => collect(model));
}

/** NetworkPolicies grouped by namespace key. */
export function policiesByNs(model: WorkspaceModel): Map<string, Policy[]> {
  return perModel(model, 'policiesByNs', () => groupBy(networkPolicies(model), (p) => nsKey(p.w)));
}

function collect(model: WorkspaceModel): Policy[] {
  const out: Policy[] = [];
  for (const w of model.objects) {
    if (!isKind(w, 'NetworkPolicy', /^networking\.k8s\.io\/v1(beta1)?$/)) continue;
    // once per object (objects of unchanged documents persist across analyses)
    const types = perObject(w.obj, 'policyTypes', () => {
      const spec = w.obj.view.get('spec');
      const listed = spec.get('policyTypes');
      const out = new Set<string>();
      if (listed.isSeq) for (const t of listed.strings()) out.add(t);
      else {
        out.add('Ingress');
        // as Kubernetes defaults it (pkg/apis/networking/v1/defaults.go): Egress only when there are
        // egress rules (len(spec.egress) != 0); `egress: []` alone leaves egress unrestricted
        const egress = spec.get('egress');
        if (egress.isSeq && egress.items().length > 0) out.add('Egress');
      }
      return out;
    });
    out.push({ w, types, selector: podSelectorOf(w.obj) });
  }
  return out;
}

/** Policy objects of other engines: their presence means NetworkPolicies alone do not tell the story. */
export function otherPolicyEngines(model: WorkspaceModel): boolean {
  return model.objects.some((w) =>
    /^(CiliumNetworkPolicy|CiliumClusterwideNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)$/.test(w.obj.kind)
    || (/^(crd\.)?projectcalico\.org\//.test(w.obj.apiVersion) && /NetworkPolicy$/.test(w.obj.kind)));
}
