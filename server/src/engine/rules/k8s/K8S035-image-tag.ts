import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { parseImage, isTemplated } from './image';

export default defineRule('pod',
  {
    id: 'K8S035', name: 'image-tag', title: 'Images should be pinned to a version, not :latest or untagged',
    severity: 'warning',
    peers: ['polaris:tagNotSpecified', 'checkov:CKV_K8S_14', 'kube-linter:latest-tag', 'trivy:KSV-0013'],
    cis: [],
    docs: {
      description: 'A container `image` has no tag, or the tag `latest`, and no digest. An image pinned by digest (`@sha256:...`) is accepted whatever its tag. A container without any `image` is reported too.',
      rationale: '`latest` and untagged references resolve to whatever was pushed last: a compromised or broken push reaches production on the next pod restart, different nodes can run different code, and there is no record of what ran. Vulnerability scanning and rollbacks need a fixed version.',
      remediation: 'Use an explicit version tag (`nginx:1.27.3`), and preferably a digest (`nginx:1.27.3@sha256:...`).',
      example: { bad: 'image: nginx:latest\n', good: 'image: nginx:1.27.3@sha256:2d194b392dd16955847a14e969a2c2c2ea5a9b8e3a5ad1ee5d0c9e3b1e0e6b8d\n' },
    },
  },
  (pod, ctx) => {
    for (const c of pod.containers) {
      const v = c.view.get('image');
      const image = v.str;
      if (image === undefined || image.trim() === '') {
        ctx.report({ loc: !v.isNull ? v.pairLoc : c.headLoc, message: `${who(pod, c)}: no image is set; set image to a pinned version (name:tag, preferably with @sha256 digest).` });
        continue;
      }
      if (isTemplated(image)) continue;
      const r = parseImage(image);
      if (r.digest) continue; // pinned by digest (K8S036 checks that the digest is well-formed)
      if (!r.tag) ctx.report({ loc: v.pairLoc, message: `${who(pod, c)}: image ${image} has no tag, so it means :latest; pin a version tag (and preferably a digest).` });
      else if (r.tag.toLowerCase() === 'latest') ctx.report({ loc: v.pairLoc, message: `${who(pod, c)}: image ${image} uses the :latest tag; pin a version tag (and preferably a digest).` });
    }
  },
);
