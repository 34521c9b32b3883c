import type { PssLevel, Severity } from './types';
import type { Profile } from './profiles';

/** The newest Kubernetes minor whose Pod Security Standards this engine implements. */
export const LATEST_PSS_MINOR = 37;

export type RuleSetting = 'off' | Severity;

export interface PodSecuritySettings {
  level: PssLevel;
  /** 'latest' or 'v1.N'. */
  version: string;
}

export interface Settings {
  /**
   * Which rules run when `rules` does not name them, and whether stacked findings are shown merged
   * (see profiles.ts); default 'default'.
   */
  profile?: Profile;
  podSecurity: PodSecuritySettings;
  rules: Record<string, RuleSetting>;
  /** Pod Security level/version per namespace, from Namespace objects' labels or configuration. */
  namespaces: Record<string, PodSecuritySettings>;
  requireSuppressionReason: boolean;
  /** Per-namespace rule settings (`.palisade.yaml` namespaces.<ns>.rules): 'off' exempts the namespace. */
  namespaceRules?: Record<string, Record<string, RuleSetting>>;
  /** Per-file time budget in milliseconds. */
  budgetMs: number;
  /** ISO date date-dependent rules compare with (end-of-life tables); default: the current date. */
  today?: string;
  /** `.palisade.yaml` `images`: the registries images may come from (K8S072, DF029; none: not checked). */
  images?: ImageSettings;
  /** `.palisade.yaml` `helm`: how Helm charts are rendered (cli/charts.ts, lsp/charts.ts). */
  helm?: HelmSettings;
}

export interface HelmSettings {
  /** Extra values files per chart: the chart folder relative to the folder of `.palisade.yaml` ('.' for that
   *  folder itself) to its values files, relative to the chart folder, in the order `-f` would take them. */
  valuesFiles?: Record<string, string[]>;
}

export interface ImageSettings {
  /** Registry hosts and repository prefixes (see registries.ts for how they match). */
  trustedRegistries?: string[];
}

export function defaultSettings(): Settings {
  return {
    podSecurity: { level: 'restricted', version: 'latest' },
    rules: {},
    namespaces: {},
    requireSuppressionReason: false,
    budgetMs: 2000,
  };
}

export function mergeSettings(base: Settings, over: Partial<Settings> | undefined): Settings {
  if (!over) return base;
  return {
    ...base,
    ...over,
    podSecurity: { ...base.podSecurity, ...(over.podSecurity ?? {}) },
    rules: { ...base.rules, ...(over.rules ?? {}) },
    namespaces: { ...base.namespaces, ...(over.namespaces ?? {}) },
  };
}

/** Parses 'latest' | 'v1.N' | '1.N' to the minor number N; undefined when invalid. */
export function parsePssVersion(v: string | undefined): number | undefined {
  if (!v || v === 'latest') return LATEST_PSS_MINOR;
  const m = /^v?1\.(\d+)$/.exec(v.trim());
  if (!m) return undefined;
  return Math.min(Number(m[1]), LATEST_PSS_MINOR);
}

export function isPssLevel(v: unknown): v is PssLevel {
  return v === 'privileged' || v === 'baseline' || v === 'restricted';
}
