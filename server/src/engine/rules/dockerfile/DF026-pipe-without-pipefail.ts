import { defineRule } from '../../rule';
import type { Instr, DockerfileModel } from '../../dockerfile/model';

/** Whether a SHELL instruction's JSON arguments turn pipefail on (`-o pipefail`, `-eo pipefail`, `-euxo pipefail`). */
function setsPipefail(ins: Instr): boolean {
  const a = (ins.json ?? []).map((w) => w.value);
  return a.some((v, i) => v === 'pipefail' && i > 0 && /^-[a-z]*o$/.test(a[i - 1]));
}

/** The SHELL in force for `ins`: the last SHELL before it in its stage or the stages it builds on. */
function shellBefore(df: DockerfileModel, ins: Instr): Instr | undefined {
  for (let s = ins.stage; s; s = s.parent) {
    const before = s.instructions.filter((x) => x.keyword === 'SHELL' && x.index < ins.index);
    if (before.length) return before[before.length - 1];
  }
  return undefined;
}

export default defineRule('dockerfile', {
  id: 'DF026', name: 'pipe-without-pipefail', title: 'RUN with a pipe and no pipefail', severity: 'info',
  peers: ['hadolint:DL4006'],
  docs: {
    description: 'A shell-form `RUN` pipes one command into another (`curl ... | tar x`, `wget -O- ... | gpg --dearmor`) while the shell in force does not set `pipefail` (no `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before it, no `set -o pipefail` in the command). Windows stages (no POSIX shell) are not checked.',
    rationale: 'Without pipefail the exit status of a pipeline is the status of its last command: a failed download piped into `tar`, `gpg` or `sh` can leave the build green with a missing or partial file, a key that was never imported, or half a script run. Checks written as pipes (`... | sha256sum -c`) can likewise pass on empty input.',
    remediation: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (or `["/bin/ash", "-eo", "pipefail", "-c"]` on Alpine) before the RUN, or start the command with `set -o pipefail &&` in a shell that supports it.',
    example: { bad: 'RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt\n', good: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'RUN' || ins.json || !ins.stage || ins.stage.shell === null) continue;
    const pipe = ins.commands.findIndex((c) => c.op === '|' || c.op === '|&');
    if (pipe < 0) continue;
    const sh = shellBefore(df, ins);
    if (sh && setsPipefail(sh)) continue;
    // `set -o pipefail` (or -eo/-euo pipefail) before the pipe in the same RUN
    if (ins.commands.slice(0, pipe + 1).some((c) => { const w = c.words.map((x) => x.value); return w[0] === 'set' && w.some((v, i) => v === 'pipefail' && /^-[a-z]*o$/.test(w[i - 1] ?? '')); })) continue;
    const c = ins.commands[pipe];
    const first = c.words[0];
    const next = ins.commands[pipe + 1]?.words[0];
    ctx.report({
      loc: first && next ? [first.loc[0], next.loc[1]] : ins.keywordLoc,
      message: `This RUN pipes ${first?.value ?? 'a command'} into ${next?.value ?? 'another'} without pipefail, so a failure of ${first?.value ?? 'the first command'} does not fail the build. Add SHELL ["/bin/bash", "-o", "pipefail", "-c"] before it (or set -o pipefail in the command).`,
    });
  }
});
