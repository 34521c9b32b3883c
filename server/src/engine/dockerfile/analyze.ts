import type { AnalysisError, FileResult, Finding, Loc, RuleMeta } from '../types';
import type { Settings } from '../settings';
import type { RuleContext } from '../rule';
import type { DockerfileRule } from './rule';
import { severityOf } from '../severity';
import { filePositions, guarded, toFinding } from '../runner';
import { parseDockerfile, DockerfileModel, Instr } from './model';
import { parseDirectives } from '../suppress';
import { getRule, isRuleKey } from '../rules';

const NAME = /(^|[\\/])((Dockerfile|Containerfile)(\.[^\\/]+)?|[^\\/]+\.(Dockerfile|Containerfile))$/i;

/** Files next to Dockerfiles that are not Dockerfiles (Dockerfile.dockerignore, Dockerfile.md, ...). */
const NOT_DOCKERFILE = /\.(dockerignore|md|markdown|txt|json|ya?ml|orig|rej|swp|bak|sh|ps1|py|go|js|ts)$/i;

export function isDockerfilePath(file: string): boolean {
  return NAME.test(file) && !NOT_DOCKERFILE.test(file);
}

/** settings.today (ISO date) when given, else the current date. */
export function todayOf(settings: Settings): Date {
  const t = settings.today;
  const d = t ? new Date(t) : new Date();
  return isNaN(d.getTime()) ? new Date() : d;
}



/**
 * Larger Dockerfiles are not analysed: parsing cannot be interrupted by the time budget and takes
 * about 0.5 s per MB (real Dockerfiles, heredoc scripts included, stay far below 100 KB).
 */
export const MAX_DOCKERFILE_CHARS = 2 * 1048576;

/** Analyses a Dockerfile. Never throws: bad input gives one diagnostic in `errors`. */
export function analyzeDockerfile(file: string, text: string, settings: Settings, rules: readonly DockerfileRule[]): FileResult {
  const errors: AnalysisError[] = [];
  if (/\u0000/.test(text.slice(0, 8192))) {
    return { file, findings: [], errors: [{ message: 'This file is not a Dockerfile: it contains binary data (NUL bytes). Nothing was checked.', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
  }
  if (text.length > MAX_DOCKERFILE_CHARS) {
    return { file, findings: [], errors: [{ message: `This Dockerfile is larger than ${MAX_DOCKERFILE_CHARS / 1048576} MB (${(text.length / 1048576).toFixed(1)} MB); it is not analysed.`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
  }
  // parsing counts against the budget too
  const started = Date.now();
  let model: DockerfileModel;
  try {
    model = parseDockerfile(file, text, todayOf(settings));
  } catch (err) {
    return { file, findings: [], errors: [{ message: `The Dockerfile could not be parsed: ${(err as Error)?.message ?? err}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
  }
  const lines = model.lines;
  if (model.problems.length) {
    const p = model.problems[0];
    errors.push({ message: p.message, range: lines.range(p.loc) });
  }
  const findings: Finding[] = [];
  const pos = filePositions(lines);
  for (const rule of rules) {
    const sev = severityOf(rule.meta, settings);
    if (!sev) continue;
    const ctx: RuleContext = {
      file, text, lines, settings,
      pss: { level: settings.podSecurity.level, minor: 0 },
      report: (r) => findings.push(toFinding(rule.meta, sev, r, pos)),
    };
    guarded(rule.meta, () => rule.check(model, ctx), (r) => findings.push(toFinding(rule.meta, 'error', r, pos)));
    if (Date.now() - started > settings.budgetMs) {
      errors.push({ message: `Analysis stopped after ${Date.now() - started} ms: the file exceeds the per-file budget of ${settings.budgetMs} ms (palisade.budgetMs).`, range: lines.range([0, 0]) });
      break;
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  let kept = findings;
  try {
    kept = suppress(findings, model, settings);
  } catch (err) {
    errors.push({ message: `Suppression comments could not be read: ${(err as Error)?.message ?? err}. All findings are shown; please report this.`, range: lines.range([0, 0]) });
  }
  return { file, findings: kept, errors };
}

// ---------------------------------------------------------------- suppressions

interface Directive { ids: Set<string>; line: number; reason: boolean }

/** Ids a suppression may name for a rule: its id, its name, and its peers' ids (DL3002, CKV_DOCKER_3, JSONArgsRecommended, DS-0002). */
function idsOf(meta: RuleMeta): { own: Set<string>; hadolint: Set<string>; checkov: Set<string>; buildkit: Set<string>; trivy: Set<string> } {
  const peer = (tool: string) => new Set(meta.references.peers.filter((p) => p.startsWith(tool + ':')).map((p) => p.slice(tool.length + 1).toUpperCase()));
  const trivy = new Set<string>();
  for (const t of peer('trivy')) {
    trivy.add(t);
    const m = /^([A-Z]+)-0*(\d+)$/.exec(t);
    if (m) { trivy.add(`${m[1]}${m[2].padStart(3, '0')}`); trivy.add(`AVD-${t}`); trivy.add(`AVD-${m[1]}-${m[2].padStart(4, '0')}`); }
  }
  return { own: new Set([meta.id, meta.name, ...(meta.aliases ?? [])].map((x) => x.toUpperCase())), hadolint: peer('hadolint'), checkov: peer('checkov'), buildkit: peer('buildkit'), trivy };
}

function splitIds(s: string): string[] {
  return s.split(/[\s,]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);
}

export function suppress(findings: Finding[], m: DockerfileModel, settings: Settings): Finding[] {
  const lineLevel: { tool: 'own' | 'hadolint' | 'trivy'; d: Directive }[] = [];
  const fileLevel: { tool: 'own' | 'hadolint' | 'checkov' | 'buildkit'; ids: Set<string>; all?: boolean }[] = [];
  // `# palisade-ignore[-file] ids -- reason`: parsed as for every other file type (engine/suppress.ts)
  const commentLines = new Set(m.comments.keys());
  const meta: Finding[] = [];
  for (const d of parseDirectives(m.text, m.lines)) {
    if (!commentLines.has(d.line)) continue;
    const ids = d.ids.map((x) => x.toUpperCase());
    if (d.file) fileLevel.push({ tool: 'own', ids: new Set(ids), all: ids.length === 0 });
    else lineLevel.push({ tool: 'own', d: { ids: new Set(ids.length ? ids : ['*']), line: d.line, reason: !!d.reason } });
    const directive = d.file ? 'palisade-ignore-file' : 'palisade-ignore';
    if (settings.requireSuppressionReason && !d.reason) metaFinding(meta, 'K8S100', `This ${directive} comment gives no reason. Add one after ' -- ' (# ${directive} ${d.ids.join(',') || '<rule>'} -- <why it does not apply>); palisade.requireSuppressionReason is on.`, d.loc, m, settings);
    for (const id of d.ids) if (!isRuleKey(id) && !isRuleKey(id.toUpperCase()) && !isRuleKey(id.toLowerCase())) metaFinding(meta, 'K8S102', `Unknown rule '${id}' in this ${directive} comment: it suppresses nothing. Use a Palisade rule id (e.g. DF001) or name; hadolint, Checkov, Trivy and BuildKit ids go in their own comments.`, d.loc, m, settings);
  }
  for (const [line, body] of m.comments) {
    let x: RegExpExecArray | null;
    if ((x = /^\s*hadolint\s+global\s+ignore\s*=\s*([A-Za-z0-9_,\s]+?)\s*(?:#.*)?$/.exec(body))) {
      fileLevel.push({ tool: 'hadolint', ids: new Set(splitIds(x[1])) });
    } else if ((x = /^\s*hadolint\s+ignore\s*=\s*([A-Za-z0-9_,\s]+?)\s*(?:#.*)?$/.exec(body))) {
      lineLevel.push({ tool: 'hadolint', d: { ids: new Set(splitIds(x[1])), line, reason: false } });
    } else if ((x = /^\s*trivy:ignore:([A-Za-z0-9_-]+)/.exec(body))) {
      lineLevel.push({ tool: 'trivy', d: { ids: new Set([x[1].toUpperCase()]), line, reason: false } });
    }
    const re = /checkov:skip=([A-Za-z0-9_]+)/g;
    while ((x = re.exec(body))) fileLevel.push({ tool: 'checkov', ids: new Set([x[1].toUpperCase()]) });
  }
  // BuildKit: `# check=skip=A,B` or `# check=skip=all` parser directive (possibly `;error=true` after it)
  for (const d of m.directives) {
    if (d.name !== 'check') continue;
    for (const part of d.value.split(';')) {
      const kv = /^\s*skip\s*=\s*(.*)$/i.exec(part);
      if (!kv) continue;
      const ids = kv[1].split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
      fileLevel.push({ tool: 'buildkit', ids: new Set(ids), all: ids.includes('ALL') });
    }
  }
  if (!lineLevel.length && !fileLevel.length) return findings;
  const withMeta = (xs: Finding[]) => {
    const extra = meta.filter((f) => !fileLevel.some((s) => s.tool === 'own' && (s.ids.has(f.ruleId) || s.ids.has(f.name.toUpperCase()))));
    return extra.length ? [...xs, ...extra].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId)) : xs;
  };

  const instrAt = (line: number): Instr | undefined => {
    let lo = 0, hi = m.instructions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const ins = m.instructions[mid];
      if (line < ins.startLine) hi = mid - 1;
      else if (line > ins.endLine) lo = mid + 1;
      else return ins;
    }
    return undefined;
  };
  /** Lines whose comments apply to a finding on `line`: the comment block above its instruction and the line just above it. */
  const governing = (line: number): Set<number> => {
    const out = new Set<number>();
    const ins = instrAt(line);
    const first = ins ? ins.startLine : line;
    for (let l = first - 1; l >= 0 && m.comments.has(l); l--) out.add(l);
    if (line - 1 >= 0 && m.comments.has(line - 1)) out.add(line - 1);
    return out;
  };
  return withMeta(findings.filter((f) => {
    const ids = idsOf(ruleMetaOf(f));
    for (const s of fileLevel) {
      const set = s.tool === 'own' ? ids.own : s.tool === 'hadolint' ? ids.hadolint : s.tool === 'checkov' ? ids.checkov : ids.buildkit;
      if (s.all && (s.tool === 'own' || set.size)) return false;
      for (const id of s.ids) if (set.has(id)) return false;
    }
    if (lineLevel.length) {
      const lines = governing(f.range.start.line);
      for (const s of lineLevel) {
        if (!lines.has(s.d.line)) continue;
        const set = s.tool === 'own' ? ids.own : s.tool === 'hadolint' ? ids.hadolint : ids.trivy;
        if (s.tool === 'own' && s.d.ids.has('*')) return false;
        for (const id of s.d.ids) if (set.has(id)) return false;
      }
    }
    return true;
  }));
}

/** A finding about a suppression comment itself (K8S100 reason missing, K8S102 unknown rule), as for YAML files. */
function metaFinding(out: Finding[], id: string, message: string, loc: Loc, m: DockerfileModel, settings: Settings): void {
  const rule = getRule(id);
  if (!rule) return;
  const sev = severityOf(rule.meta, settings);
  if (!sev) return;
  out.push({ ruleId: id, name: rule.meta.name, severity: sev, message, range: m.lines.range(loc), resource: null, references: rule.meta.references, fixes: [] });
}

function ruleMetaOf(f: Finding): RuleMeta {
  return { id: f.ruleId, name: f.name, references: f.references } as RuleMeta;
}

export type { Loc };
