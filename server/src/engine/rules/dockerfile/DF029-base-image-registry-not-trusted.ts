import { defineRule } from '../../rule';
import { trustedBy, showList, namesRegistry } from '../../registries';

export default defineRule('dockerfile', {
  id: 'DF029', name: 'base-image-registry-not-trusted', title: 'Base image not from a registry .palisade.yaml trusts', severity: 'warning',
  peers: ['hadolint:DL3026'],
  docs: {
    description: 'Only when `.palisade.yaml` lists `images.trustedRegistries` (without the list, or with an empty one, the rule reports nothing). The image of every `FROM` is compared with the list after `ARG` substitution, with the normalisation and matching of K8S072: an image without a registry is on Docker Hub (`FROM node:22` is `docker.io/library/node:22`); an entry ending with `/` is a prefix of the reference, an entry without `/` a registry host (`registry.example.com` does not match `registry.example.com.evil.io/x`), `*.example.com` the registries under that domain, any other entry a repository and what is under it. `FROM scratch` and `FROM <earlier stage>` are not images and are not checked; a `FROM` whose variable has no value is not judged.',
    rationale: 'The base image is the code every later instruction builds on, and what the final image ships. A base image from a registry outside the vetted list bypasses the organisation\'s scanning, signing and mirroring, and a typo-squatted Docker Hub name is one character away from the real one.',
    remediation: 'Build from the image in a trusted registry (mirror it there if needed), or, after review, add its registry or repository to `images.trustedRegistries` in `.palisade.yaml`.',
    example: {
      bad: '# .palisade.yaml: images: {trustedRegistries: [registry.example.com]}\nFROM node:22-alpine\n',
      good: '# .palisade.yaml: images: {trustedRegistries: [registry.example.com]}\nFROM registry.example.com/mirror/node:22-alpine\n',
    },
  },
}, (df, ctx) => {
  const list = ctx.settings.images?.trustedRegistries;
  if (!list?.length) return;
  for (const s of df.stages) {
    const img = s.image;
    if (!img || s.parent || s.scratch || img.resolved === null || !img.resolved.trim()) continue;
    const image = img.resolved.trim();
    const { trusted, normalised } = trustedBy(image, list);
    if (trusted) continue;
    const via = img.resolved !== img.raw ? ` (which resolves to ${image})` : '';
    const as = normalised === image ? '' : namesRegistry(image) ? `; it is read as ${normalised}` : `; without a registry it means ${normalised} (Docker Hub)`;
    ctx.report({
      loc: img.loc,
      message: `FROM ${img.raw}${via} is not from a registry that .palisade.yaml trusts (images.trustedRegistries: ${showList(list)})${as}. Build from the image in a trusted registry (mirror it there), or add its registry to the list after review.`,
    });
  }
});
