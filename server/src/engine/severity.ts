import type { RuleMeta, Severity } from './types';
import type { Settings } from './settings';
import { inProfile } from './profiles';

/** The severity of a rule under the settings: the rule setting, else the rule's own if its profile includes it; undefined: off. */
export function severityOf(meta: RuleMeta, settings: Settings): Severity | undefined {
  const rules = settings.rules;
  const s = Object.hasOwn(rules, meta.id) ? rules[meta.id] : Object.hasOwn(rules, meta.name) ? rules[meta.name] : undefined;
  if (s === 'off') return undefined;
  if (s) return s;
  return inProfile(meta.id, settings.profile) ? meta.severity : undefined;
}
