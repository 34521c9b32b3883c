/**
 * Scanning a set of files together (the CLI's inputs, a workspace): Namespace objects anywhere in
 * the set decide the Pod Security level of their namespace, and cross-resource (`workspace`) rules
 * see every object of every file and report into the file of the object to edit.
 */
import { Analyzer, namespaceLevels, severityOf } from './analyze';
import { allRules } from './rules';
import { LineIndex } from './text';
import { filePositions, internalErrorReport, toFinding } from './runner';
import { applySuppressions } from './suppress';
import type { K8sObject } from './k8s/model';
import type { WorkspaceModel, WorkspaceRule } from './rule';
import type { Settings } from './settings';
import type { FileResult, Finding } from './types';

export interface SourceFile { file: string; text: string; languageId?: string }

/** One YAML file as the cross-resource rules see it. */
export interface WorkspaceFile { file: string; text: string; lines: LineIndex; objects: K8sObject[] }

export function workspaceRules(): WorkspaceRule[] {
  return allRules.filter((r): r is WorkspaceRule => r.target === 'workspace');
}

export function workspaceModel(files: WorkspaceFile[]): WorkspaceModel {
  return { objects: files.flatMap((f) => f.objects.map((obj) => ({ obj, file: f.file, lines: f.lines }))), files };
}

/**
 * Whether a workspace rule reads the text of this file although it holds no Kubernetes object (a
 * GitHub workflow calling or called by another): such files go into the WorkspaceFile list too.
 */
export function readsText(file: string, text: string): boolean {
  return workspaceRules().some((r) => r.readsText?.(file, text) ?? false);
}

/**
 * Cross-resource findings per file (only files with findings are in the map), suppressions and
 * per-namespace settings applied. Pure: no file is read or parsed here; objects come from the
 * analyzer's per-document cache.
 */
export function crossResourceFindings(files: WorkspaceFile[], settings: Settings): Map<string, Finding[]> {
  const steps = crossResourceSteps(files, settings);
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

/** The same, in steps: yields after each rule, so a language server can answer requests in between (or give up). */
export function* crossResourceSteps(files: WorkspaceFile[], settings: Settings): Generator<void, Map<string, Finding[]>, void> {
  const model = workspaceModel(files);
  const byFile = new Map<string, Finding[]>();
  for (const rule of workspaceRules()) {
    yield;
    const sev = severityOf(rule.meta, settings);
    if (!sev) continue;
    // a report may set another severity than its rule's (as in analyze.ts), unless the user set the rule's
    const own = sev === rule.meta.severity && !Object.hasOwn(settings.rules, rule.meta.id) && !Object.hasOwn(settings.rules, rule.meta.name);
    try {
      rule.check(model, {
        settings,
        report: (r) => {
          const list = byFile.get(r.file) ?? [];
          list.push(toFinding(rule.meta, own && r.severity ? r.severity : sev, r, filePositions(r.lines), r.obj));
          byFile.set(r.file, list);
        },
      });
    } catch (err) {
      // a broken cross-resource rule must not take the file analysis down
      const f = files[0];
      if (f) {
        const list = byFile.get(f.file) ?? [];
        list.push(toFinding(rule.meta, 'error', internalErrorReport(rule.meta, err, [0, 0]), filePositions(f.lines)));
        byFile.set(f.file, list);
      }
    }
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
    if (objects.length || readsText(f.file, f.text)) wsFiles.push({ file: f.file, text: f.text, lines: new LineIndex(f.text), objects });
  }
  const cross = crossResourceFindings(wsFiles, effective);
  return results.map((r) => mergeFindings(r, cross.get(r.file)));
}
