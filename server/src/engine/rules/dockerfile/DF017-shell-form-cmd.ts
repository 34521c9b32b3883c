import { defineRule } from '../../rule';
import { lexShell } from '../../dockerfile/shell';
import type { OffsetEdit } from '../../types';
import type { Instr } from '../../dockerfile/model';

/** Edits turning a shell-form CMD/ENTRYPOINT into the equivalent JSON form, or null when the shell does work there. */
export function toJsonForm(ins: Instr): OffsetEdit[] | null {
  const t = ins.logical.text;
  // no shell features, and no backslashes (POSIX sh and Windows cmd read them differently)
  if (!t.trim() || /[|&;<>()$`*?[\]{}~#\n\\]/.test(t)) return null;
  const cmds = lexShell(t, ins.logical.map);
  if (cmds.length !== 1) return null;
  let words = cmds[0].words;
  if (words.some((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.raw))) return null;
  const edits: OffsetEdit[] = [];
  if (words[0].value === 'exec' && words.length > 1) {
    edits.push({ start: words[0].loc[0], end: words[1].loc[0], newText: '' });
    words = words.slice(1);
  }
  words.forEach((w, i) => {
    const s = JSON.stringify(w.value);
    edits.push({ start: w.loc[0], end: w.loc[1], newText: (i === 0 ? '[' : '') + s + (i === words.length - 1 ? ']' : ',') });
  });
  return edits;
}

export default defineRule('dockerfile', {
  id: 'DF017', name: 'shell-form-cmd', title: 'CMD/ENTRYPOINT in shell form', severity: 'warning',
  peers: ['hadolint:DL3025', 'buildkit:JSONArgsRecommended'], fix: 'safe',
  docs: {
    description: '`CMD` or `ENTRYPOINT` is written in shell form (`CMD node server.js`) rather than JSON (exec) form (`CMD ["node", "server.js"]`).',
    rationale: 'In shell form the process runs as a child of `/bin/sh -c`. The shell, as PID 1, does not forward SIGTERM, so `docker stop` and Kubernetes wait for the grace period and then kill the process: no graceful shutdown, lost requests, corrupted writes. The extra shell also needs a shell in the image.',
    remediation: 'Use the JSON form. The quick fix converts commands that use no shell features; if you need variables or pipes, use a small entrypoint script that ends in `exec "$@"`.',
    example: { bad: 'CMD node server.js\n', good: 'CMD ["node", "server.js"]\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if ((ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') || ins.json || !ins.args.length) continue;
    const edits = toJsonForm(ins);
    const first = ins.args[0], last = ins.args[ins.args.length - 1];
    ctx.report({
      loc: [first.loc[0], last.loc[1]],
      message: `${ins.keyword} uses the shell form, so the process runs under /bin/sh -c and does not receive SIGTERM: no graceful shutdown. Use the JSON form, ${ins.keyword} ["executable", "arg", ...].`,
      fixes: edits ? [{ title: `Convert ${ins.keyword} to JSON (exec) form`, applicability: 'safe', edits }] : [],
    });
  }
});
