import { ruleMeta } from '../../rule';
import { workflowRule, expressionsIn, contextPaths } from './workflow';
import type { YView } from '../../yaml/nodes';

/** Every scalar of a YAML subtree (a bounded walk). */
export function scalarsOf(v: YView, out: YView[] = [], budget = { left: 20000 }): YView[] {
  if (budget.left-- <= 0) return out;
  if (v.isScalar) out.push(v);
  else if (v.isMap) for (const [, c] of v.entries()) scalarsOf(c, out, budget);
  else if (v.isSeq) for (const c of v.items()) scalarsOf(c, out, budget);
  return out;
}

export default workflowRule(
  ruleMeta({
    id: 'GHA015', name: 'gha-unredacted-secret', title: 'Secret parsed with fromJSON (parts not redacted in logs)', severity: 'warning', language: 'github-actions',
    peers: ['zizmor:unredacted-secrets'],
    docs: {
      description: 'An expression parses a secret as JSON: `fromJSON(secrets.X)` or `fromJSON(secrets.X).field`, anywhere in the workflow or composite action.',
      rationale: 'The runner masks the exact strings registered as secrets. A field taken out of a JSON secret is a different string, so it is printed in clear wherever it reaches the log (a command echo, an error message, debug output), and so are values re-serialised from it.',
      remediation: 'Store each value the workflow needs as a secret of its own and reference it directly (`secrets.DB_PASSWORD`), or register derived values with `::add-mask::` before anything can print them.',
      example: { bad: 'env:\n  PASSWORD: ${{ fromJSON(secrets.DB).password }}\n', good: 'env:\n  PASSWORD: ${{ secrets.DB_PASSWORD }}\n' },
    },
  }),
  (wf, ctx) => {
    for (const v of scalarsOf(wf.root)) {
      for (const e of expressionsIn(v, ctx.text)) {
        const m = /\bfromJSON\s*\(([^()]*)\)/i.exec(e.inner);
        if (!m || !contextPaths(m[1]).some((c) => /^secrets\.[^.]+$/.test(c.path))) continue;
        ctx.report({ loc: [e.start, e.end], message: `${e.text.length > 80 ? e.text.slice(0, 77) + '...' : e.text} parses a secret as JSON; the values taken out of it are not the registered secret string, so the runner does not mask them in logs. Store each value as a secret of its own.` });
      }
    }
  },
);
