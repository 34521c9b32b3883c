import { defineRule } from '../../rule';
import { expand } from '../../dockerfile/model';

export default defineRule('dockerfile', {
  id: 'DF022', name: 'relative-workdir', title: 'WORKDIR with a relative path', severity: 'warning',
  peers: ['hadolint:DL3000', 'checkov:CKV_DOCKER_10', 'trivy:DS-0009', 'buildkit:WorkdirRelativePath'],
  docs: {
    description: '`WORKDIR` is given a relative path (after substituting known variables).',
    rationale: 'A relative WORKDIR is resolved against whatever the previous WORKDIR was, including one set by the base image, so the files land somewhere that changes when the base image changes; COPY and RUN steps then act on unexpected paths.',
    remediation: 'Use an absolute path: `WORKDIR /app`.',
    example: { bad: 'WORKDIR app\n', good: 'WORKDIR /app\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'WORKDIR' || !ins.args.length) continue;
    const raw = ins.args.map((a) => a.value).join(' ').replace(/^(["'])(.*)\1$/, '$2');
    const v = expand(raw, ins.vars);
    if (v === null) { if (raw.startsWith('$')) continue; }
    const p = v ?? raw;
    if (p.startsWith('$') || p === '' || /^([/\\]|[A-Za-z]:[\\/])/.test(p)) continue;
    ctx.report({ loc: [ins.args[0].loc[0], ins.args[ins.args.length - 1].loc[1]], message: `WORKDIR ${raw} is relative, so it depends on the previous WORKDIR (possibly the base image's). Use an absolute path, e.g. WORKDIR /${p.replace(/^\.?\.?\/?/, '')}.` });
  }
});
