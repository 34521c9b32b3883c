/**
 * `.palisade.yaml`: rule severities, excluded paths, Pod Security level and version, per-namespace
 * exemptions. Pure: text in, settings and errors out. Invalid entries are reported and ignored.
 */
import { parseDocument } from 'yaml';
import { Settings, isPssLevel, parsePssVersion, RuleSetting } from './settings';
import type { Loc } from './types';

export interface PalisadeConfig {
  settings: Partial<Settings>;
  /** Glob-like path patterns (relative to the config's directory) to skip. */
  exclude: string[];
  errors: { message: string; loc: Loc }[];
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export function parseConfig(text: string): PalisadeConfig {
  const out: PalisadeConfig = { settings: {}, exclude: [], errors: [] };
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    out.errors.push({ message: `Invalid .palisade.yaml: ${e.message.split('\n')[0]}; using defaults.`, loc: [e.pos[0], e.pos[1]] });
    return out;
  }
  const js = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown> | null;
  if (js === null || js === undefined) return out;
  const where = (path: (string | number)[]): Loc => {
    const n = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return n?.range ? [n.range[0], n.range[1]] : [0, 0];
  };
  if (typeof js !== 'object' || Array.isArray(js)) {
    out.errors.push({ message: 'Invalid .palisade.yaml: the top level must be a mapping; using defaults.', loc: [0, text.length] });
    return out;
  }
  const known = new Set(['podSecurity', 'rules', 'exclude', 'namespaces', 'requireSuppressionReason', 'budgetMs']);
  for (const k of Object.keys(js)) if (!known.has(k)) out.errors.push({ message: `Unknown setting '${k}' in .palisade.yaml (known: ${[...known].join(', ')}).`, loc: where([k]) });
  const ps = js.podSecurity as Record<string, unknown> | undefined;
  if (ps !== undefined) {
    if (typeof ps !== 'object' || ps === null) out.errors.push({ message: 'podSecurity must be a mapping with level and version.', loc: where(['podSecurity']) });
    else {
      const level = ps.level ?? 'restricted';
      const version = String(ps.version ?? 'latest');
      if (!isPssLevel(level)) out.errors.push({ message: `podSecurity.level must be privileged, baseline or restricted, not ${JSON.stringify(level)}.`, loc: where(['podSecurity', 'level']) });
      else if (parsePssVersion(version) === undefined) out.errors.push({ message: `podSecurity.version must be 'latest' or 'v1.N', not ${JSON.stringify(ps.version)}.`, loc: where(['podSecurity', 'version']) });
      else out.settings.podSecurity = { level, version };
    }
  }
  const rules = js.rules as Record<string, unknown> | undefined;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) out.errors.push({ message: 'rules must map rule ids to off|info|warning|error.', loc: where(['rules']) });
    else {
      const r: Record<string, RuleSetting> = {};
      for (const [id, v] of Object.entries(rules)) {
        if (typeof v === 'string' && SEVERITIES.has(v)) r[id] = v as RuleSetting;
        else out.errors.push({ message: `rules.${id} must be off, info, warning or error, not ${JSON.stringify(v)}.`, loc: where(['rules', id]) });
      }
      out.settings.rules = r;
    }
  }
  if (js.exclude !== undefined) {
    if (Array.isArray(js.exclude) && js.exclude.every((x) => typeof x === 'string')) out.exclude = js.exclude as string[];
    else out.errors.push({ message: 'exclude must be a list of path patterns.', loc: where(['exclude']) });
  }
  const ns = js.namespaces as Record<string, unknown> | undefined;
  if (ns !== undefined) {
    if (typeof ns !== 'object' || ns === null || Array.isArray(ns)) out.errors.push({ message: 'namespaces must map namespace names to {level, version}.', loc: where(['namespaces']) });
    else {
      const n: Settings['namespaces'] = {};
      for (const [name, v] of Object.entries(ns)) {
        const o = (v ?? {}) as Record<string, unknown>;
        if (!isPssLevel(o.level)) { out.errors.push({ message: `namespaces.${name}.level must be privileged, baseline or restricted.`, loc: where(['namespaces', name]) }); continue; }
        n[name] = { level: o.level, version: String(o.version ?? 'latest') };
      }
      out.settings.namespaces = n;
    }
  }
  if (js.requireSuppressionReason !== undefined) {
    if (typeof js.requireSuppressionReason === 'boolean') out.settings.requireSuppressionReason = js.requireSuppressionReason;
    else out.errors.push({ message: 'requireSuppressionReason must be true or false.', loc: where(['requireSuppressionReason']) });
  }
  if (js.budgetMs !== undefined) {
    if (typeof js.budgetMs === 'number' && js.budgetMs > 0) out.settings.budgetMs = js.budgetMs;
    else out.errors.push({ message: 'budgetMs must be a positive number of milliseconds.', loc: where(['budgetMs']) });
  }
  return out;
}

/** Minimal glob: `**` any path, `*` any name part, `?` one char; patterns without `/` match any segment. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const anySegment = !g.includes('/');
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') { re += '.*'; i++; if (g[i + 1] === '/') i++; }
      else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(anySegment ? `(^|/)${re}(/|$)` : `^${re}(/|$)`);
}
