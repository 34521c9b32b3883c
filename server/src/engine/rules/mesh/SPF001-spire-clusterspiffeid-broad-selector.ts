import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'SPF001', name: 'spire-clusterspiffeid-broad-selector', title: 'ClusterSPIFFEID selects every pod in the cluster', severity: 'warning', language: 'spiffe',
    docs: {
      description: 'A ClusterSPIFFEID has no `podSelector` and no `namespaceSelector`, or only empty ones.',
      rationale: 'Without selectors the SPIRE controller manager registers an identity for every pod in every (non-ignored) namespace, so workloads receive SVIDs they were never meant to have and any pod can authenticate as its templated identity.',
      remediation: 'Add a `namespaceSelector` and a `podSelector` with `matchLabels` that pick only the workloads that need this identity.',
      example: {
        bad: 'apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterSPIFFEID\nmetadata:\n  name: all\nspec:\n  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"\n',
        good: 'apiVersion: spire.spiffe.io/v1alpha1\nkind: ClusterSPIFFEID\nmetadata:\n  name: shop\nspec:\n  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"\n  namespaceSelector:\n    matchLabels:\n      kubernetes.io/metadata.name: shop\n  podSelector:\n    matchLabels:\n      spiffe.io/identity: enabled\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'spire.spiffe.io', 'ClusterSPIFFEID')) return;
    const spec = obj.view.get('spec');
    const empty = (k: string) => {
      const s = spec.get(k);
      return s.isNull || (s.isMap && s.get('matchLabels').entries().length === 0 && s.get('matchExpressions').items().length === 0);
    };
    if (empty('podSelector') && empty('namespaceSelector')) {
      const at = spec.get('podSelector').exists ? spec.get('podSelector').pairLoc : spec.get('namespaceSelector').exists ? spec.get('namespaceSelector').pairLoc : obj.headLoc;
      ctx.report({ loc: at, message: `${who(obj)}: no podSelector or namespaceSelector narrows this identity, so every pod in every namespace gets it; add a namespaceSelector and a podSelector.` });
    }
  },
  { applies: (obj) => isKind(obj, 'spire.spiffe.io', 'ClusterSPIFFEID') },
);
