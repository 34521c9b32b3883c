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
import { RunMap, runsOf, withRuns } from './runs';
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
 * findings per document (runs.ts), each document's findings are sorted once (cached: an unchanged
 * document keeps its array) and the cross-resource findings are merged into the documents they
 * start in, which gives what sorting them all gives (the sort is stable, and documents' findings
 * start on their own lines); the result keeps its runs. The documents that are as they were in the
 * file's last merge, with the same cross-resource findings, are copied from it (RunMap).
 */
export function mergeFindings(res: FileResult, extra: Finding[] | undefined): FileResult {
  if (!extra?.length) return res;
  const runs = runsOf(res), runLines = res.runLines;
  if (!runs?.length || !runLines) return { ...res, findings: [...res.findings, ...extra].sort(byPosition) };
  const more = [...extra].sort(byPosition);
  // the cross-resource findings of each document: those that start before the next document's first line (all the rest in the last)
  const byDoc = new Map<number, Finding[]>();
  for (let d = 0, k = 0; d < runs.length && k < more.length; d++) {
    let end = k;
    if (d === runs.length - 1) end = more.length;
    else while (end < more.length && more[end].range.start.line < runLines[d + 1]) end++;
    if (end > k) { byDoc.set(d, more.slice(k, end)); k = end; }
  }
  const { outs, flat } = merges.map(res.file, runs, (run, d) => {
    const sorted = sortedRun(run);
    const mine = byDoc.get(d);
    return mine ? mergedRun(sorted, mine) : sorted;
  }, byDoc, (i, j, last) => sameFindings(byDoc.get(i), last?.get(j)));
  return withRuns({ ...res, findings: flat.slice() }, outs.slice(), runLines);
}

/** The last merge of each file (the last 8): its documents' runs and merged runs, with its cross-resource findings per document. */
const merges = new RunMap<Finding[], Finding, Map<number, Finding[]>>();

/** The same findings, in the same order (both none, too). */
function sameFindings(a: Finding[] | undefined, b: Finding[] | undefined): boolean {
  return a === b || (!!a && !!b && a.length === b.length && a.every((f, x) => f === b[x]));
}

/** A document's sorted findings with its cross-resource findings (sorted) merged in; the same array for the same findings. */
function mergedRun(sorted: Finding[], mine: Finding[]): Finding[] {
  const known = mergedRuns.get(sorted);
  if (known && sameFindings(known.extra, mine)) return known.run;
  const run: Finding[] = [];
  let i = 0;
  // stable: a document's finding before a cross-resource one at the same place
  for (const x of mine) {
    while (i < sorted.length && byPosition(sorted[i], x) <= 0) run.push(sorted[i++]);
    run.push(x);
  }
  while (i < sorted.length) run.push(sorted[i++]);
  mergedRuns.set(sorted, { extra: mine, run });
  return run;
}

/** A document's sorted findings with the cross-resource findings merged into them, as last merged. */
const mergedRuns = new WeakMap<Finding[], { extra: Finding[]; run: Finding[] }>();

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
