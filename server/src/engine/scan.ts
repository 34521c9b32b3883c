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

/** Merges cross-resource findings into a file's result (kept in position order). */
export function mergeFindings(res: FileResult, extra: Finding[] | undefined): FileResult {
  if (!extra?.length) return res;
  return { ...res, findings: [...res.findings, ...extra].sort(byPosition) };
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
