import { defineRule } from '../../rule';
import { patchDirective } from '../../k8s/model';

/**
 * A document with strategic-merge patch directives is a Kustomize (or kubectl patch) fragment: the
 * object rules would read its missing fields as insecure defaults, so it is not analysed as an
 * object (k8s/model.ts objectsOf), and this rule says so. `$patch: delete` on the whole object only
 * deletes it: nothing of it is deployed, so nothing is left unanalysed and nothing is reported.
 */
export default defineRule('yaml-doc', {
    id: 'K8S104', name: 'kustomize-patch-not-analysed', title: 'Kustomize patches are not analysed as objects',
    severity: 'error',
    peers: [],
    docs: {
      description: 'A YAML document holds a strategic-merge patch directive (`$patch: replace`, `$patch: merge`, `$retainKeys`, `$setElementOrder/...`, `$deleteFromPrimitiveList/...`; a `$patch: delete` inside the object): it is a fragment Kustomize merges into a base object, not a complete object, so Palisade does not check it as one (its missing fields are not defaults) and reports that it was not analysed. A document that is only `$patch: delete` of a whole object is not reported: it deploys nothing.',
      rationale: 'What reaches the cluster is the base with the patch applied. Checking the fragment alone gives false findings (every field it does not repeat looks unset), and skipping it without a word would hide that part of the configuration from review.',
      remediation: 'Scan the rendered output: `kustomize build overlays/prod > rendered.yaml` (or `kubectl kustomize`), then `palisade scan rendered.yaml`. Suppress this finding for the patch file if the rendered output is scanned in CI.',
      example: {
        bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          $patch: replace\n          image: registry.example.com/web:2.0.0\n',
        good: '# kustomization.yaml\nresources:\n  - ../../base\npatches:\n  - path: web-image.yaml\n# and in CI: kustomize build . | tee rendered.yaml; palisade scan rendered.yaml\n',
      },
    },
}, (doc, ctx) => {
    const d = patchDirective(doc);
    if (!d) return;
    if (d.depth === 0 && d.key === '$patch' && d.value === 'delete') return;
    ctx.report({ loc: d.loc, message: `This document is a strategic-merge patch ('${d.key}${d.value !== undefined ? `: ${d.value}` : ''}'), a fragment merged into a base object, so it was not analysed as an object. Scan the output of kustomize build to check what is deployed.` });
});
