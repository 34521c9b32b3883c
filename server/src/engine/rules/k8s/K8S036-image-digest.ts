import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { parseImage, isTemplated } from './image';
import * as fix from '../../fix';

export default defineRule('pod',
  {
    id: 'K8S036', name: 'image-digest', title: 'Images should be pinned by digest',
    severity: 'info', fix: 'display-only',
    peers: ['checkov:CKV_K8S_43'],
    cis: [],
    docs: {
      description: 'A container `image` is not pinned by a content digest (`@sha256:...`).',
      rationale: 'Tags are mutable: whoever can push to the repository (or compromise the registry) can move a tag to different content. A digest identifies exactly the bytes that were reviewed and scanned, and makes every node run the same image.',
      remediation: 'Append the digest of the tested image, e.g. `registry.example.com/app:1.4.2@sha256:<digest>` (`crane digest` or `docker buildx imagetools inspect` prints it); let a bot such as Renovate update tag and digest together.',
      example: { bad: 'image: registry.example.com/app:1.4.2\n', good: 'image: registry.example.com/app:1.4.2@sha256:9f2b5c6f1f0a2e1f4e8f0c3b6a9d7e5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e\n' },
    },
  },
  (pod, ctx) => {
    for (const c of pod.containers) {
      const v = c.view.get('image');
      const image = v.str;
      if (!image?.trim() || isTemplated(image)) continue; // a missing image is K8S035's finding
      if (!parseImage(image).digest) ctx.report({ loc: v.pairLoc, message: `${who(pod, c)}: image ${image} is not pinned by digest; append @sha256:<digest> of the tested image.`, fixes: fix.displayOnly('Pin the image by digest', [{ start: v.loc[1] - (/^QUOTE/.test(String((v.node as { type?: string }).type)) ? 1 : 0), end: v.loc[1] - (/^QUOTE/.test(String((v.node as { type?: string }).type)) ? 1 : 0), newText: '@sha256:${1:digest}' }]) });
    }
  },
);
