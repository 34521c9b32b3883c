/**
 * Scanning a set of files together (the CLI's inputs, a workspace): Namespace objects anywhere in
 * the set decide the Pod Security level of their namespace, and cross-resource rules see every file.
 */
import { Analyzer, namespaceLevels } from './analyze';
import type { Settings } from './settings';
import type { FileResult } from './types';

export interface SourceFile { file: string; text: string; languageId?: string }

export function scanTexts(files: SourceFile[], settings: Settings, analyzer: Analyzer = new Analyzer()): FileResult[] {
  const first = files.map((f) => analyzer.analyze(f.file, f.text, { settings, languageId: f.languageId }));
  const ns = namespaceLevels(files.flatMap((f) => analyzer.objects(f.file)));
  if (!Object.keys(ns).some((k) => !(k in settings.namespaces))) return first;
  const withNs: Settings = { ...settings, namespaces: { ...ns, ...settings.namespaces } };
  return files.map((f) => analyzer.analyze(f.file, f.text, { settings: withNs, languageId: f.languageId }));
}
