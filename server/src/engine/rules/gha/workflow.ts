/** GitHub Actions workflows: recognition and traversal. */
import type { DocModel } from '../../yaml/parse';
import type { YView } from '../../yaml/nodes';
import type { RuleContext, YamlDocRule } from '../../rule';
import type { RuleMeta } from '../../types';

export interface Step { view: YView; job: Job; index: number; uses?: string; usesView: YView; run: YView }
export interface Job { id: string; view: YView; steps: Step[] }
export interface Workflow { root: YView; on: YView; triggers: Set<string>; jobs: Job[]; jobsView: YView }

export function isWorkflowPath(file: string): boolean {
  return /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(file);
}

/**
 * A workflow is a mapping with `on` (which YAML 1.1 reads as the boolean key `true`) and a `jobs`
 * mapping whose jobs have `steps` or call a reusable workflow (`uses`). Files under
 * `.github/workflows/` only need `jobs`.
 */
export function workflowOf(doc: DocModel, file: string): Workflow | undefined {
  const root = doc.root;
  if (!root.isMap || root.get('apiVersion').exists || root.get('kind').exists) return undefined;
  const jobsView = root.get('jobs');
  if (!jobsView.isMap) return undefined;
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
  return { root, on, triggers, jobs, jobsView };
}

export function workflowRule(m: RuleMeta, check: (wf: Workflow, ctx: RuleContext) => void): YamlDocRule {
  return {
    meta: m, target: 'yaml-doc',
    check(doc, ctx) {
      const wf = workflowOf(doc, ctx.file);
      if (wf) check(wf, ctx);
    },
  };
}

export function stepName(s: Step): string {
  const n = s.view.get('name').str ?? s.view.get('id').str ?? s.uses ?? `#${s.index + 1}`;
  return `job '${s.job.id}', step '${n}'`;
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

/** Untrusted inputs (actionlint's list, docs/checks.md#untrusted-inputs), as patterns over context paths. */
const UNTRUSTED = [
  /^github\.event\.issue\.title$/, /^github\.event\.issue\.body$/, /^github\.event\.pull_request\.title$/, /^github\.event\.pull_request\.body$/,
  /^github\.event\.comment\.body$/, /^github\.event\.review\.body$/, /^github\.event\.review_comment\.body$/, /^github\.event\.pages\.[^.]+\.page_name$/,
  /^github\.event\.commits\.[^.]+\.message$/, /^github\.event\.head_commit\.message$/, /^github\.event\.head_commit\.author\.email$/, /^github\.event\.head_commit\.author\.name$/,
  /^github\.event\.commits\.[^.]+\.author\.email$/, /^github\.event\.commits\.[^.]+\.author\.name$/, /^github\.event\.pull_request\.head\.ref$/,
  /^github\.event\.pull_request\.head\.label$/, /^github\.event\.pull_request\.head\.repo\.default_branch$/, /^github\.head_ref$/,
  /^github\.event\.workflow_run\.head_branch$/, /^github\.event\.workflow_run\.head_commit\.message$/, /^github\.event\.workflow_run\.head_commit\.author\.(email|name)$/,
  /^github\.event\.discussion\.(title|body)$/,
];

/** Untrusted context paths used in an expression (e.g. `github.event.issue.title`). */
export function untrustedIn(inner: string): string[] {
  const out: string[] = [];
  const re = /\b(github\.[A-Za-z0-9_.*\[\]'"-]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner))) {
    const p = m[1].replace(/\[['"]([^'"]+)['"]\]/g, '.$1').replace(/\[\d+\]|\[\*\]/g, '.*').replace(/\.$/, '');
    if (UNTRUSTED.some((r) => r.test(p))) out.push(p);
    else if (/^github\.event\.[A-Za-z0-9_.]*\*/.test(p) && /(body|title|message|name|email|ref|label|page_name)$/.test(p)) out.push(p);
  }
  return out;
}

export function jobTriggersPr(wf: Workflow): string[] {
  return ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'].filter((t) => wf.triggers.has(t));
}
