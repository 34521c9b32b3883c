/**
 * Hardening a whole file to a Pod Security level: every safe and unsafe fix of the Pod Security
 * Standards rules, for every workload of the file, evaluated at that level (namespace labels in the
 * file do not lower it), applied round after round until nothing more applies. Pure.
 */
import { Analyzer } from '../analyze';
import type { Settings } from '../settings';
import { fixText, FixResult } from './apply';
import { lookup, put } from '../own';

export function hardenText(file: string, text: string, level: 'baseline' | 'restricted', settings: Settings, opts: { languageId?: string } = {}): FixResult {
  const s: Settings = { ...settings, podSecurity: { ...settings.podSecurity, level }, namespaces: { ...settings.namespaces } };
  const a = new Analyzer();
  a.analyze(file, text, { settings: s, languageId: opts.languageId });
  for (const o of a.objects(file)) put(s.namespaces, o.namespace, { level, version: lookup(settings.namespaces, o.namespace)?.version ?? settings.podSecurity.version });
  return fixText(file, text, s, { applicability: ['safe', 'unsafe'], rule: (f) => f.references.pss !== null }, { languageId: opts.languageId });
}
