import { defineRule } from '../../rule';
import type { FixDef } from '../../types';
import type { ImageRef } from '../../dockerfile/model';

export function digestFix(img: ImageRef): FixDef[] {
  if (img.raw.includes('$')) return [];
  return [{ title: `Pin ${img.raw} to a digest (fill in the sha256 digest of the image you tested)`, applicability: 'display-only', snippet: true, edits: [{ start: img.loc[1], end: img.loc[1], newText: '@sha256:${1:digest}' }] }];
}

export default defineRule('dockerfile', {
  id: 'DF002', name: 'image-latest-or-untagged', title: 'Base image without a version tag or with :latest', severity: 'warning',
  peers: ['hadolint:DL3006', 'hadolint:DL3007', 'checkov:CKV_DOCKER_7', 'trivy:DS-0001'], fix: 'display-only',
  docs: {
    description: 'A `FROM` image has no tag (which means `:latest`) or uses `:latest` explicitly, and no digest.',
    rationale: '`latest` moves: every build may pull a different image, so builds are not reproducible, a compromised or broken upstream release lands silently, and you cannot tell which image a running container came from.',
    remediation: 'Use a specific version tag (`alpine:3.20`), and for supply-chain integrity also pin the digest (`alpine:3.20@sha256:...`), updated by a bot such as Renovate or Dependabot.',
    example: { bad: 'FROM node\n', good: 'FROM node:22.11-alpine3.20\n' },
  },
}, (df, ctx) => {
  for (const s of df.stages) {
    const img = s.image;
    if (!img || s.parent || s.scratch || img.resolved === null || img.digest) continue;
    const via = img.resolved !== img.raw ? ` (${img.raw} resolves to ${img.resolved})` : '';
    if (img.tag === null) {
      ctx.report({ loc: img.loc, message: `FROM ${img.raw} has no tag${via}, so it means :latest and changes under you. Use a specific version tag (and pin its digest).`, fixes: digestFix(img) });
    } else if (img.tag.toLowerCase() === 'latest') {
      ctx.report({ loc: img.loc, message: `FROM ${img.raw} uses the :latest tag${via}, which changes under you. Use a specific version tag (and pin its digest).`, fixes: digestFix(img) });
    }
  }
});
