import { defineRule } from '../../rule';
import { runCommands, cmdName } from './util';
import { operands, effective } from '../../dockerfile/shell';
import type { Instr } from '../../dockerfile/model';

/** Paths `rm` removes in commands of the RUN after command `index` (a temporary directory removed in the same layer never reaches the image). */
function removedLater(ins: Instr, index: number): string[] {
  const out: string[] = [];
  for (let k = index + 1; k < ins.commands.length; k++) {
    const e = effective(ins.commands[k]);
    if (cmdName(e) === 'rm') out.push(...operands(e.args).map((w) => w.value.replace(/\/+$/, '')));
  }
  return out;
}

/** Whether a chmod mode gives write permission to others (and is not a sticky directory like 1777). */
export function worldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const d = mode.split('').map(Number);
    const others = d[d.length - 1];
    const special = d.length === 4 ? d[0] : 0;
    return (others & 2) !== 0 && (special & 1) === 0;
  }
  let hit = false;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return false;
    if ((m[1].includes('o') || m[1].includes('a')) && m[2] !== '-' && m[3].includes('w') && !m[3].includes('t')) hit = true;
  }
  return hit;
}

export default defineRule('dockerfile', {
  id: 'DF014', name: 'world-writable-permissions', title: 'World-writable file permissions', severity: 'warning',
  peers: [],
  docs: {
    description: '`chmod` (in `RUN`) or `--chmod` (on `COPY`/`ADD`) gives write permission to all users: `777`, `666`, `o+w`, `a+w`. Sticky directories such as `1777` are allowed, and so are paths that a later `rm` of the same `RUN` removes (a temporary directory never reaches the image).',
    rationale: 'A file every user can write can be replaced by any process in the container, including one running as an unprivileged user after a compromise: executables and scripts become a way to run code as whoever runs them next, often root.',
    remediation: 'Give ownership to the user that needs to write (`COPY --chown=app:app`, `chown app:app`) and use `755`/`644` (or `750`/`640`).',
    example: { bad: 'RUN chmod -R 777 /app\n', good: 'RUN chown -R app:app /app && chmod -R 755 /app\n' },
  },
}, (df, ctx) => {
  for (const { ins, eff, index } of runCommands(df)) {
    if (cmdName(eff) !== 'chmod') continue;
    const [mode, ...targets] = operands(eff.args, new Set(['--reference']));
    if (!mode || !worldWritable(mode.value)) continue;
    const removed = removedLater(ins, index);
    if (targets.length && targets.every((t) => { const p = t.value.replace(/\/+$/, ''); return removed.some((r) => p === r || p.startsWith(r + '/')); })) continue;
    ctx.report({ loc: mode.loc, message: `chmod ${mode.value} makes files writable by every user in the container. Give ownership to the user that writes (chown) and use 755/644.` });
  }
  for (const ins of df.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    for (const f of ins.flags) {
      if (f.name === 'chmod' && f.value && worldWritable(f.value)) ctx.report({ loc: f.loc, message: `${ins.keyword} --chmod=${f.value} makes the copied files writable by every user. Use --chown for the user that writes and 755/644.` });
    }
  }
});
