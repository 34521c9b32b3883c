import { ruleMeta } from '../../rule';
import { workflowRule, expressionsIn, stepName, parseUses, isShaPinned, contextPaths } from './workflow';
import { scalarsOf } from './GHA015-gha-unredacted-secret';

/** `toJSON(secrets)` (the whole context, also inside format() and the like), not `toJSON(secrets.X)`. */
const allSecrets = (inner: string) => /toJSON\s*\(\s*secrets\s*\)/i.test(inner) || contextPaths(inner, true).some((c) => c.path === 'secrets');

const TRUSTED_OWNERS = /^(actions|github)\//;

export default workflowRule(
  ruleMeta({
    id: 'GHA006', name: 'gha-secret-exposure', title: 'Secret echoed, over-shared or passed to an unpinned third-party action', severity: 'warning', language: 'github-actions',
    peers: ['zizmor:overprovisioned-secrets', 'zizmor:secrets-inherit'],
    docs: {
      description: 'A secret is printed by a `run:` script (`echo`/`printf` of `${{ secrets.X }}`), all secrets are serialised (`toJSON(secrets)`, in a script, `env:`, `with:` or anywhere else, also inside `format()`), reusable workflows get `secrets: inherit`, or a secret is passed in `with:`/`env:` to a third-party action that is not pinned to a commit SHA.',
      rationale: 'Log masking only hides the exact secret string: encoded, split or transformed values leak into logs anyone with read access can see. An unpinned third-party action receiving a secret can be changed upstream to exfiltrate it.',
      remediation: 'Never print secrets; pass only the secrets a step needs; pin actions that receive secrets to a commit SHA (or use OIDC instead of long-lived secrets); list the secrets a reusable workflow needs instead of `inherit`.',
      example: { bad: '- run: echo "token=${{ secrets.NPM_TOKEN }}"\n', good: '- run: npm publish\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n' },
    },
  }),
  (wf, ctx) => {
    // toJSON(secrets) wherever it is written: one finding per expression
    for (const v of scalarsOf(wf.root)) {
      for (const e of expressionsIn(v, ctx.text)) {
        if (allSecrets(e.inner)) ctx.report({ loc: [e.start, e.end], message: `toJSON(secrets) puts every secret of the repository and organisation into ${v.keyLoc ? `'${ctx.text.slice(v.keyLoc[0], v.keyLoc[1])}'` : 'this value'} (over-provisioned), where one leak exposes them all; reference only the secrets needed, e.g. secrets.NAME.` });
      }
    }
    for (const j of wf.jobs) {
      const sec = j.view.get('secrets');
      if (sec.str === 'inherit') ctx.report({ loc: sec.loc, message: `job '${j.id}': secrets: inherit hands every repository and organisation secret to the called workflow; pass only the secrets it needs.` });
      for (const s of j.steps) {
        if (s.run.isScalar) {
          for (const e of expressionsIn(s.run, ctx.text)) {
            if (allSecrets(e.inner) || !/\bsecrets\./.test(e.inner)) continue;
            const ls = ctx.text.lastIndexOf('\n', e.start - 1) + 1;
            const line = ctx.text.slice(ls, e.start);
            if (/\b(echo|printf|print|Write-Host|Write-Output)\b/.test(line)) ctx.report({ loc: [e.start, e.end], message: `${stepName(s)}: the secret is printed to the log, where transformed or partial values are not masked; do not print secrets.` });
          }
        }
        const p = s.uses ? parseUses(s.uses) : undefined;
        if (!p || TRUSTED_OWNERS.test(p.action) || isShaPinned(p.ref)) continue;
        for (const k of ['with', 'env']) {
          for (const [name, v] of s.view.get(k).entries()) {
            for (const e of expressionsIn(v, ctx.text)) {
              if (/\bsecrets\./.test(e.inner) && !allSecrets(e.inner)) ctx.report({ loc: [e.start, e.end], message: `${stepName(s)}: a secret is passed in ${k}.${name} to '${s.uses}', a third-party action not pinned to a commit SHA, whose code can change under you; pin it to a full SHA.` });
            }
          }
        }
      }
    }
  },
);
