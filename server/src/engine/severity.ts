import type { RuleMeta, Severity } from './types';
import type { Settings } from './settings';
import { inProfile } from './profiles';

/** What names a rule in configuration and suppressions: its id, its name, and the former ids it was split from. */
export type RuleNames = Pick<RuleMeta, 'id' | 'name' | 'aliases'>;

/** Whether `key` (an id or name as written in a setting or suppression) names the rule: its own id or name, or one of its aliases. */
export function namesRule(key: string, meta: RuleNames): boolean {
  return key === meta.id || key === meta.name || !!meta.aliases?.includes(key);
}

/**
 * A rule's entry in a table keyed by rule id or name (`rules:` settings, per-namespace settings):
 * its own id, else its own name, else the first of its former ids (aliases) the table sets.
 */
export function ruleEntry<T>(table: Record<string, T>, meta: RuleNames): T | undefined {
  if (Object.hasOwn(table, meta.id)) return table[meta.id];
  if (Object.hasOwn(table, meta.name)) return table[meta.name];
  for (const a of meta.aliases ?? []) if (Object.hasOwn(table, a)) return table[a];
  return undefined;
}

/** The severity of a rule under the settings: the rule setting (by id, name or alias), else the rule's own if its profile includes it; undefined: off. */
export function severityOf(meta: RuleMeta, settings: Settings): Severity | undefined {
  const s = ruleEntry(settings.rules, meta);
  if (s === 'off') return undefined;
  if (s) return s;
  return inProfile(meta.id, settings.profile) ? meta.severity : undefined;
}
