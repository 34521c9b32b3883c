import { defineRule } from '../../rule';
import { digestFix } from './DF002-image-latest-or-untagged';

export default defineRule('dockerfile', {
  id: 'DF003', name: 'image-not-pinned-by-digest', title: 'Base image not pinned by digest', severity: 'info',
  peers: [], fix: 'display-only',
  docs: {
    description: 'A `FROM` image has a version tag but no `@sha256:` digest.',
    rationale: 'Tags are mutable: the publisher (or anyone who compromises the registry account) can point `3.20` at different content. A digest names exactly the bytes you tested.',
    remediation: 'Append the digest of the image you tested: `FROM alpine:3.20@sha256:<digest>` (`docker buildx imagetools inspect alpine:3.20` prints it), and let Renovate or Dependabot keep it current.',
    example: { bad: 'FROM alpine:3.20\n', good: 'FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n' },
  },
}, (df, ctx) => {
  for (const s of df.stages) {
    const img = s.image;
    if (!img || s.parent || s.scratch || img.resolved === null || img.digest || img.tag === null || img.tag.toLowerCase() === 'latest') continue;
    ctx.report({ loc: img.loc, message: `FROM ${img.raw} is pinned by tag only. Pin the digest as well (${img.raw}@sha256:...) so the build uses exactly the image you tested.`, fixes: digestFix(img) });
  }
});
