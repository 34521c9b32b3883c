import { defineRule } from '../../rule';
import { sources, REMOTE } from './DF006-add-instead-of-copy';

export default defineRule('dockerfile', {
  id: 'DF007', name: 'add-remote-without-checksum', title: 'ADD of a remote URL without --checksum', severity: 'warning',
  peers: ['checkov:CKV_DOCKER_4', 'trivy:DS-0005'], fix: 'display-only',
  docs: {
    description: '`ADD` downloads a URL (or clones a Git repository) and the instruction has no `--checksum`.',
    rationale: 'Whatever the server returns goes into the image unverified: a compromised host, a hijacked domain or a man-in-the-middle changes your image without any change to the Dockerfile, and the layer cache hides when that happened.',
    remediation: 'Add `--checksum=sha256:<hash>` (Dockerfile syntax 1.6+) with the hash of the file you reviewed, or download in a RUN step and verify the hash or signature there. For Git sources pin a commit (`ADD --checksum=<commit> https://...git#<commit>`).',
    example: { bad: 'ADD https://example.com/tool.tar.gz /tmp/\n', good: 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'ADD' || ins.flags.some((f) => f.name === 'checksum')) continue;
    for (const s of sources(ins)) {
      if (s.value === null || !REMOTE.test(s.value)) continue;
      const http = /^https?:/i.test(s.value);
      ctx.report({
        loc: s.arg.loc,
        message: `ADD downloads ${s.arg.value} without --checksum, so its content is not verified. Add --checksum=sha256:<hash> of the file you reviewed${http ? '' : ' (for Git, the commit)'}, or download and verify it in a RUN step.`,
        fixes: [{ title: 'Add --checksum (fill in the sha256 hash)', applicability: 'display-only', snippet: true, edits: [{ start: ins.keywordLoc[1], end: ins.keywordLoc[1], newText: http ? ' --checksum=sha256:${1:hash}' : ' --checksum=${1:commit}' }] }],
      });
    }
  }
});
