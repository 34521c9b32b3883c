/**
 * Hardening to a Pod Security level: every safe and unsafe fix of the Pod Security Standards
 * rules, evaluated at that level (namespace labels in the file do not lower it), applied round
 * after round until nothing more applies. For a whole file (the Harden File command), or for the
 * one YAML document that holds a workload (the "Harden <workload> to <level>" quick fix): only
 * that document is analysed and changed, so the quick fix costs the same in a 10,000-line file as
 * in a 30-line one, and it never touches the other documents. Pure.
 */
import { Analyzer } from '../analyze';
import type { Settings } from '../settings';
import type { OffsetEdit } from '../types';
import { splitDocuments } from '../yaml/split';
import { fixText, FixResult, offsetEditsBetween } from './apply';
import { lookup, put } from '../own';

export function hardenText(file: string, text: string, level: 'baseline' | 'restricted', settings: Settings, opts: { languageId?: string } = {}): FixResult {
  const s: Settings = { ...settings, podSecurity: { ...settings.podSecurity, level }, namespaces: { ...settings.namespaces } };
  const a = new Analyzer();
  a.analyze(file, text, { settings: s, languageId: opts.languageId });
  for (const o of a.objects(file)) put(s.namespaces, o.namespace, { level, version: lookup(settings.namespaces, o.namespace)?.version ?? settings.podSecurity.version });
  return fixText(file, text, s, { applicability: ['safe', 'unsafe'], rule: (f) => f.references.pss !== null }, { languageId: opts.languageId });
}

export interface HardenEdit {
  /** Edits of the file's text (offsets into it). */
  edits: OffsetEdit[];
  /** Fixes applied, and the rules they fixed. */
  applied: number;
  rules: Set<string>;
}

/**
 * Every Pod Security fix `level` needs for the YAML document holding `offset`, as edits of the whole
 * file; undefined when nothing applies. JSON files are one document.
 */
export function hardenDocumentAt(file: string, text: string, offset: number, level: 'baseline' | 'restricted', settings: Settings, opts: { languageId?: string } = {}): HardenEdit | undefined {
  const chunks = splitDocuments(text);
  let c = chunks[0];
  for (const x of chunks) if (x.offset <= offset) c = x;
  if (!c) return undefined;
  const r = hardenText(file, c.text, level, settings, opts);
  if (!r.applied || r.text === c.text) return undefined;
  const edits = offsetEditsBetween(c.text, r.text).map((e) => ({ start: e.start + c.offset, end: e.end + c.offset, newText: e.newText }));
  return { edits, applied: r.applied, rules: r.rules };
}
