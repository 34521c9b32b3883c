/**
 * Shared pieces of the posture questions (./reach.ts, ./whocan.ts): where a piece of YAML is, for
 * click-through, and a workspace model made from texts (the CLI's files, a test's fixtures).
 */
import type { WorkspaceModel, WorkspaceObject } from '../rule';
import type { Loc, Range } from '../types';
import { Analyzer } from '../analyze';
import { LineIndex } from '../text';

/** A place in a file: `file` is the workspace object's file (a path in the CLI, a URI in the language server). */
export interface Where { file: string; range: Range }

export function whereOf(w: WorkspaceObject, loc: Loc): Where {
  return { file: w.file, range: w.lines.range(loc) };
}

/** `file:line:column` (1-based), for text output. */
export function showWhere(p: Where): string {
  return `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
}

/** Something the evaluator could not read exactly: the answer may be wrong, so it is reported as an error. */
export interface Problem { message: string; where?: Where }

/**
 * The objects of YAML texts as one workspace model (no rule is run), and what could not be read
 * (syntax errors, documents skipped): the objects in them are missing from the answers.
 */
export function modelOf(files: { file: string; text: string }[]): { model: WorkspaceModel; problems: Problem[] } {
  const analyzer = new Analyzer();
  const objects: WorkspaceObject[] = [];
  const problems: Problem[] = [];
  for (const f of files) {
    const r = analyzer.analyze(f.file, f.text, { objectsOnly: true, languageId: 'yaml' });
    for (const e of r.errors) problems.push({ message: `not read: ${e.message}`, where: { file: f.file, range: e.range } });
    const lines = new LineIndex(f.text);
    for (const obj of analyzer.objects(f.file)) objects.push({ obj, file: f.file, lines });
  }
  return { model: { objects }, problems };
}
