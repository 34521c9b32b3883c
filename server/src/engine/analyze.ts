/**
 * The analysis pipeline: text in, findings out. YAML streams are split into documents and each
 * document's parse and findings are cached by its text, so an edit re-parses and re-checks only
 * the document it touches.
 */
import { LineIndex } from './text';
import { splitDocuments } from './yaml/split';
import { parseChunk, DocModel } from './yaml/parse';
import { objectsOf, K8sObject } from './k8s/model';
import { allRules } from './rules';
import type { Rule, RuleContext, Report } from './rule';
import type { AnalysisError, FileResult, Finding, Fix, Loc, PssLevel, RuleMeta, Severity } from './types';
import { Settings, defaultSettings, parsePssVersion, isPssLevel, LATEST_PSS_MINOR } from './settings';
import { applySuppressions } from './suppress';
import { analyzeDockerfile, isDockerfilePath } from './dockerfile/analyze';

export type FileKind = 'yaml' | 'dockerfile';

export function fileKindOf(file: string, languageId?: string): FileKind | undefined {
  if (languageId === 'dockerfile' || isDockerfilePath(file)) return 'dockerfile';
  if (languageId === 'yaml' || languageId === 'json' || languageId === 'github-actions-workflow') return 'yaml';
  if (/\.(ya?ml|json)$/i.test(file)) return 'yaml';
  return undefined;
}

/** A finding before offsets are turned into positions; offsets relative to the document chunk. */
interface RawFinding {
  rule: RuleMeta;
  severity: Severity;
  report: Report;
  obj: K8sObject | null;
}

interface DocEntry {
  model: DocModel;
  objects: K8sObject[];
  /** Findings by settings key, offsets relative to the chunk start. */
  findings: Map<string, RawFinding[]>;
  /** The findings of `raw` converted to positions when the document started at `startLine` (document `index`). */
  converted?: { raw: RawFinding[]; startLine: number; index: number; findings: Finding[] };
}

export interface AnalyzeOptions {
  settings?: Settings;
  /** Kubernetes language id hint from an editor. */
  languageId?: string;
}

/** Namespace -> Pod Security level/version from the labels of Namespace objects. */
export function namespaceLevels(objects: K8sObject[]): Record<string, { level: PssLevel; version: string }> {
  const out: Record<string, { level: PssLevel; version: string }> = {};
  for (const o of objects) {
    if (o.kind !== 'Namespace' || o.apiVersion !== 'v1' || !o.name) continue;
    const labels = o.view.at('metadata', 'labels');
    const level = labels.get('pod-security.kubernetes.io/enforce').str;
    if (!isPssLevel(level)) continue;
    out[o.name] = { level, version: labels.get('pod-security.kubernetes.io/enforce-version').str ?? 'latest' };
  }
  return out;
}

export class Analyzer {
  /** Per file: chunk text -> parsed document and findings. Holds only the documents of the current text. */
  private cache = new Map<string, Map<string, DocEntry>>();
  /** How many documents the last analysis parsed (for tests and benchmarks). */
  lastParsed = 0;

  forget(file: string): void { this.cache.delete(file); }

  /** Objects of the YAML file as last analysed (for workspace indexing). */
  objects(file: string): K8sObject[] {
    const m = this.cache.get(file);
    return m ? [...m.values()].flatMap((e) => e.objects) : [];
  }

  analyze(file: string, text: string, opts: AnalyzeOptions = {}): FileResult {
    const steps = this.analyzeSteps(file, text, opts);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * The same analysis in steps: yields after each document it parses or checks, so that a caller
   * (the language server) can serve other requests in between, and abandon a stale analysis with
   * `return()`; the documents parsed so far stay cached for the next analysis.
   */
  *analyzeSteps(file: string, text: string, opts: AnalyzeOptions = {}): Generator<void, FileResult, void> {
    const settings = opts.settings ?? defaultSettings();
    const kind = fileKindOf(file, opts.languageId);
    if (kind === 'dockerfile') return analyzeDockerfile(file, text, settings, dockerRules());
    return yield* this.analyzeYaml(file, text, settings);
  }

  private *analyzeYaml(file: string, text: string, settings: Settings): Generator<void, FileResult, void> {
    const started = Date.now();
    const over = () => Date.now() - started > settings.budgetMs;
    const lines = new LineIndex(text);
    const chunks = splitDocuments(text);
    const prev = this.cache.get(file) ?? new Map<string, DocEntry>();
    const next = new Map<string, DocEntry>();
    const errors: AnalysisError[] = [];
    const findings: Finding[] = [];
    this.lastParsed = 0;
    const entries: { entry: DocEntry; offset: number }[] = [];
    /** Where the budget ran out: before parsing the document at `offset`, or inside checking it (`partly`). */
    let stoppedAt: { offset: number; partly: boolean } | undefined;
    let complete = false;
    try {
      for (let i = 0; i < chunks.length; i++) {
        const c = chunks[i];
        let entry = next.has(c.text) ? undefined : prev.get(c.text);
        const fresh = !entry;
        if (!entry) {
          if (i > 0 && over()) { stoppedAt = { offset: c.offset, partly: false }; break; }
          const model = parseChunk(c, i);
          this.lastParsed++;
          entry = { model, objects: objectsOf(model), findings: new Map() };
        }
        entry.model.index = i;
        entry.model.pd.offset = c.offset;
        for (const o of entry.objects) o.ref.document = i;
        if (!next.has(c.text)) next.set(c.text, entry);
        entries.push({ entry, offset: c.offset });
        if (entry.model.error) {
          const [s, e] = entry.model.error.loc;
          errors.push({ message: entry.model.error.message, range: lines.range([c.offset + s, c.offset + e]) });
        }
        if (fresh) yield;
      }
      complete = true;
    } finally {
      // an abandoned analysis keeps what it parsed; the next complete one trims the cache
      this.cache.set(file, complete ? next : new Map([...prev, ...next]));
    }
    if (stoppedAt) {
      errors.push({ message: `Analysis stopped after ${Date.now() - started} ms: the file exceeds the per-file budget of ${settings.budgetMs} ms (palisade.budgetMs). Documents from line ${lines.position(stoppedAt.offset).line + 1} on were not checked.`, range: lines.range([stoppedAt.offset, stoppedAt.offset]) });
    }

    const fileNamespaces = namespaceLevels(entries.flatMap((e) => e.entry.objects));
    const pssByNs = new Map<string, { level: PssLevel; minor: number }>();
    const rulesKey = JSON.stringify(settings.rules);
    let stopped = !!stoppedAt;
    for (const { entry, offset } of entries) {
      if (stopped) break;
      const objs = entry.objects;
      const pssFor = (o: K8sObject) => {
        let p = pssByNs.get(o.namespace);
        if (!p) {
          const ns = settings.namespaces[o.namespace] ?? fileNamespaces[o.namespace] ?? settings.podSecurity;
          p = { level: ns.level, minor: parsePssVersion(ns.version) ?? LATEST_PSS_MINOR };
          pssByNs.set(o.namespace, p);
        }
        return { ...p };
      };
      const key = rulesKey + '|' + objs.map((o) => { const p = pssFor(o); return p.level + p.minor; }).join(',');
      let raw = entry.findings.get(key);
      if (!raw) {
        raw = [];
        const sink = raw;
        let cut = false;
        rules: for (const rule of allRules) {
          if (rule.target === 'dockerfile') continue;
          const sev = severityOf(rule.meta, settings);
          if (!sev) continue;
          const run = (obj: K8sObject | null, f: (ctx: RuleContext) => void) => {
            const ctx: RuleContext = {
              file, text, lines, settings,
              pss: obj ? pssFor(obj) : { level: settings.podSecurity.level, minor: parsePssVersion(settings.podSecurity.version) ?? LATEST_PSS_MINOR },
              report: (r) => sink.push({ rule: rule.meta, severity: sev, report: shift(r, -offset), obj }),
            };
            try {
              f(ctx);
            } catch (err) {
              sink.push({ rule: rule.meta, severity: 'error', obj, report: { loc: obj ? [obj.headLoc[0] - offset, obj.headLoc[1] - offset] : [0, 0], message: `Internal error in rule ${rule.meta.id} (${rule.meta.name}): ${(err as Error)?.message ?? err}. Other rules still ran; please report this.` } });
            }
          };
          if (rule.target === 'k8s') {
            for (const o of objs) {
              run(o, (ctx) => rule.check(o, ctx));
              // inside one huge document (a List of thousands of items), the budget holds per object
              if (objs.length > 16 && over()) { cut = true; break rules; }
            }
          } else if (rule.target === 'yaml-doc' && !entry.model.skipped) run(null, (ctx) => rule.check(entry.model, ctx));
          if (over()) { cut = true; break; }
        }
        if (cut) {
          // a partial result is reported but never cached
          stopped = true;
          for (const f of raw) findings.push(toFinding(f, offset, lines, file));
          errors.push({ message: `Analysis stopped after ${Date.now() - started} ms: the file exceeds the per-file budget of ${settings.budgetMs} ms (palisade.budgetMs). The document at line ${lines.position(offset).line + 1} was only partly checked and the documents after it were not checked.`, range: lines.range([offset, offset]) });
          break;
        }
        entry.findings.clear();
        entry.findings.set(key, raw);
        yield;
      }
      // positions only move when the document starts on another line: reuse the converted findings otherwise
      const startLine = lines.position(offset).line;
      let conv = entry.converted;
      if (!conv || conv.raw !== raw || conv.startLine !== startLine || conv.index !== entry.model.index) {
        conv = { raw, startLine, index: entry.model.index, findings: raw.map((f) => toFinding(f, offset, lines, file)) };
        entry.converted = raw.some((f) => f.report.related?.some((r) => r.file !== file)) ? undefined : conv;
      }
      for (const f of conv.findings) findings.push({ ...f });
      if (Date.now() - started > settings.budgetMs) {
        stopped = true;
        errors.push({ message: `Analysis stopped after ${Date.now() - started} ms: the file exceeds the per-file budget of ${settings.budgetMs} ms (palisade.budgetMs). Documents after line ${lines.position(offset).line + 1} were not checked.`, range: lines.range([offset, offset]) });
      }
    }
    return { file, findings: applySuppressions(findings, text, lines, entries.flatMap((e) => e.entry.objects), settings), errors };
  }
}

let dockerRulesCache: Rule[] | undefined;
function dockerRules(): Rule[] {
  return (dockerRulesCache ??= allRules.filter((r) => r.target === 'dockerfile'));
}

export function severityOf(meta: RuleMeta, settings: Settings): Severity | undefined {
  const s = settings.rules[meta.id] ?? settings.rules[meta.name];
  if (s === 'off') return undefined;
  return s ?? meta.severity;
}

function shift(r: Report, d: number): Report {
  return {
    ...r,
    loc: [r.loc[0] + d, r.loc[1] + d],
    fixes: r.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, start: e.start + d, end: e.end + d })) })),
    related: r.related?.map((x) => (x.file === undefined ? x : { ...x })),
  };
}

function toFinding(f: RawFinding, offset: number, lines: LineIndex, file: string): Finding {
  const loc: Loc = [f.report.loc[0] + offset, f.report.loc[1] + offset];
  const fixes: Fix[] = (f.report.fixes ?? []).map((x) => ({
    title: x.title,
    applicability: x.applicability,
    snippet: x.snippet,
    edits: x.edits.map((e) => lines.edit({ start: e.start + offset, end: e.end + offset, newText: e.newText })),
  }));
  const out: Finding = {
    ruleId: f.rule.id,
    name: f.rule.name,
    severity: f.severity,
    message: f.report.message,
    range: lines.range(loc),
    resource: f.report.resource !== undefined ? f.report.resource : f.obj ? { ...f.obj.ref } : null,
    references: f.report.peers ? { ...f.rule.references, peers: f.report.peers.filter((p) => f.rule.references.peers.includes(p)) } : f.rule.references,
    fixes,
  };
  if (f.report.related?.length) {
    out.related = f.report.related.map((r) => ({ file: r.file, message: r.message, range: (r.index ?? (r.file === file ? lines : lines)).range(r.file === file ? [r.loc[0] + offset, r.loc[1] + offset] : r.loc) }));
  }
  return out;
}

/** Stateless convenience: analyse one text. */
export function analyzeText(file: string, text: string, opts: AnalyzeOptions = {}): FileResult {
  return new Analyzer().analyze(file, text, opts);
}
