import { defineRule } from '../../rule';
import { expand, Instr, DArg } from '../../dockerfile/model';

export const ARCHIVE = /\.(tar|tar\.(gz|bz2|xz|zst|lz|lzma|z)|tgz|tbz2?|tb2|txz|tlz|tz|gz|bz2|xz|lz|lzma|z|zst)$/i;
export const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;

/** Sources of an ADD/COPY (all arguments but the destination), with variables expanded where possible. */
export function sources(ins: Instr): { arg: DArg; value: string | null }[] {
  const args = ins.json ?? ins.args;
  if (ins.heredocs.length || args.length < 2) return [];
  return args.slice(0, -1).map((a) => ({ arg: a, value: expand(a.value.replace(/^["']|["']$/g, ''), ins.vars) }));
}

export default defineRule('dockerfile', {
  id: 'DF006', name: 'add-instead-of-copy', title: 'ADD used where COPY does', severity: 'warning',
  peers: ['hadolint:DL3020', 'checkov:CKV_DOCKER_4', 'trivy:DS-0005'], fix: 'safe',
  docs: {
    description: '`ADD` copies local files or directories that are not archives. (Remote URLs are rule DF007; local tar archives, which ADD unpacks, are allowed.)',
    rationale: '`ADD` also downloads URLs and unpacks archives, so a source that later becomes an archive or a URL changes what the build does. `COPY` does exactly one thing, which keeps the build predictable and reviewable.',
    remediation: 'Replace `ADD` with `COPY` (the quick fix does it; flags such as `--chown` and `--chmod` work the same).',
    example: { bad: 'ADD app/ /app/\n', good: 'COPY app/ /app/\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'ADD') continue;
    const src = sources(ins);
    if (!src.length || src.some((s) => s.value === null || REMOTE.test(s.value) || ARCHIVE.test(s.value))) continue;
    const fixable = ins.flags.every((f) => ['chown', 'chmod', 'link', 'exclude', 'parents'].includes(f.name));
    const kw = df.text.slice(ins.keywordLoc[0], ins.keywordLoc[1]);
    const copy = kw === kw.toLowerCase() ? 'copy' : 'COPY';
    ctx.report({
      loc: ins.keywordLoc,
      message: `ADD copies local ${src.length > 1 ? 'sources' : 'source'} ${src.map((s) => s.arg.value).join(', ')} here; use COPY, which only copies (ADD also fetches URLs and unpacks archives).`,
      fixes: fixable ? [{ title: 'Replace ADD with COPY', applicability: 'safe', edits: [{ start: ins.keywordLoc[0], end: ins.keywordLoc[1], newText: copy }] }] : [],
    });
  }
});
