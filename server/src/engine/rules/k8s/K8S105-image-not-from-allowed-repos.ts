import { defineRule } from '../../rule';
import { workloads, nsName, relatedTo, describe } from '../shared/workspace';
import type { WorkspaceObject, WorkspaceRuleContext } from '../../rule';
import { isTemplated } from './image';
import { trustedBy } from '../../registries';
import { lookup } from '../../own';
import k072 from './K8S072-image-registry-not-trusted';

interface Allowed { w: WorkspaceObject; repos: string[]; namespaces?: string[]; excluded: string[]; kinds?: string[] }

/** K8sAllowedRepos constraints of the workspace with the scope of their `spec.match`. */
function allowedRepos(objects: WorkspaceObject[]): Allowed[] {
  const out: Allowed[] = [];
  for (const w of objects) {
    if (w.obj.kind !== 'K8sAllowedRepos' || !w.obj.apiVersion.startsWith('constraints.gatekeeper.sh/')) continue;
    const spec = w.obj.view.get('spec');
    const repos = spec.at('parameters', 'repos').strings();
    if (!repos.length) continue;
    const match = spec.get('match');
    const ns = match.get('namespaces');
    const kinds = match.get('kinds').items().flatMap((k) => k.get('kinds').strings());
    out.push({ w, repos, namespaces: ns.isSeq ? ns.strings() : undefined, excluded: match.get('excludedNamespaces').strings(), kinds: kinds.length && !kinds.includes('*') ? kinds : undefined });
  }
  return out;
}

/**
 * Whether K8S072 reports this image: `.palisade.yaml` lists trusted registries, the list rejects it,
 * and K8S072 is not off (globally or for the namespace). Then it is K8S072's finding, not ours: one
 * image, one finding that it is not from an allowed registry.
 */
function reportedByTrustedList(ctx: WorkspaceRuleContext, ns: string, image: string): boolean {
  const list = ctx.settings.images?.trustedRegistries;
  if (!list?.length || isTemplated(image) || trustedBy(image, list).trusted) return false;
  const { id, name } = k072.meta;
  const off = (r: Record<string, string> | undefined) => !!r && (lookup(r, id) ?? lookup(r, name)) === 'off';
  return !off(ctx.settings.rules) && !off(ctx.settings.namespaceRules && lookup(ctx.settings.namespaceRules, ns));
}

/** Gatekeeper namespace patterns may end with `*` (prefix match). */
function nsMatches(patterns: string[], ns: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? ns.startsWith(p.slice(0, -1)) : p === ns));
}

export default defineRule('workspace',
  {
    id: 'K8S105', name: 'image-not-from-allowed-repos', title: 'Images must come from the registries the workspace allows',
    severity: 'warning',
    peers: ['trivy:KSV-0125'],
    docs: {
      description: 'Cross-resource (all YAML files of the workspace, or all inputs of `palisade scan`): the workspace contains a Gatekeeper `K8sAllowedRepos` constraint, and a container image of a workload in its scope (`spec.match` namespaces, excluded namespaces and kinds) starts with none of its `parameters.repos`, the way Gatekeeper compares them (string prefix). Every constraint that covers the workload must be satisfied. When `.palisade.yaml` also lists `images.trustedRegistries` and that list rejects the image, K8S072 reports it and this rule does not (one finding per image; fixing it may reveal this one if the new image is still outside a constraint); with K8S072 off, globally or for the namespace, this rule reports every image a constraint rejects.',
      rationale: 'The constraint states which registries the organisation trusts. A manifest that uses another one is rejected at admission when the constraint is enforced (a failed deployment found late), or, with `enforcementAction: dryrun`/`warn`, runs an image from a registry nobody vetted.',
      remediation: 'Use an image from one of the allowed registries (mirror the image there if needed), or extend the constraint after review.',
      example: {
        bad: 'kind: K8sAllowedRepos\nspec:\n  parameters:\n    repos: ["registry.example.com/"]\n---\nkind: Deployment\n...\n      containers:\n      - image: docker.io/library/nginx:1.27\n',
        good: 'kind: K8sAllowedRepos\nspec:\n  parameters:\n    repos: ["registry.example.com/"]\n---\nkind: Deployment\n...\n      containers:\n      - image: registry.example.com/mirror/nginx:1.27\n',
      },
    },
  },
  (model, ctx) => {
    const constraints = allowedRepos(model.objects);
    if (!constraints.length) return;
    for (const { w, pod } of workloads(model)) {
      const ns = nsName(w);
      const applicable = constraints.filter((c) => (!c.namespaces || nsMatches(c.namespaces, ns)) && !nsMatches(c.excluded, ns) && (!c.kinds || c.kinds.includes(w.obj.kind)));
      if (!applicable.length) continue;
      for (const c of pod.containers) {
        const img = c.view.get('image');
        const image = img.str;
        if (!image || reportedByTrustedList(ctx, ns, image.trim())) continue;
        const broken = applicable.find((a) => !a.repos.some((r) => image.startsWith(r)));
        if (!broken) continue;
        ctx.report({
          file: w.file, lines: w.lines, obj: w.obj, loc: img.loc,
          related: [relatedTo(broken.w, `K8sAllowedRepos '${broken.w.obj.name}' allows ${broken.repos.map((r) => `'${r}'`).join(', ')}.`, broken.w.obj.view.at('spec', 'parameters', 'repos').exists ? broken.w.obj.view.at('spec', 'parameters', 'repos').pairLoc : broken.w.obj.headLoc)],
          message: `${describe(w)}: image '${image}' of container '${c.name}' is not from a registry that K8sAllowedRepos '${broken.w.obj.name}' allows (${broken.repos.slice(0, 3).join(', ')}${broken.repos.length > 3 ? ', ...' : ''}), so Gatekeeper rejects or flags the pod. Use an image from an allowed registry.`,
        });
      }
    }
  },
);
