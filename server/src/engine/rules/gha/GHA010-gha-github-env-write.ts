import { ruleMeta } from '../../rule';
import { workflowRule, stepName, expressionsIn, untrustedIn, privilegedTriggers, exposure, Step, Workflow } from './workflow';

/** A line appending to an environment file: `>> $GITHUB_ENV`, `>> "${GITHUB_PATH}"`, `$env:GITHUB_ENV`, `%GITHUB_OUTPUT%`, `tee -a $GITHUB_ENV`. */
const WRITE = /(>>?|\btee\b[^\n|]*?|Out-File\b[^\n|]*?|Add-Content\b[^\n|]*?)\s*["']?(\$\{?(GITHUB_(ENV|PATH|OUTPUT))\}?|\$env:(GITHUB_(ENV|PATH|OUTPUT))|%(GITHUB_(ENV|PATH|OUTPUT))%)/i;

/** Environment variables the step sees that are set from attacker-controlled context: name -> context. */
function taintedEnv(wf: Workflow, s: Step, text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const env of [wf.root.get('env'), s.job.view.get('env'), s.view.get('env')]) {
    for (const [k, v] of env.entries()) {
      const u = expressionsIn(v, text).flatMap((e) => untrustedIn(e.inner));
      if (u.length) out.set(k, u[0]); else out.delete(k);
    }
  }
  return out;
}

const usesVar = (line: string, names: Iterable<string>): string | undefined => {
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) continue; // not a name a shell can expand
    if (new RegExp(`\\$\\{?${n}\\b|\\$env:${n}\\b|%${n}%`, 'i').test(line)) return n;
  }
  return undefined;
};

export default workflowRule(
  ruleMeta({
    id: 'GHA010', name: 'gha-github-env-write', title: 'GITHUB_ENV / GITHUB_PATH / GITHUB_OUTPUT written from untrusted input', severity: 'error', language: 'github-actions',
    peers: ['zizmor:github-env'],
    docs: {
      description: 'A `run:` script appends to `$GITHUB_ENV` or `$GITHUB_PATH` something not wholly static in a workflow on a privileged trigger (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`, `discussion`) or in a composite action; or it appends attacker-controlled input (an environment variable set from `github.event.pull_request.title` and the like, a shell variable computed from it, or the `${{ }}` expression itself) to `$GITHUB_ENV`, `$GITHUB_PATH` or `$GITHUB_OUTPUT` on any trigger. Bash, PowerShell (`$env:GITHUB_ENV`) and cmd (`%GITHUB_ENV%`) forms are read. One finding per step.',
      rationale: 'Every later step of the job starts with the variables and PATH entries written there. An attacker who controls a line can set `BASH_ENV`, `NODE_OPTIONS` or `LD_PRELOAD`, or put their own directory first on PATH, and so run code in the privileged job; a newline in a value starts a new variable. Outputs written from attacker text carry it into `${{ steps.x.outputs.y }}` expressions of later scripts.',
      remediation: 'Do not write values derived from pull requests, issues or comments to environment files in privileged workflows: pass them to the steps that need them through `env:`, validate them against a strict pattern first, or use a fixed delimiter with a random suffix for multi-line values.',
      example: { bad: 'on: pull_request_target\n...\n- env:\n    TITLE: ${{ github.event.pull_request.title }}\n  run: echo "TITLE=$TITLE" >> "$GITHUB_ENV"\n', good: 'on: pull_request_target\n...\n- env:\n    TITLE: ${{ github.event.pull_request.title }}\n  run: ./check-title.sh "$TITLE"\n' },
    },
  }),
  (wf, ctx) => {
    const priv = privilegedTriggers(wf);
    const { severity, why } = exposure(wf);
    for (const j of wf.jobs) {
      for (const s of j.steps) {
        const script = s.run.str;
        if (!script || !/GITHUB_(ENV|PATH|OUTPUT)/i.test(script)) continue;
        const env = taintedEnv(wf, s, ctx.text);
        const tainted = new Map(env); // shell variables computed from tainted ones, in script order
        let hit: { file: string; source?: string } | undefined;
        for (const line of script.split('\n')) {
          const assign = /^\s*(?:export\s+|local\s+|\$)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
          if (assign) {
            const src = usesVar(assign[2], tainted.keys()) ?? untrustedIn(assign[2]).at(0);
            if (src) tainted.set(assign[1], tainted.get(src) ?? src);
          }
          const w = WRITE.exec(line);
          if (!w) continue;
          const file = (w[3] ?? w[5] ?? w[7]).toUpperCase();
          const before = line.slice(0, w.index);
          const exprs = [...line.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].flatMap((m) => untrustedIn(m[1]));
          const v = usesVar(before, tainted.keys());
          const source = exprs[0] ?? (v ? `$${v} (from ${tainted.get(v)})` : undefined);
          const dynamic = /[$`%]/.test(before.replace(/\$\{\{[\s\S]*?\}\}/g, '$'));
          const other = w.index > 0 ? line.slice(w.index + w[0].length) : '';
          if (source || ((priv.length || wf.kind === 'action') && file !== 'GITHUB_OUTPUT' && (dynamic || /^\s*<</.test(other) || /\bcat\b|\bprintf\b.*\$/.test(before)))) {
            hit = { file, source };
            if (source) break;
          }
        }
        if (!hit) continue;
        const loc = s.run.keyLoc ?? s.run.loc;
        const what = hit.source ? `writes ${hit.source}, attacker-controlled, to ${hit.file}` : `writes a value computed at run time to ${hit.file}`;
        const effect = hit.file === 'GITHUB_OUTPUT' ? 'it reaches every later ${{ steps.*.outputs }} expression' : `every later step starts with it (${hit.file === 'GITHUB_PATH' ? 'a directory first on PATH' : 'variables such as BASH_ENV or NODE_OPTIONS'} runs code)`;
        const sev = hit.source ? (severity === 'error' ? undefined : 'warning') : priv.length ? undefined : 'warning';
        ctx.report({ loc, severity: sev, message: `${stepName(s)}: ${what}; ${effect}; ${hit.source || wf.kind === 'action' ? why : `exploitable: the ${priv.join('/')} trigger runs it with the base repository's token and secrets`}. Pass the value through env: to the steps that need it instead.` });
      }
    }
  },
);
