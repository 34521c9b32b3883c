/**
 * Reusable workflows across the files of a workspace: the workflows of a scan parsed once per text,
 * local `uses: ./.github/workflows/x.yml` calls resolved to the file they call, and GITHUB_TOKEN
 * permissions as levels per scope (what a job is granted, what a called workflow's jobs can use).
 */
import { splitDocuments } from '../../yaml/split';
import { parseChunk } from '../../yaml/parse';
import { workflowOf, isWorkflowPath, Job, Workflow } from './workflow';
import { SCOPES } from './GHA014-gha-invalid-permissions';
import type { WorkspaceModel, WorkspaceSource } from '../../rule';
import type { LineIndex } from '../../text';
import type { YView } from '../../yaml/nodes';

/** A workflow file of the workspace, parsed; `wf` undefined when the file is not a workflow or not analysable. */
export interface WorkspaceWorkflow { src: WorkspaceSource; wf: Workflow | undefined }

/**
 * A cheap test on a file that holds no Kubernetes object: a workflow file (under
 * `.github/workflows/`) or a text with top-level `on:` and `jobs:` keys.
 */
export function mayBeWorkflow(file: string, text: string): boolean {
  return isWorkflowPath(file) || (/^jobs[ \t]*:/m.test(text) && /^(?:on|"on"|'on')[ \t]*:/m.test(text));
}

/**
 * Parsed workflows by line index (stable while a file's text is: the language server keeps one per
 * text), so that a run of the rules over an unchanged workspace neither parses nor tests a file again.
 */
const parsed = new WeakMap<LineIndex, { text: string; file: string; candidate: boolean; wf: Workflow | undefined }>();

/**
 * One file's workflow: its single YAML document; a file that does not parse (or holds several
 * documents) is none. `candidate`: whether the file may be a workflow at all (mayBeWorkflow).
 */
function parse(src: WorkspaceSource): { candidate: boolean; wf: Workflow | undefined } {
  const hit = parsed.get(src.lines);
  if (hit && hit.text === src.text && hit.file === src.file) return hit;
  let wf: Workflow | undefined;
  const candidate = mayBeWorkflow(src.file, src.text);
  const docs = candidate ? splitDocuments(src.text).map((c, i) => ({ c, m: parseChunk(c, i) })).filter((d) => d.m.skipped !== 'empty') : [];
  if (docs.length === 1 && !docs[0].m.skipped) {
    docs[0].m.pd.offset = docs[0].c.offset;
    wf = workflowOf(docs[0].m, src.file);
    if (wf?.kind !== 'workflow') wf = undefined;
  }
  const entry = { text: src.text, file: src.file, candidate, wf };
  parsed.set(src.lines, entry);
  return entry;
}

/** Comparable form of a path or file URI: forward slashes, percent escapes decoded. */
function pathKey(file: string): string {
  const s = file.replace(/\\/g, '/');
  try { return decodeURI(s); } catch { return s; }
}

export interface WorkflowIndex { all: WorkspaceWorkflow[]; byKey: Map<string, WorkspaceWorkflow> }

const indexes = new WeakMap<WorkspaceModel, WorkflowIndex>();

/** The workflows among the files of the model (files with Kubernetes objects are not). */
export function workflowsOf(model: WorkspaceModel): WorkflowIndex {
  let ix = indexes.get(model);
  if (ix) return ix;
  ix = { all: [], byKey: new Map() };
  const withObjects = new Set(model.objects.map((o) => o.file));
  for (const src of model.files ?? []) {
    if (withObjects.has(src.file)) continue;
    const { candidate, wf } = parse(src);
    if (!candidate) continue;
    const w: WorkspaceWorkflow = { src, wf };
    ix.all.push(w);
    ix.byKey.set(pathKey(src.file), w);
  }
  indexes.set(model, ix);
  return ix;
}

/**
 * The file a local call (`./.github/workflows/x.yml`) of a workflow at `<root>/.github/workflows/`
 * names: `<root>/.github/workflows/x.yml`. Undefined when the caller is not in such a folder (the
 * repository root is unknown) or the path leaves the repository.
 */
export function localCallee(ix: WorkflowIndex, callerFile: string, uses: string): WorkspaceWorkflow | undefined {
  const m = /^((?:.*\/)?)\.github\/workflows\/[^/]+$/i.exec(pathKey(callerFile));
  if (!m || !uses.startsWith('./')) return undefined;
  const rel = uses.slice(2);
  if (rel.split('/').some((p) => p === '..' || p === '')) return undefined;
  return ix.byKey.get(m[1] + rel);
}

// ------------------------------------------------------------------ permissions

/** Access per scope: 0 none, 1 read, 2 write (`metadata: read` is always granted and not a scope here). */
export type Grant = Record<string, number>;
export const LEVELS = ['none', 'read', 'write'];
const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

/** Every scope at `level`, or at the most below it the scope takes (`read-all` gives no `id-token`, `write-all` reads `models`). */
export function allAt(level: number): Grant {
  const g: Grant = {};
  for (const s of Object.keys(SCOPES)) g[s] = Math.max(0, ...SCOPES[s].map((v) => LEVEL[v]).filter((l) => l <= level));
  return g;
}

/**
 * The token of a job that sets no permissions in a workflow that sets none: the repository's
 * default, assumed permissive (read and write on every scope, `id-token` none, `models` read), the
 * default of repositories and organisations created before February 2023 and of many since.
 */
export const DEFAULT_TOKEN: Grant = (() => { const g = allAt(2); g['id-token'] = 0; return g; })();

/** A `permissions:` value as a grant; 'inherit' when absent, 'invalid' when GitHub would reject it (GHA014 says why). */
export function grantOf(v: YView): Grant | 'inherit' | 'invalid' {
  if (!v.exists) return 'inherit';
  if (v.isScalar) return v.str === 'read-all' ? allAt(1) : v.str === 'write-all' ? allAt(2) : 'invalid';
  if (!v.isMap) return 'invalid';
  const g = allAt(0);
  for (const [scope, x] of v.entries()) {
    const val = x.str ?? '';
    if (!SCOPES[scope]?.includes(val)) return 'invalid';
    g[scope] = LEVEL[val];
  }
  return g;
}

/** The permissions block a job runs with: its own, else its workflow's, else none (the default token, or a caller's). */
export function permissionsOf(wf: Workflow, job: Job): YView | undefined {
  const own = job.view.get('permissions');
  if (own.exists) return own;
  const top = wf.root.get('permissions');
  return top.exists ? top : undefined;
}

/**
 * At most what the jobs of a called workflow can use: the union of the permissions they declare
 * (their own, else their workflow's; a call job without either, what its own callee needs). A
 * called job gets what it declares, capped by the caller (GitHub refuses to start the run when it
 * declares more), so the caller needs to grant no more than this. Undefined when a job takes the
 * caller's permissions as they are (it declares none), or the callee cannot be read, is not a
 * reusable workflow, or is called in a cycle.
 */
export function needOf(ix: WorkflowIndex, callee: WorkspaceWorkflow, seen: Set<WorkspaceWorkflow> = new Set()): Grant | undefined {
  const wf = callee.wf;
  if (!wf || !wf.triggers.has('workflow_call') || seen.has(callee) || seen.size > 8) return undefined;
  seen.add(callee);
  try {
    const union = allAt(0);
    for (const job of wf.jobs) {
      const p = permissionsOf(wf, job);
      let g: Grant | 'inherit' | 'invalid' | undefined = p ? grantOf(p) : 'inherit';
      if (g === 'invalid') return undefined;
      if (g === 'inherit') {
        const uses = job.view.get('uses').string;
        const next = uses ? localCallee(ix, callee.src.file, uses) : undefined;
        g = next ? needOf(ix, next, seen) : undefined;
        if (!g) return undefined;
      }
      for (const s of Object.keys(union)) union[s] = Math.max(union[s], g[s]);
    }
    return union;
  } finally {
    seen.delete(callee);
  }
}

/** `contents: read, id-token: write` (scopes above none, in GitHub's order). */
export function describeGrant(g: Grant, scopes = Object.keys(g)): string {
  const parts = scopes.filter((s) => g[s] > 0).map((s) => `${s}: ${LEVELS[g[s]]}`);
  return parts.length ? parts.join(', ') : 'no scope';
}
