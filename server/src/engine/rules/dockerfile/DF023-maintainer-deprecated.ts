import { defineRule } from '../../rule';

export default defineRule('dockerfile', {
  id: 'DF023', name: 'maintainer-deprecated', title: 'MAINTAINER is deprecated', severity: 'info',
  peers: ['hadolint:DL4000', 'checkov:CKV_DOCKER_6', 'trivy:DS-0022', 'buildkit:MaintainerDeprecated'], fix: 'safe',
  docs: {
    description: 'The Dockerfile uses the deprecated `MAINTAINER` instruction.',
    rationale: '`MAINTAINER` is deprecated and not shown by tools that read the standard OCI labels; ownership information that tools cannot find does not help anyone route a vulnerability report.',
    remediation: 'Use a label: `LABEL org.opencontainers.image.authors="..."` or `LABEL maintainer="..."`.',
    example: { bad: 'MAINTAINER Jane <jane@example.com>\n', good: 'LABEL maintainer="Jane <jane@example.com>"\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'MAINTAINER') continue;
    const who = ins.logical.text.trim();
    ctx.report({
      loc: ins.keywordLoc,
      message: 'MAINTAINER is deprecated. Use LABEL maintainer="..." (or org.opencontainers.image.authors).',
      fixes: who ? [{ title: 'Replace with LABEL maintainer=...', applicability: 'safe', edits: [{ start: ins.keywordLoc[0], end: ins.loc[1], newText: `LABEL maintainer=${JSON.stringify(who)}` }] }] : [],
    });
  }
});
