/** `palisade.*` client settings to engine settings. */
import { isProfile } from '../engine/profiles';
import { defaultSettings, isPssLevel, parsePssVersion, Settings, RuleSetting } from '../engine/settings';

export interface ClientSettings {
  profile?: string;
  podSecurity?: { level?: string; version?: string };
  rules?: Record<string, string>;
  requireSuppressionReason?: boolean;
  budgetMs?: number;
  debounceMs?: number;
  fix?: { unsafe?: boolean };
}

export function toEngineSettings(c: ClientSettings | undefined, base: Settings = defaultSettings()): Settings {
  const s: Settings = { ...base, podSecurity: { ...base.podSecurity }, rules: { ...base.rules }, namespaces: { ...base.namespaces } };
  if (!c) return s;
  if (isProfile(c.profile)) s.profile = c.profile;
  if (isPssLevel(c.podSecurity?.level)) s.podSecurity.level = c.podSecurity!.level as Settings['podSecurity']['level'];
  if (c.podSecurity?.version && parsePssVersion(c.podSecurity.version) !== undefined) s.podSecurity.version = c.podSecurity.version;
  if (c.rules && typeof c.rules === 'object') {
    for (const [k, v] of Object.entries(c.rules)) if (['off', 'info', 'warning', 'error'].includes(v)) s.rules[k] = v as RuleSetting;
  }
  if (typeof c.requireSuppressionReason === 'boolean') s.requireSuppressionReason = c.requireSuppressionReason;
  if (typeof c.budgetMs === 'number' && c.budgetMs > 0) s.budgetMs = c.budgetMs;
  return s;
}
