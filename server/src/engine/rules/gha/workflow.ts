import { defineRule } from '../../rule';
/** GitHub Actions workflows: recognition and traversal. */
import type { DocModel } from '../../yaml/parse';
import type { YView } from '../../yaml/nodes';
import type { RuleContext, YamlDocRule } from '../../rule';
import type { RuleMeta } from '../../types';

export interface Step { view: YView; job: Job; index: number; uses?: string; usesView: YView; run: YView }
export interface Job { id: string; view: YView; steps: Step[] }
/**
 * A workflow, or a composite action (`action.yml` with `runs.using: composite`) read as a workflow
 * with one job, `(composite)`, and no triggers: who can reach it depends on the workflows that call it.
 */
export interface Workflow { kind: 'workflow' | 'action'; root: YView; on: YView; triggers: Set<string>; jobs: Job[]; jobsView: YView }

export function isWorkflowPath(file: string): boolean {
  return /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(file);
}

/**
 * A workflow is a mapping with `on` (which YAML 1.1 reads as the boolean key `true`) and a `jobs`
 * mapping whose jobs have `steps` or call a reusable workflow (`uses`). Files under
 * `.github/workflows/` only need `jobs`.
 */
export function workflowOf(doc: DocModel, file: string): Workflow | undefined {
  // every workflow rule asks, for every document: read once per document (and file name)
  const hit = workflows.get(doc);
  if (hit && hit.file === file) return hit.wf;
  const wf = readWorkflow(doc, file);
  workflows.set(doc, { file, wf });
  return wf;
}

const workflows = new WeakMap<DocModel, { file: string; wf: Workflow | undefined }>();

function readWorkflow(doc: DocModel, file: string): Workflow | undefined {
  const root = doc.root;
  if (!root.isMap || root.get('apiVersion').exists || root.get('kind').exists) return undefined;
  const jobsView = root.get('jobs');
  if (!jobsView.isMap) return compositeActionOf(root, file);
  let on = root.get('true');
  if (!on.exists) on = root.get('on');
  const jobEntries = jobsView.entries().filter(([, j]) => j.isMap);
  const shaped = jobEntries.some(([, j]) => j.get('steps').isSeq || j.get('uses').exists);
  if (!shaped) return undefined;
  if (!on.exists && !isWorkflowPath(file)) return undefined;
  const triggers = new Set<string>();
  if (on.string) triggers.add(on.string);
  for (const t of on.items()) if (t.string) triggers.add(t.string);
  for (const [k] of on.entries()) triggers.add(k);
  const jobs: Job[] = jobEntries.map(([id, view]) => {
    const job: Job = { id, view, steps: [] };
    job.steps = view.get('steps').items().map((s, index) => {
      const usesView = s.get('uses');
      return { view: s, job, index, uses: usesView.string, usesView, run: s.get('run') };
    });
    return job;
  });
  return { kind: 'workflow', root, on, triggers, jobs, jobsView };
}

export function isActionPath(file: string): boolean {
  return /(^|[\\/])action\.ya?ml$/i.test(file);
}

/**
 * A composite action: `runs: { using: composite, steps: [...] }`, in a file named action.yml /
 * action.yaml, or elsewhere when it also has the `name` and `description` every action metadata file has.
 */
function compositeActionOf(root: YView, file: string): Workflow | undefined {
  const runs = root.get('runs');
  if (runs.get('using').str?.toLowerCase() !== 'composite' || !runs.get('steps').isSeq) return undefined;
  if (!isActionPath(file) && !(root.get('name').exists && root.get('description').exists)) return undefined;
  const job: Job = { id: '(composite)', view: runs, steps: [] };
  job.steps = runs.get('steps').items().map((s, index) => {
    const usesView = s.get('uses');
    return { view: s, job, index, uses: usesView.string, usesView, run: s.get('run') };
  });
  return { kind: 'action', root, on: root.get('on'), triggers: new Set(), jobs: [job], jobsView: root.get('jobs') };
}

/**
 * Triggers that run with the base repository's token and secrets on events anyone can cause
 * (opening an issue, commenting, a fork's pull request or its completed workflow run).
 */
export const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run', 'issue_comment', 'issues', 'discussion', 'discussion_comment'];

export function privilegedTriggers(wf: Workflow): string[] {
  return PRIVILEGED_TRIGGERS.filter((t) => wf.triggers.has(t));
}

/**
 * How exploitable an attacker-controlled pattern is in this workflow: an error under a privileged
 * trigger, a warning otherwise (at most), with the words that say why.
 */
export function exposure(wf: Workflow): { severity: 'error' | 'warning'; why: string } {
  const p = privilegedTriggers(wf);
  if (p.length) return { severity: 'error', why: `exploitable: the ${p.join('/')} trigger runs it with the base repository's token and secrets` };
  if (wf.kind === 'action') return { severity: 'warning', why: 'a composite action: exploitable when a workflow calling it runs on a privileged trigger' };
  const t = [...wf.triggers];
  if (wf.triggers.has('workflow_call')) return { severity: 'warning', why: 'a reusable workflow: exploitable when a caller runs on a privileged trigger' };
  return { severity: 'warning', why: `not directly exploitable from outside: the workflow runs on ${t.length ? t.join('/') : 'no recognised trigger'} only, not on a privileged trigger such as pull_request_target` };
}

export function workflowRule(m: RuleMeta, check: (wf: Workflow, ctx: RuleContext) => void): YamlDocRule {
  return defineRule('yaml-doc', m, (doc, ctx) => {
    const wf = workflowOf(doc, ctx.file);
    if (wf) check(wf, ctx);
  });
}

export function stepName(s: Step): string {
  const n = s.view.get('name').str ?? s.view.get('id').str ?? s.uses ?? `#${s.index + 1}`;
  return `job '${s.job.id}', step '${n}'`;
}

/**
 * A scalar's value as the runner reads it, a string: the source text of a plain scalar (the YAML
 * 1.1 schema reads `.` as a number, NaN, and `1.10` as 1.1), else the parsed string.
 */
export function scalarText(v: YView, text: string): string | undefined {
  if (!v.isScalar) return undefined;
  if (typeof v.value !== 'string' && v.value !== null) {
    const raw = text.slice(v.loc[0], v.loc[1]);
    if (!/^["']/.test(raw)) return raw.trim();
  }
  return v.str;
}

export function isShaPinned(ref: string): boolean { return /^[0-9a-f]{40}$/i.test(ref); }

/** `owner/repo[/path]@ref` parts of a `uses:` value; undefined for local (`./`) and docker actions. */
export function parseUses(uses: string): { action: string; ref: string } | undefined {
  if (uses.startsWith('./') || uses.startsWith('docker://')) return undefined;
  const at = uses.lastIndexOf('@');
  if (at < 0) return { action: uses, ref: '' };
  return { action: uses.slice(0, at), ref: uses.slice(at + 1) };
}

export interface Expr { text: string; inner: string; start: number; end: number }

/** `${{ ... }}` expressions written in the source range of a scalar (absolute offsets). */
export function expressionsIn(v: YView, text: string): Expr[] {
  if (!v.isScalar) return [];
  const [s, e] = v.loc;
  const src = text.slice(s, e);
  const out: Expr[] = [];
  const re = /\$\{\{([\s\S]*?)\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) out.push({ text: m[0], inner: m[1].trim(), start: s + m.index, end: s + m.index + m[0].length });
  return out;
}

/**
 * Context paths read by an expression (lower case, as contexts are case-insensitive), with their
 * offsets in `inner`: `github.event.commits[0].message` is `github.event.commits.*.message`,
 * `github['head_ref']` is `github.head_ref`, and a computed index is `*` and is read too
 * (`a[github.event.issue.title]` reads both). Arguments of `contains`/`startsWith`/`endsWith`
 * and operands of comparisons (`==`, `!=`, `<`...) are skipped unless `all`: they yield a boolean,
 * which cannot carry injected text. `(a || b).x` reads `a.x` and `b.x`.
 */
export function contextPaths(inner: string, all = false): { path: string; start: number; end: number }[] {
  const out: { path: string; start: number; end: number }[] = [];
  const n = inner.length;
  const skipString = (i: number): number => { // at a quote: index after the closing quote ('' escapes)
    for (let j = i + 1; j < n; j++) if (inner[j] === "'") { if (inner[j + 1] === "'") j++; else return j + 1; }
    return n;
  };
  // matching brackets, in one pass (strings skipped): closing(i) is the index of the bracket closing i, or n
  const match = new Map<number, number>();
  const stack: number[] = [];
  for (let j = 0; j < n; j++) {
    const c = inner[j];
    if (c === "'") { j = skipString(j) - 1; continue; }
    if (c === '[' || c === '(') stack.push(j);
    else if ((c === ']' || c === ')') && stack.length) match.set(stack.pop()!, j);
  }
  const closing = (i: number): number => match.get(i) ?? n;
  let depth = 0;
  const scan = (from: number, to: number): void => {
    if (++depth > 64) { depth--; return; } // nesting no real expression has
    try { scanAt(from, to); } finally { depth--; }
  };
  const scanAt = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      const c = inner[i];
      if (c === "'") { i = skipString(i); continue; }
      if (c === '(') { // a group: `(a || b).field` reads a.field and b.field
        const e = closing(i);
        const first = out.length;
        scan(i + 1, e);
        const suffixRe = /(?:\s*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\.\*|\[\s*(?:'[^']*'|\d+|\*)\s*\]))+/y;
        suffixRe.lastIndex = e + 1;
        const m = e + 1 < to ? suffixRe.exec(inner) : null;
        if (m) {
          const suffix = m[0].replace(/\s+/g, '').replace(/\[\s*'([^']*)'\s*\]/g, '.$1').replace(/\[(\d+|\*)\]/g, '.*').toLowerCase();
          for (let k = first; k < out.length; k++) out[k] = { ...out[k], path: out[k].path + suffix };
          i = e + 1 + m[0].length;
        } else i = e + 1;
        continue;
      }
      if (!/[A-Za-z_]/.test(c) || (i > 0 && /[A-Za-z0-9_.\-]/.test(inner[i - 1]))) { i++; continue; }
      let j = i;
      while (j < to && /[A-Za-z0-9_-]/.test(inner[j])) j++;
      const head = inner.slice(i, j);
      let k = j;
      while (k < to && inner[k] === ' ') k++;
      if (inner[k] === '(') { // a function call: scan its arguments unless its result is a boolean
        const e = closing(k);
        if (all || !/^(contains|startswith|endswith)$/i.test(head)) scan(k + 1, e);
        i = e + 1;
        continue;
      }
      if (/^(true|false|null|nan|infinity)$/i.test(head)) { i = j; continue; }
      const segs = [head.toLowerCase()];
      while (j < to) {
        if (inner[j] === '.' && inner[j + 1] === '*') { segs.push('*'); j += 2; continue; }
        if (inner[j] === '.' && /[A-Za-z_]/.test(inner[j + 1] ?? '')) {
          let e = j + 1;
          while (e < to && /[A-Za-z0-9_-]/.test(inner[e])) e++;
          segs.push(inner.slice(j + 1, e).toLowerCase()); j = e; continue;
        }
        if (inner[j] === '[') {
          const e = closing(j);
          const idx = inner.slice(j + 1, e).trim();
          const lit = /^'((?:[^']|'')*)'$/.exec(idx);
          if (lit) segs.push(lit[1].replace(/''/g, "'").toLowerCase());
          else { segs.push('*'); if (!/^(\d+|\*)$/.test(idx)) scan(j + 1, e); }
          j = e + 1; continue;
        }
        break;
      }
      // an operand of a comparison yields a boolean, which carries no text (unless `all`)
      let a = j; while (a < to && /\s/.test(inner[a])) a++;
      let b = i - 1; while (b >= from && /\s/.test(inner[b])) b--;
      const compared = (a < to && /[=!<>]/.test(inner[a]) && (inner[a] !== '=' && inner[a] !== '!' || inner[a + 1] === '=')) || (b >= from && (inner[b] === '<' || inner[b] === '>' || (inner[b] === '=' && /[=!<>]/.test(inner[b - 1] ?? ''))));
      if (all || !compared) out.push({ path: segs.join('.'), start: i, end: j });
      i = j;
    }
  };
  scan(0, n);
  return out;
}

/** Untrusted inputs (actionlint's list, docs/checks.md#untrusted-inputs, and zizmor's), as patterns over lower-case context paths. */
const UNTRUSTED = [
  /^github\.event\.issue\.title$/, /^github\.event\.issue\.body$/, /^github\.event\.pull_request\.title$/, /^github\.event\.pull_request\.body$/,
  /^github\.event\.comment\.body$/, /^github\.event\.review\.body$/, /^github\.event\.review_comment\.body$/, /^github\.event\.pages\.[^.]+\.page_name$/,
  /^github\.event\.commits\.[^.]+\.message$/, /^github\.event\.head_commit\.message$/, /^github\.event\.head_commit\.author\.email$/, /^github\.event\.head_commit\.author\.name$/,
  /^github\.event\.commits\.[^.]+\.author\.email$/, /^github\.event\.commits\.[^.]+\.author\.name$/, /^github\.event\.pull_request\.head\.ref$/,
  /^github\.event\.pull_request\.head\.label$/, /^github\.event\.pull_request\.head\.repo\.default_branch$/, /^github\.head_ref$/,
  /^github\.event\.workflow_run\.head_branch$/, /^github\.event\.workflow_run\.head_commit\.message$/, /^github\.event\.workflow_run\.head_commit\.author\.(email|name)$/,
  /^github\.event\.discussion\.(title|body)$/,
  /^github\.event\.workflow_run\.display_title$/, /^github\.event\.workflow_run\.pull_requests\.[^.]+\.head\.ref$/,
  /^github\.event\.(pull_request\.head\.repo|workflow_run\.head_repository)\.description$/, /^github\.event\.pull_request\.head\.repo\.homepage$/,
];

/** Objects whose serialisation (`toJSON(github.event)`, `github.event.pull_request`) carries attacker-written text. */
const UNTRUSTED_OBJECT = /^github\.event(\.(pull_request|issue|comment|review|review_comment|discussion|head_commit|commits|commits\.\*|pages|workflow_run|workflow_run\.head_commit|pull_request\.head|pull_request\.head\.repo))?$/;

export function isUntrustedPath(p: string): boolean {
  if (UNTRUSTED.some((r) => r.test(p)) || UNTRUSTED_OBJECT.test(p)) return true;
  return /^github\.event\.[a-z0-9_.]*\*/.test(p) && /(body|title|message|name|email|ref|label|page_name)$/.test(p);
}

/** Untrusted context paths used in an expression (e.g. `github.event.issue.title`), each once. */
export function untrustedIn(inner: string): string[] {
  return [...new Set(contextPaths(inner).map((c) => c.path).filter(isUntrustedPath))];
}

export function jobTriggersPr(wf: Workflow): string[] {
  return ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'].filter((t) => wf.triggers.has(t));
}
