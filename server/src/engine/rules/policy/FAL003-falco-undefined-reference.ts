import { ruleMeta } from '../../rule';
import { falcoRule, label } from './falco-rule';
import { conditionRefs, DEFAULT_NAMES } from './falco';
import type { Loc } from '../../types';

function nthWord(hay: string, word: string, n: number): number {
  const re = new RegExp(`(?<![A-Za-z0-9_.])${word}(?![A-Za-z0-9_.])`, 'g');
  let m: RegExpExecArray | null, k = 0;
  while ((m = re.exec(hay))) { if (k++ === n) return m.index; }
  return -1;
}

export default falcoRule(
  ruleMeta({
    id: 'FAL003', name: 'falco-undefined-reference', title: 'Falco condition refers to an undefined macro or list', severity: 'error', language: 'falco',
    docs: {
      description: 'A Falco rule or macro condition uses a macro (a bare name in a boolean position) or a list (a bare name alone in `in (...)`) that is defined neither in the file nor in the default Falco ruleset.',
      rationale: 'An undefined macro makes Falco reject the file; an undefined list name inside `in (...)` is silently compared as a literal string, so the rule never matches what it was written for.',
      remediation: 'Define the macro or list in this file (or load the file that defines it first), or fix the spelling.',
      example: {
        bad: '- rule: Shell in container\n  desc: A shell was started in a container.\n  condition: spawned_proces and container and proc.name in (shell_binaries)\n  output: Shell (container=%container.id)\n  priority: WARNING\n',
        good: '- rule: Shell in container\n  desc: A shell was started in a container.\n  condition: spawned_process and container and proc.name in (shell_binaries)\n  output: Shell (container=%container.id)\n  priority: WARNING\n',
      },
    },
  }),
  (items, ctx) => {
    const defined = new Set(items.filter((i) => i.kind !== 'rule').map((i) => i.name));
    for (const i of items) {
      if (i.kind === 'list') continue;
      const c = i.view.get('condition');
      const cond = c.string;
      if (!cond) continue;
      const [s, e] = c.loc;
      const src = ctx.text.slice(s, e);
      const seen = new Map<string, number>();
      for (const r of conditionRefs(cond)) {
        const before = nthWordCount(cond, r.name, r.start);
        seen.set(r.name, before);
        if (defined.has(r.name) || DEFAULT_NAMES.has(r.name)) continue;
        const at = nthWord(src, r.name, before);
        const loc: Loc = at >= 0 ? [s + at, s + at + r.name.length] : c.loc;
        ctx.report({ loc, message: `${label(i)}: ${r.kind} '${r.name}' is not defined in this file or the default Falco ruleset; ${r.kind === 'macro' ? 'Falco will refuse to load the rule' : 'Falco compares it as a literal string, so the rule never matches the list'}. Define it or fix the name.` });
      }
    }
  },
);

function nthWordCount(hay: string, word: string, upTo: number): number {
  const re = new RegExp(`(?<![A-Za-z0-9_.])${word}(?![A-Za-z0-9_.])`, 'g');
  let m: RegExpExecArray | null, k = 0;
  while ((m = re.exec(hay)) && m.index < upTo) k++;
  return k;
}
