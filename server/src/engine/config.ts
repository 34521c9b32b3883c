/**
 * `.palisade.yaml`: rule severities, excluded paths, Pod Security level and version, per-namespace
 * exemptions. Pure: text in, settings and errors out. Invalid entries are reported and ignored.
 */
import { isProfile, PROFILES } from './profiles';
import { parseDocumentGuarded, MAX_NESTING, MAX_TOKENS } from './yaml/parse';
import { Settings, isPssLevel, parsePssVersion, RuleSetting } from './settings';
import type { Finding, Loc } from './types';
import { LineIndex } from './text';
import { getRule, isRuleKey } from './rules';
import { put } from './own';
import { entryProblem } from './registries';

export interface PalisadeConfig {
  settings: Partial<Settings>;
  /** Glob-like path patterns (relative to the config's directory) to skip. */
  exclude: string[];
  errors: { message: string; loc: Loc }[];
  /** The file could not be read at all (syntax, limits, aliases): none of it applies, defaults are used. */
  unusable?: true;
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export function parseConfig(text: string): PalisadeConfig {
  try {
    return readConfig(text);
  } catch (e) {
    // whatever goes wrong reading the file is a diagnostic on it: the editor and the CLI run on
    const message = `Invalid .palisade.yaml: it could not be read (${String((e as Error)?.message ?? e).split('\n')[0]}); using defaults.`;
    return { settings: {}, exclude: [], errors: [{ message, loc: [0, Math.min(text.length, Math.max(0, text.indexOf('\n')))] }], unusable: true };
  }
}

function readConfig(text: string): PalisadeConfig {
  const out: PalisadeConfig = { settings: {}, exclude: [], errors: [] };
  const parsed = parseDocumentGuarded(text, { prettyErrors: false });
  if ('refused' in parsed) {
    const why = parsed.refused === 'nesting' ? `it nests deeper than ${MAX_NESTING} levels`
      : parsed.refused === 'size' ? `it has more than ${MAX_TOKENS.toLocaleString('en-US')} YAML tokens`
      : `it could not be parsed (${parsed.error})`;
    out.errors.push({ message: `Invalid .palisade.yaml: ${why}; using defaults.`, loc: [0, Math.min(text.length, Math.max(0, text.indexOf('\n')))] });
    out.unusable = true;
    return out;
  }
  const doc = parsed.doc;
  if (doc.errors.length) {
    const e = doc.errors[0];
    out.errors.push({ message: `Invalid .palisade.yaml: ${e.message.split('\n')[0]}; using defaults.`, loc: [e.pos[0], e.pos[1]] });
    out.unusable = true;
    return out;
  }
  let js: Record<string, unknown> | null;
  try {
    js = doc.toJS({ maxAliasCount: 50 }) as Record<string, unknown> | null;
  } catch (e) {
    // `yaml` refuses documents whose aliases expand too much ("Excessive alias count ..."): a bad file is a diagnostic, not a crash
    out.errors.push({ message: `Invalid .palisade.yaml: it could not be read (${String((e as Error)?.message ?? e).split('\n')[0]}); using defaults.`, loc: [0, Math.min(text.length, Math.max(0, text.indexOf('\n')))] });
    out.unusable = true;
    return out;
  }
  if (js === null || js === undefined) return out;
  const where = (path: (string | number)[]): Loc => {
    const n = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return n?.range ? [n.range[0], n.range[1]] : [0, 0];
  };
  if (typeof js !== 'object' || Array.isArray(js)) {
    out.errors.push({ message: 'Invalid .palisade.yaml: the top level must be a mapping; using defaults.', loc: [0, text.length] });
    out.unusable = true;
    return out;
  }
  const known = new Set(['profile', 'podSecurity', 'rules', 'exclude', 'namespaces', 'requireSuppressionReason', 'budgetMs', 'images', 'helm']);
  for (const k of Object.keys(js)) if (!known.has(k)) out.errors.push({ message: `Unknown setting '${k}' in .palisade.yaml (known: ${[...known].join(', ')}).`, loc: where([k]) });
  if (js.profile !== undefined) {
    if (isProfile(js.profile)) out.settings.profile = js.profile;
    else out.errors.push({ message: `profile must be ${PROFILES.join(' or ')}, not ${JSON.stringify(js.profile)}.`, loc: where(['profile']) });
  }
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
  if (js.rules !== undefined) {
    const r = ruleSettings(js.rules, ['rules'], out, where);
    if (r) out.settings.rules = r;
  }
  if (js.exclude !== undefined) {
    if (!Array.isArray(js.exclude)) out.errors.push({ message: 'exclude must be a list of path patterns relative to the workspace root.', loc: where(['exclude']) });
    else js.exclude.forEach((x, i) => {
      if (typeof x !== 'string' || !x.trim()) out.errors.push({ message: `exclude[${i}] must be a non-empty path pattern.`, loc: where(['exclude', i]) });
      else if (escapesWorkspace(x)) out.errors.push({ message: `exclude[${i}] '${x}' points outside the workspace: patterns are relative to the workspace root, without absolute paths or '..'. It is ignored.`, loc: where(['exclude', i]) });
      else out.exclude.push(x.trim());
    });
  }
  const ns = js.namespaces as Record<string, unknown> | undefined;
  if (ns !== undefined) {
    if (typeof ns !== 'object' || ns === null || Array.isArray(ns)) out.errors.push({ message: 'namespaces must map namespace names to {level, version, rules}.', loc: where(['namespaces']) });
    else {
      const n: Settings['namespaces'] = {};
      const nr: Record<string, Record<string, RuleSetting>> = {};
      for (const [name, v] of Object.entries(ns)) {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) { out.errors.push({ message: `namespaces.${name} must be a mapping with level, version and/or rules.`, loc: where(['namespaces', name]) }); continue; }
        const o = v as Record<string, unknown>;
        for (const k of Object.keys(o)) if (!['level', 'version', 'rules'].includes(k)) out.errors.push({ message: `Unknown setting namespaces.${name}.${k} (known: level, version, rules).`, loc: where(['namespaces', name, k]) });
        if (o.level !== undefined || o.version !== undefined) {
          const level = o.level ?? out.settings.podSecurity?.level ?? 'restricted';
          const version = String(o.version ?? 'latest');
          if (!isPssLevel(level)) out.errors.push({ message: `namespaces.${name}.level must be privileged, baseline or restricted, not ${JSON.stringify(o.level)}.`, loc: where(['namespaces', name, 'level']) });
          else if (parsePssVersion(version) === undefined) out.errors.push({ message: `namespaces.${name}.version must be 'latest' or 'v1.N', not ${JSON.stringify(o.version)}.`, loc: where(['namespaces', name, 'version']) });
          else put(n, name, { level, version });
        }
        if (o.rules !== undefined) {
          const r = ruleSettings(o.rules, ['namespaces', name, 'rules'], out, where);
          if (r) put(nr, name, r);
        }
      }
      out.settings.namespaces = n;
      if (Object.keys(nr).length) out.settings.namespaceRules = nr;
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
  if (js.images !== undefined) readImages(js.images, out, where);
  if (js.helm !== undefined) readHelm(js.helm, out, where);
  return out;
}

/** A relative POSIX path normalised ('./a//b/' -> 'a/b', '' -> '.'); undefined when it climbs above its start. */
function normaliseRelative(p: string): string | undefined {
  const out: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { if (!out.length) return undefined; out.pop(); } else out.push(seg);
  }
  return out.join('/') || '.';
}

/**
 * `helm: {valuesFiles: {<chart folder>: [<values file>, ...]}}`: the extra values files a chart is rendered with
 * (the editor always, the CLI when no -f is given). Chart folders are relative to the folder of .palisade.yaml,
 * values files relative to the chart folder; neither may leave that folder. Invalid entries are reported and left
 * out; the valid ones apply.
 */
function readHelm(v: unknown, out: PalisadeConfig, where: Where): void {
  const example = "e.g. {valuesFiles: {charts/web: [values-prod.yaml]}}";
  if (typeof v !== 'object' || v === null || Array.isArray(v)) { out.errors.push({ message: `helm must be a mapping, ${example}.`, loc: where(['helm']) }); return; }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'valuesFiles') out.errors.push({ message: `Unknown setting helm.${k} (known: valuesFiles).`, loc: where(['helm', k]) });
  const vf = o.valuesFiles;
  if (vf === undefined) return;
  if (typeof vf !== 'object' || vf === null || Array.isArray(vf)) { out.errors.push({ message: `helm.valuesFiles must map chart folders (relative to the folder of .palisade.yaml) to lists of values files (relative to the chart folder), ${example}.`, loc: where(['helm', 'valuesFiles']) }); return; }
  const ok: Record<string, string[]> = {};
  for (const [chart, list] of Object.entries(vf as Record<string, unknown>)) {
    const at = ['helm', 'valuesFiles', chart];
    const label = `helm.valuesFiles[${JSON.stringify(chart)}]`;
    const key = escapesWorkspace(chart) ? undefined : normaliseRelative(chart.trim());
    if (!chart.trim() || key === undefined) { out.errors.push({ message: `helm.valuesFiles: chart folder '${chart}' points outside the workspace: chart folders are relative to the folder of .palisade.yaml, without absolute paths or '..'. It is ignored.`, loc: where(at) }); continue; }
    if (!Array.isArray(list)) { out.errors.push({ message: `${label} must be a list of values files relative to the chart folder, e.g. [values-prod.yaml]; it is ignored.`, loc: where(at) }); continue; }
    const files: string[] = [];
    list.forEach((x, i) => {
      if (typeof x !== 'string' || !x.trim()) { out.errors.push({ message: `${label}[${i}] must be a non-empty path of a values file; it is ignored.`, loc: where([...at, i]) }); return; }
      const p = x.trim().replace(/\\/g, '/');
      const abs = p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:/.test(p);
      if (abs || normaliseRelative(key === '.' ? p : `${key}/${p}`) === undefined) { out.errors.push({ message: `${label}[${i}] '${x}' points outside the workspace: values files are relative to the chart folder and must stay inside the folder of .palisade.yaml. It is ignored.`, loc: where([...at, i]) }); return; }
      files.push(p);
    });
    if (Object.prototype.hasOwnProperty.call(ok, key)) { out.errors.push({ message: `helm.valuesFiles: chart folder '${chart}' is named twice (as '${key}'); the first entry is used.`, loc: where(at) }); continue; }
    if (files.length) put(ok, key, files);
  }
  out.settings.helm = { valuesFiles: ok };
}

type Where = (path: (string | number)[]) => Loc;

/** `images: {trustedRegistries: [...]}`: invalid entries are reported and left out; the valid ones apply. */
function readImages(v: unknown, out: PalisadeConfig, where: Where): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) { out.errors.push({ message: 'images must be a mapping, e.g. {trustedRegistries: [registry.example.com, ghcr.io/acme/]}.', loc: where(['images']) }); return; }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'trustedRegistries') out.errors.push({ message: `Unknown setting images.${k} (known: trustedRegistries).`, loc: where(['images', k]) });
  const list = o.trustedRegistries;
  if (list === undefined) return;
  if (!Array.isArray(list)) { out.errors.push({ message: 'images.trustedRegistries must be a list of registry hosts (registry.example.com) or repository prefixes (ghcr.io/acme/).', loc: where(['images', 'trustedRegistries']) }); return; }
  const ok: string[] = [];
  list.forEach((x, i) => {
    const problem = entryProblem(x);
    if (problem) out.errors.push({ message: `images.trustedRegistries[${i}] ${problem}; it is ignored.`, loc: where(['images', 'trustedRegistries', i]) });
    else ok.push((x as string).trim());
  });
  // invalid entries fall back to the default like any invalid setting: with none valid (or an empty list), nothing is checked
  if (ok.length) out.settings.images = { trustedRegistries: ok };
}

function ruleSettings(v: unknown, path: string[], out: PalisadeConfig, where: Where): Record<string, RuleSetting> | undefined {
  const label = path.join('.');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) { out.errors.push({ message: `${label} must map rule ids (or names) to off, info, warning or error.`, loc: where(path) }); return undefined; }
  const r: Record<string, RuleSetting> = {};
  for (const [id, sev] of Object.entries(v)) {
    if (!isRuleKey(id)) { out.errors.push({ message: `${label}: unknown rule '${id}' (use an id such as K8S020 or a rule name); ignored.`, loc: where([...path, id]) }); continue; }
    if (typeof sev === 'string' && SEVERITIES.has(sev)) put(r, id, sev as RuleSetting);
    else out.errors.push({ message: `${label}.${id} must be off, info, warning or error, not ${JSON.stringify(sev)}.`, loc: where([...path, id]) });
  }
  return r;
}

/** Absolute paths (POSIX, Windows drive or UNC, home) and `..` segments would reach outside the workspace. */
export function escapesWorkspace(pattern: string): boolean {
  const p = pattern.trim().replace(/\\/g, '/');
  return p.startsWith('/') || p.startsWith('~') || /^[A-Za-z]:/.test(p) || p.split('/').includes('..');
}

type GlobToken = { kind: 'lit'; ch: string } | { kind: 'one' } | { kind: 'star' } | { kind: 'any' };
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
 * An exclude pattern: `test` matches a workspace-relative path; `source` is the equivalent regular
 * expression (for messages and tests). `test` does not run that expression: it advances a set of
 * pattern positions character by character, in time proportional to path length times pattern
 * length. The backtracking expression is exponential on patterns from the workspace such as twelve
 * `**` segments before a name, or `*a*a*a*a*b` (95 s for one path): the configuration must not be
 * able to hang the editor.
 */
export interface PathMatcher { readonly source: string; test(path: string): boolean }

function globMatch(toks: GlobToken[], anySegment: boolean, s: string): boolean {
  const m = toks.length;
  let cur = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  // `*` and `**` may match nothing: a position before one also stands after it
  const close = (set: Uint8Array) => { for (let k = 0; k < m; k++) if (set[k] && (toks[k].kind === 'star' || toks[k].kind === 'any')) set[k + 1] = 1; };
  cur[0] = 1;
  close(cur);
  for (let i = 0; ; i++) {
    if (cur[m] && (i === s.length || s[i] === '/')) return true;
    if (i === s.length) return false;
    const c = s[i];
    next.fill(0);
    let live = false;
    for (let k = 0; k < m; k++) {
      if (!cur[k]) continue;
      const t = toks[k];
      if (t.kind === 'any') { if (!LINE_TERMINATOR.test(c)) { next[k] = 1; live = true; } }
      else if (t.kind === 'star') { if (c !== '/') { next[k] = 1; live = true; } }
      else if (t.kind === 'one') { if (c !== '/') { next[k + 1] = 1; live = true; } }
      else if (t.ch === c) { next[k + 1] = 1; live = true; }
    }
    // patterns without `/` match from the start of any segment
    if (anySegment && c === '/') { next[0] = 1; live = true; }
    if (!live && !anySegment) return false;
    close(next);
    [cur, next] = [next, cur];
  }
}

/** Minimal glob: `**` any path, `*` any name part, `?` one char; patterns without `/` match any segment. */
export function globMatcher(glob: string): PathMatcher {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const anySegment = !g.includes('/');
  if (g.endsWith('/')) g += '**';
  let re = '';
  const toks: GlobToken[] = [];
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') { re += '.*'; toks.push({ kind: 'any' }); i++; if (g[i + 1] === '/') i++; }
      else { re += '[^/]*'; toks.push({ kind: 'star' }); }
    } else if (ch === '?') { re += '[^/]'; toks.push({ kind: 'one' }); }
    else { re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'); toks.push({ kind: 'lit', ch }); }
  }
  return { source: anySegment ? `(^|/)${re}(/|$)` : `^${re}(/|$)`, test: (path) => globMatch(toks, anySegment, path) };
}

/** The configuration's errors as K8S101 findings in the config file (for the editor and the CLI). */
export function configFindings(text: string, cfg: PalisadeConfig = parseConfig(text)): Finding[] {
  const meta = getRule('K8S101')?.meta;
  if (!meta) return [];
  const lines = new LineIndex(text);
  return cfg.errors.map((e) => ({
    ruleId: meta.id, name: meta.name, severity: meta.severity, message: e.message,
    range: lines.range(e.loc), resource: null, references: meta.references, fixes: [],
  }));
}
