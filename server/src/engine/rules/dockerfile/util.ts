/** Helpers shared by the Dockerfile rules. */
import type { Loc } from '../../types';
import type { DockerfileModel, Instr, Stage } from '../../dockerfile/model';
import { effective, basename, ShellCommand, CommandView, Word } from '../../dockerfile/shell';


/** Every RUN command, with its instruction. */
export function* runCommands(df: DockerfileModel): Generator<{ ins: Instr; cmd: ShellCommand; index: number; eff: CommandView }> {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'RUN') continue;
    for (let k = 0; k < ins.commands.length; k++) yield { ins, cmd: ins.commands[k], index: k, eff: effective(ins.commands[k]) };
  }
}

export function cmdName(v: CommandView): string {
  return v.name ? basename(v.name.value) : '';
}

export function span(a: Word | { loc: Loc }, b: Word | { loc: Loc } = a): Loc {
  return [a.loc[0], b.loc[1]];
}

export function isFinal(df: DockerfileModel, s: Stage | null): boolean {
  return !!s && df.stages[df.stages.length - 1] === s;
}

/** Stages whose content ends up in the final image: the final stage and the stages it builds on. */
export function shippedStages(df: DockerfileModel): Set<Stage> {
  const out = new Set<Stage>();
  for (let s: Stage | null = df.stages[df.stages.length - 1] ?? null; s && !out.has(s); s = s.parent) out.add(s);
  return out;
}

/** Whether an apt/apk/pip command is an install of packages. */
export function pkgInstall(v: CommandView): { tool: 'apt' | 'apk' | 'pip' | 'npm' | 'yum' | 'dnf' | 'microdnf' | 'zypper' | 'gem'; verb: Word } | null {
  const n = cmdName(v);
  const sub = (verbs: string[]) => v.args.find((a) => !a.value.startsWith('-') && verbs.includes(a.value));
  const first = v.args.find((a) => !a.value.startsWith('-'));
  let verb: Word | undefined;
  if (n === 'apt-get' || n === 'apt') { verb = first && first.value === 'install' ? first : sub(['install']); return verb ? { tool: 'apt', verb } : null; }
  if (n === 'apk') { verb = sub(['add']); return verb ? { tool: 'apk', verb } : null; }
  if (/^pip[0-9.]*$/.test(n)) { verb = sub(['install']); return verb ? { tool: 'pip', verb } : null; }
  if (/^python[0-9.]*$/.test(n)) {
    const mi = v.args.findIndex((a) => a.value === '-m');
    if (mi >= 0 && /^pip[0-9.]*$/.test(v.args[mi + 1]?.value ?? '')) {
      verb = v.args.slice(mi + 2).find((a) => a.value === 'install');
      return verb ? { tool: 'pip', verb } : null;
    }
    return null;
  }
  if (n === 'npm') { verb = first && ['install', 'i', 'add'].includes(first.value) ? first : undefined; return verb ? { tool: 'npm', verb } : null; }
  if (n === 'yum' || n === 'dnf' || n === 'microdnf' || n === 'tdnf') { verb = sub(['install']); return verb ? { tool: n === 'tdnf' ? 'dnf' : n, verb } : null; }
  if (n === 'zypper') { verb = sub(['install', 'in']); return verb ? { tool: 'zypper', verb } : null; }
  if (n === 'gem') { verb = sub(['install']); return verb ? { tool: 'gem', verb } : null; }
  return null;
}

/** Where to append a command to a RUN (after its last shell word, before any trailing comment), keeping its layout. */
export function appendPoint(df: DockerfileModel, ins: Instr): { at: number; text: (cmd: string) => string } | null {
  if (ins.heredocs.length || ins.json || !ins.commands.length) return null;
  const lastCmd = ins.commands[ins.commands.length - 1];
  const lastWord = lastCmd.words[lastCmd.words.length - 1];
  if (!lastWord || lastCmd.op === '&') return null;
  const at = lastWord.loc[1];
  if (ins.startLine === ins.endLine) return { at, text: (c) => ` && ${c}` };
  // multi-line RUN: continue on a new line with the file's escape character and the last line's indentation
  const indent = /^[ \t]*/.exec(df.text.slice(df.lines.lineStart(at)))![0];
  return { at, text: (c) => ` ${df.escape}${df.lines.eol}${indent}&& ${c}` };
}

export function quoteList(xs: string[], max = 4): string {
  const q = xs.slice(0, max).map((x) => `\`${x}\``);
  return q.join(', ') + (xs.length > max ? ` and ${xs.length - max} more` : '');
}
