import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { isTemplated } from './image';
import { trustedBy, showList, namesRegistry } from '../../registries';

export default defineRule('pod',
  {
    id: 'K8S072', name: 'image-registry-not-trusted', title: 'Images must come from the registries .palisade.yaml trusts',
    severity: 'warning',
    peers: ['kubescape:C-0078', 'trivy:KSV-0125'],
    docs: {
      description: 'Only when `.palisade.yaml` lists `images.trustedRegistries` (without the list, or with an empty one, the rule reports nothing). Every `image` of a workload (containers, initContainers and ephemeralContainers of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and custom resources embedding a pod template) is normalised the way Docker reads it, then compared with the list; an image none of the entries matches is reported on its value.\n\n'
        + 'Normalisation: an image without a registry is on Docker Hub, and an official image is under `library/`: `nginx:1.27` is compared as `docker.io/library/nginx:1.27`, `bitnami/redis` as `docker.io/bitnami/redis`; `index.docker.io` is `docker.io`. The first component of a reference is a registry when it contains `.` or `:`, or is `localhost`.\n\n'
        + 'Entries: one ending with `/` is a prefix of the normalised reference, as Gatekeeper compares `K8sAllowedRepos` repos (`ghcr.io/acme/` matches `ghcr.io/acme/web:1`, not `ghcr.io/acme-evil/web`). One without `/` is a registry host, port included, and matches only images of that registry (`registry.example.com` matches `registry.example.com/team/app`, not `registry.example.com.evil.io/x` nor `registry.example.com:5000/x`); `*.example.com` matches the registries under that domain. Any other entry is a repository and matches it and what is under it (`ghcr.io/acme/web` matches `ghcr.io/acme/web:1` and `ghcr.io/acme/web/worker`, not `ghcr.io/acme/webapp`). Hosts are compared without regard to case. Images with a substitution still to be made (`$(IMAGE)`, `${REGISTRY}/app`, `{{ .Values.image }}`) are not judged; a missing image is K8S035\'s.\n\n'
        + 'Relation with K8S105 (the workspace\'s Gatekeeper `K8sAllowedRepos` constraints): an image gets one finding. When the `.palisade.yaml` list rejects an image, this rule reports it and K8S105 does not, even if a constraint rejects it too; K8S105 reports the images the list accepts (or all of them, when no list is configured or this rule is off for the object\'s namespace) that a constraint rejects. Fix the finding, and K8S105 speaks if the new image is still outside a constraint. Dockerfile `FROM` images are checked against the same list by DF029.',
      rationale: 'An image runs whatever its publisher put in it, with the pod\'s service account, secrets and network. Organisations vet a few registries (their own, a mirror with scanning and signing, a vendor\'s); an image from anywhere else, a typo-squatted Docker Hub name or a personal namespace, bypasses that review and can change under the same tag.',
      remediation: 'Use the image from a trusted registry (mirror it there, scanned and signed, if needed), or, after review, add its registry or repository to `images.trustedRegistries` in `.palisade.yaml`.',
      example: {
        bad: '# .palisade.yaml: images: {trustedRegistries: [registry.example.com]}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27     # docker.io/library/nginx:1.27\n',
        good: '# .palisade.yaml: images: {trustedRegistries: [registry.example.com]}\nspec:\n  containers:\n  - name: web\n    image: registry.example.com/mirror/nginx:1.27\n',
      },
    },
  },
  (pod, ctx) => {
    const list = ctx.settings.images?.trustedRegistries;
    if (!list?.length) return;
    for (const c of pod.containers) {
      const v = c.view.get('image');
      const image = v.str?.trim();
      if (!image || isTemplated(image)) continue;
      const { trusted, normalised } = trustedBy(image, list);
      if (trusted) continue;
      const as = normalised === image ? '' : namesRegistry(image) ? `; it is read as ${normalised}` : `; without a registry it means ${normalised} (Docker Hub)`;
      ctx.report({
        loc: v.loc,
        message: `${who(pod, c)}: image ${image} is not from a registry that .palisade.yaml trusts (images.trustedRegistries: ${showList(list)})${as}. Use the image from a trusted registry (mirror it there), or add its registry to the list after review.`,
      });
    }
  },
);
