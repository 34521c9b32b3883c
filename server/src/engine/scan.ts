/**
 * Scanning a set of files together (the CLI's inputs, a workspace): Namespace objects anywhere in
 * the set decide the Pod Security level of their namespace, and cross-resource (`workspace`) rules
 * see every object of every file and report into the file of the object to edit.
 */
import { Analyzer, namespaceLevels, severityOf } from './analyze';
import { allRules } from './rules';
import { LineIndex } from './text';
import { filePositions, guarded, reportSeverity, ruleSetsOf, toFinding } from './runner';
import { applySuppressions } from './suppress';
import type { K8sObject } from './k8s/model';
import type { Rule, WorkspaceModel, WorkspaceRule, WorkspaceRuleContext } from './rule';
import type { Settings } from './settings';
import type { FileResult, Finding } from './types';

export interface SourceFile { file: string; text: string; languageId?: string }

/** One YAML file as the cross-resource rules see it. */
export interface WorkspaceFile { file: string; text: string; lines: LineIndex; objects: K8sObject[] }

export function workspaceRules(registry: readonly Rule[] = allRules): WorkspaceRule[] {
  return ruleSetsOf(registry).workspace;
}

export function workspaceModel(files: WorkspaceFile[]): WorkspaceModel {
  return { objects: files.flatMap((f) => f.objects.map((obj) => ({ obj, file: f.file, lines: f.lines }))), files };
}

/**
 * Whether a workspace rule reads the text of this file although it holds no Kubernetes object (a
 * GitHub workflow calling or called by another): such files go into the WorkspaceFile list too.
 */
export function readsText(file: string, text: string, registry: readonly Rule[] = allRules): boolean {
  return workspaceRules(registry).some((r) => r.readsText?.(file, text) ?? false);
}

/**
 * Cross-resource findings per file (only files with findings are in the map), suppressions and
 * per-namespace settings applied. Pure: no file is read or parsed here; objects come from the
 * analyzer's per-document cache.
 */
export function crossResourceFindings(files: WorkspaceFile[], settings: Settings, registry: readonly Rule[] = allRules): Map<string, Finding[]> {
  const steps = crossResourceSteps(files, settings, registry);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

/** The same, in steps: yields after each rule, so a language server can answer requests in between (or give up). */
export function* crossResourceSteps(files: WorkspaceFile[], settings: Settings, registry: readonly Rule[] = allRules): Generator<void, Map<string, Finding[]>, void> {
  const model = workspaceModel(files);
  const byFile = new Map<string, Finding[]>();
  const push = (file: string, f: Finding) => {
    const list = byFile.get(file);
    if (list) list.push(f); else byFile.set(file, [f]);
  };
  for (const rule of workspaceRules(registry)) {
    yield;
    const sev = severityOf(rule.meta, settings);
    if (!sev) continue;
    const report = (r: Parameters<WorkspaceRuleContext['report']>[0]) => push(r.file, toFinding(rule.meta, reportSeverity(rule.meta, sev, r, settings), r, filePositions(r.lines), r.obj));
    // a broken cross-resource rule must not take the analysis down: its internal error goes into the first file
    guarded(rule.meta, () => rule.check(model, { settings, report }), (r) => { if (files[0]) push(files[0].file, toFinding(rule.meta, 'error', r, filePositions(files[0].lines))); });
  }
  const texts = new Map(files.map((f) => [f.file, f]));
  for (const [file, list] of byFile) {
    const f = texts.get(file);
    const kept = f ? applySuppressions(list, f.text, f.lines, f.objects, settings, { meta: false }) : list;
    kept.sort(byPosition);
    if (kept.length) byFile.set(file, kept); else byFile.delete(file);
  }
  return byFile;
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * Merges cross-resource findings into a file's result (kept in position order). With the result's
 * findings per document (`runs`), each document's findings are sorted once (cached: an unchanged
 * document keeps its array) and the cross-resource findings are merged into the documents they
 * start in, which gives what sorting them all gives (the sort is stable, and documents' findings
 * start on their own lines); the result keeps its runs.
 */
export function mergeFindings(res: FileResult, extra: Finding[] | undefined): FileResult {
  if (!extra?.length) return res;
  const runs = runsOf(res), runLines = res.runLines;
  if (!runs?.length || !runLines) return { ...res, findings: [...res.findings, ...extra].sort(byPosition) };
  const more = [...extra].sort(byPosition);
  const merged: Finding[][] = [];
  const findings: Finding[] = [];
  let k = 0;
  for (let d = 0; d < runs.length; d++) {
    const sorted = sortedRun(runs[d]);
    // the cross-resource findings that start before the next document's first line (all of them in the last)
    let end = k;
    if (d === runs.length - 1) end = more.length;
    else while (end < more.length && more[end].range.start.line < runLines[d + 1]) end++;
    let run = sorted;
    if (end > k) {
      run = [];
      let i = 0;
      // stable: a document's finding before a cross-resource one at the same place
      for (let j = k; j < end; j++) {
        while (i < sorted.length && byPosition(sorted[i], more[j]) <= 0) run.push(sorted[i++]);
        run.push(more[j]);
      }
      while (i < sorted.length) run.push(sorted[i++]);
      k = end;
    }
    merged.push(run);
    for (const f of run) findings.push(f);
  }
  return { ...res, findings, runs: merged, runLines };
}

/**
 * The result's findings per document, when its `runs` are its findings: a result copied with other
 * findings (`{ ...res, findings }`, say remapped to a template's lines) keeps runs that are not; those
 * are not used. Compares the findings one by one (object identity).
 */
export function runsOf(res: FileResult): Finding[][] | undefined {
  const { runs, findings } = res;
  if (!runs || !res.runLines || res.runLines.length !== runs.length + 1) return undefined;
  let k = 0;
  for (const run of runs) for (const f of run) if (findings[k++] !== f) return undefined;
  return k === findings.length ? runs : undefined;
}

/** A document's findings sorted by position (the same array when they are; cached per array). */
const sortedRuns = new WeakMap<Finding[], Finding[]>();
function sortedRun(run: Finding[]): Finding[] {
  let s = sortedRuns.get(run);
  if (!s) {
    let inOrder = true;
    for (let i = 1; inOrder && i < run.length; i++) if (byPosition(run[i - 1], run[i]) > 0) inOrder = false;
    s = inOrder ? run : [...run].sort(byPosition);
    sortedRuns.set(run, s);
  }
  return s;
}

export function scanTexts(files: SourceFile[], settings: Settings, analyzer: Analyzer = new Analyzer()): FileResult[] {
  let results = files.map((f) => analyzer.analyze(f.file, f.text, { settings, languageId: f.languageId }));
  let effective = settings;
  const ns = namespaceLevels(files.flatMap((f) => analyzer.objects(f.file)));
  if (Object.keys(ns).some((k) => !Object.hasOwn(settings.namespaces, k))) {
    effective = { ...settings, namespaces: { ...ns, ...settings.namespaces } };
    results = files.map((f) => analyzer.analyze(f.file, f.text, { settings: effective, languageId: f.languageId }));
  }
  const wsFiles: WorkspaceFile[] = [];
  for (const f of files) {
    const objects = analyzer.objects(f.file);
    if (objects.length || readsText(f.file, f.text, analyzer.registry)) wsFiles.push({ file: f.file, text: f.text, lines: new LineIndex(f.text), objects });
  }
  const cross = crossResourceFindings(wsFiles, effective, analyzer.registry);
  return results.map((r) => mergeFindings(r, cross.get(r.file)));
}
