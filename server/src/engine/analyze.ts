/**
 * The analysis pipeline: text in, findings out. YAML streams are split into documents and each
 * document's parse and findings are cached by its text, so an edit re-parses and re-checks only
 * the document it touches.
 */
import { LineIndex, ownCopy, detach, shiftLineRefs, changedRegion } from './text';
import { splitDocuments, Chunk } from './yaml/split';
import { parseChunk, DocModel } from './yaml/parse';
import { mergeLimitHit, MAX_MERGE_ENTRIES } from './yaml/nodes';
import { compactModel, isCompact } from './yaml/compact';
import { objectsOf, K8sObject } from './k8s/model';
import { allRules } from './rules';
import { internalErrorReport, reportSeverity, ruleSetsOf, toFinding, yamlRulesUnder, type Positions, type RuleSets } from './runner';
import type { Rule, RuleContext, Report } from './rule';
import type { AnalysisError, FileResult, Finding, Loc, Position, PssLevel, Range, RuleMeta, Severity } from './types';
import { Settings, defaultSettings, parsePssVersion, isPssLevel, LATEST_PSS_MINOR } from './settings';
import { applySuppressions, SUPPRESSION_HINT } from './suppress';
import { analyzeDockerfile, isDockerfilePath } from './dockerfile/analyze';
import { DockerfileState } from './dockerfile/incremental';
import { fileStyle, YamlStyle } from './fix/style';
import { severityOf } from './severity';
import { lookup, put } from './own';
import { withRuns } from './runs';

/** What of the file's house style a fix's text depends on (see fix/style.ts; flowSeq and quote are read per document). */
function styleKeyOf(s: YamlStyle): string { return `${s.step}|${s.seqIndented}|${s.eol === '\r\n' ? 'crlf' : 'lf'}`; }

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
  /** The chunk's text (the cache key: an entry is reused only for the same text). */
  text: string;
  model: DocModel;
  objects: K8sObject[];
  /** Whether one of `objects` is a Namespace (the same text has the same kinds): the first pass reads only these. */
  hasNamespace: boolean;
  /**
   * The findings of the last check, offsets relative to the chunk start, with what they depend on:
   * the rule settings and the Pod Security level and version of each object (`pss`; `pssFrom`, what
   * decided them: the settings' and the file's namespace levels, with which the same objects get the
   * same levels, so that they need not be looked up again).
   */
  checked?: { rules: string; pss: string[]; pssFrom: string; raw: RawFinding[]; style: string };
  /** The findings of `raw` converted to positions when the document started at `startLine` (document `index`). */
  converted?: { raw: RawFinding[]; startLine: number; index: number; findings: Finding[]; outside: boolean };
  /** Line index of the chunk text (chunk-relative), built on first use. */
  lines?: LineIndex;
  /** Its line count (read for every document of the file on every analysis: kept on the entry). */
  lineCount?: number;
  /** Whether the chunk mentions a suppression (comment or annotation); computed on first use. */
  suppresses?: boolean;
}

/** A file as last analysed: its text and its documents in order (their entries and offsets). */
export interface FileState {
  text: string;
  entries: DocEntry[];
  offsets: number[];
  /** Every chunk of `text` has its entry in `entries`, at the chunk's index (an edit can then be split and matched around its place: splitEdited). */
  whole?: boolean;
  /** Documents parsed by analyses that were abandoned (a newer version came), by chunk text. */
  spare?: Map<string, DocEntry>;
  /** What the analysis produced, when it checked every document (see Output). */
  out?: Output;
}

/**
 * An analysis's findings and objects, per document. The next analysis, of an edit, copies those of
 * the documents before and after the edited stretch (splitEdited's `kept`) when it runs under the
 * same keys (rule settings, namespace levels, file style) and those documents neither moved to other
 * lines nor changed index (their findings are the same objects): a keystroke in a large file then
 * costs the edited document, not a visit of every other one.
 */
interface Output {
  rules: string; pssFrom: string; style: string;
  findings: Finding[];
  objects: K8sObject[];
  /** Per document: its findings (the same array while it neither changes nor moves). */
  runs: Finding[][];
  /** Per document i, where its findings and its objects start in `findings` and `objects`, and its first line; at [n], the ends. */
  fAt: number[]; oAt: number[]; lineAt: number[];
  /** Per document: SPECIAL, SUPPRESSES, OUTSIDE, NAMESPACE. */
  flags: Uint8Array;
}
/** A document that is not copied: it has a parse error, merge keys past their limit, or findings not cached. */
const SPECIAL = 1;
/** It mentions a suppression. */
const SUPPRESSES = 2;
/** A finding of it starts before its first line or on (or after) the next document's first line. */
const OUTSIDE = 4;
/** It holds a Namespace object. */
const NAMESPACE = 8;

export interface AnalyzerOptions {
  /**
   * For long-lived analyzers (the language server's), whose results outlive many versions of a file.
   * Keep each document as a compact copy once its rules have run (see yaml/compact.ts): about a
   * quarter of the memory of the parsed document, for about 5% more time per parsed document; a
   * re-check under other settings parses again. And keep no string that shares memory with the
   * file's text (documents are parsed from own copies of their text, findings' strings are copied):
   * a V8 slice keeps the whole string it was cut from alive, so an unchanged document's entry would
   * keep an old version of the whole file. Without it (the CLI, one analysis per text), neither copy
   * is made: about 2% of a full analysis.
   */
  compact?: boolean;
  /**
   * The rules to run (default: the engine's registry, rules/index.ts). Tests pass the registry plus
   * rules of their own instead of changing the registry; the array must not change afterwards.
   */
  rules?: readonly Rule[];
}

export interface AnalyzeOptions {
  settings?: Settings;
  /** Kubernetes language id hint from an editor. */
  languageId?: string;
  /**
   * Only parse the YAML documents and list their objects (and syntax errors), without running the
   * rules: what an index of the workspace needs (cross-resource rules, Namespace levels). No findings
   * are returned. Unchecked documents are kept parsed, not as compact copies: a later full analysis
   * of the same text runs the rules without parsing again (and then makes the copies). For a
   * 1,000-file workspace: half the time of a full analysis, and about the memory of compact copies
   * with their findings. Dockerfiles are analysed in full.
   */
  objectsOnly?: boolean;
}

/**
 * Whether a document's text can hold a Namespace object: it says "Namespace", or it has a
 * backslash (a double-quoted escape could spell the kind).
 */
const MAY_HOLD_NAMESPACE = /Namespace|\\/;

/** Namespace -> Pod Security level/version from the labels of Namespace objects. */
export function namespaceLevels(objects: K8sObject[]): Record<string, { level: PssLevel; version: string }> {
  const out: Record<string, { level: PssLevel; version: string }> = {};
  for (const o of objects) {
    if (o.kind !== 'Namespace' || o.apiVersion !== 'v1' || !o.name) continue;
    const labels = o.view.at('metadata', 'labels');
    const level = labels.get('pod-security.kubernetes.io/enforce').str;
    if (!isPssLevel(level)) continue;
    put(out, o.name, { level, version: labels.get('pod-security.kubernetes.io/enforce-version').str ?? 'latest' });
  }
  return out;
}

const mergeLimitMessage = `Merge keys (<<) in this document expand to more than ${MAX_MERGE_ENTRIES.toLocaleString('en-US')} entries; it was not fully analysed (some merged keys were not read).`;

function linesOf(e: DocEntry): LineIndex { return (e.lines ??= new LineIndex(e.text)); }

/**
 * Positions of a chunk that starts at `offset`, on line `startLine` of the file, from the chunk's own
 * line index (offsets relative to the chunk); an offset outside the chunk falls back to the file's.
 */
class ChunkLines {
  constructor(readonly lines: LineIndex, readonly startLine: number, readonly offset: number, readonly file: () => LineIndex) {}
  position(rel: number): Position {
    if (rel < 0 || rel > this.lines.text.length) return this.file().position(rel + this.offset);
    const p = this.lines.position(rel);
    return { line: p.line + this.startLine, character: p.character };
  }
  range(loc: Loc): Range { return { start: this.position(loc[0]), end: this.position(loc[1]) }; }
  /** Report offsets relative to the chunk; related locations in the same file too, in other files (with their own index) as they are. Line references are rendered each time the document's positions are computed. */
  positions(file: string, lines: () => LineIndex): Positions {
    const p = this._positions;
    if (p && p.file === file) return p.pos;
    const pos: Positions = {
      range: (loc) => this.range(loc),
      lineOf: (rel) => this.position(rel).line,
      related: (r) => (r.file === file ? lines().range([r.loc[0] + this.offset, r.loc[1] + this.offset]) : (r.index ?? lines()).range(r.loc)),
    };
    this._positions = { file, pos };
    return pos;
  }
  private _positions?: { file: string; pos: Positions };
}

export class Analyzer {
  /** Per file: the documents of its current text (parsed models, objects, findings). */
  private cache = new Map<string, FileState>();
  /** The keys of the last analyses (rule settings, namespace levels, file style), kept as one string each. */
  private readonly keys = new Map<string, string>();

  /**
   * The key as the same string object as the last time it was made: each document's cached check
   * compares its keys with the analysis's, and the same object compares at once, where an equal string
   * made again is compared character by character, for every document of a large file.
   */
  private interned(key: string): string {
    const k = this.keys.get(key);
    if (k !== undefined) return k;
    if (this.keys.size >= 16) this.keys.clear();
    this.keys.set(key, key);
    return key;
  }
  /** How many documents the last analysis parsed (for tests and benchmarks). */
  lastParsed = 0;
  /** How many documents the last analysis visited one by one, not copied from the analysis before (for tests and benchmarks). */
  lastVisited = 0;
  private readonly compact: boolean;
  private readonly rules: RuleSets;
  /** The rules this analyzer runs (the cross-file rules of a scan with it come from here too). */
  readonly registry: readonly Rule[];

  constructor(options: AnalyzerOptions = {}) {
    this.compact = !!options.compact;
    this.registry = options.rules ?? allRules;
    this.rules = ruleSetsOf(this.registry);
  }

  /** Per Dockerfile: its chunks as last analysed (dockerfile/incremental.ts). */
  private dockerfiles = new Map<string, DockerfileState>();

  forget(file: string): void { this.cache.delete(file); this.dockerfiles.delete(file); }

  /** Objects of the YAML file as last analysed (for workspace indexing). */
  objects(file: string): K8sObject[] {
    const s = this.cache.get(file);
    if (!s) return [];
    if (s.out) return s.out.objects.slice();
    const out: K8sObject[] = [];
    for (const e of s.entries) for (const o of e.objects) out.push(o);
    return out;
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
    if (kind === 'dockerfile') {
      // an index of the workspace (objectsOnly) analyses each file once: nothing kept for its edits
      if (opts.objectsOnly) return analyzeDockerfile(file, text, settings, this.rules.dockerfile);
      let d = this.dockerfiles.get(file);
      if (!d) this.dockerfiles.set(file, (d = new DockerfileState(this.compact)));
      return d.analyze(file, text, settings, this.rules.dockerfile);
    }
    return yield* this.analyzeYaml(file, text, settings, !!opts.objectsOnly);
  }

  /**
   * The entry of each chunk: the previous analysis's entry for the same text, found by position
   * (unchanged documents before the edit keep their offset, those after it move by the length
   * difference), else by text; undefined when the chunk must be parsed. Comparing a chunk with the
   * entry at its position costs a string comparison, not a hash of every document of the file.
   */
  private match(prev: FileState | undefined, chunks: Chunk[], text: string): (DocEntry | undefined)[] {
    const out: (DocEntry | undefined)[] = new Array(chunks.length).fill(undefined);
    if (!prev) return out;
    const old = prev.entries, oldAt = prev.offsets;
    const used = new Set<DocEntry>();
    const delta = text.length - prev.text.length;
    const shift = chunks.length - old.length;
    /** Entries not matched by position, by text length (so finding one compares texts, never hashes them). */
    let rest: Map<number, DocEntry[]> | undefined;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      let e: DocEntry | undefined;
      const a = old[i], b = old[i - shift];
      if (a && oldAt[i] === c.offset && a.text === c.text) e = a;
      else if (b && oldAt[i - shift] === c.offset - delta && b.text === c.text) e = b;
      if (e && used.has(e)) e = undefined;
      if (!e) {
        if (!rest) {
          rest = new Map();
          const add = (d: DocEntry) => { const l = rest!.get(d.text.length); if (l) l.push(d); else rest!.set(d.text.length, [d]); };
          if (prev.spare) for (const d of prev.spare.values()) add(d);
          for (const d of old) add(d);
        }
        e = rest.get(c.text.length)?.find((d) => d.text === c.text && !used.has(d));
      }
      if (e) { used.add(e); out[i] = e; }
    }
    return out;
  }

  private *analyzeYaml(file: string, text: string, settings: Settings, objectsOnly: boolean): Generator<void, FileResult, void> {
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    const over = () => elapsed() > settings.budgetMs;
    let fileLines: LineIndex | undefined;
    const lines = () => (fileLines ??= new LineIndex(text));
    const prev = this.cache.get(file);
    // the documents: offsets, the entries they already have, and the texts of the others
    let split: Split;
    if (prev && prev.text !== text) split = splitEdited(prev, text) ?? this.splitAll(prev, text);
    else if (prev && prev.text === text && prev.whole) split = { offsets: prev.offsets, texts: [], found: prev.entries, kept: { before: prev.entries.length, after: prev.entries.length, shift: 0 } };
    else split = this.splitAll(prev, text);
    const { offsets, texts, found, kept } = split;
    const n = offsets.length;
    const textOf = (i: number): string => found[i]?.text ?? texts[i];
    const errors: AnalysisError[] = [];
    const findings: Finding[] = [];
    this.lastParsed = 0;
    this.lastVisited = 0;
    /** Whether a checked (or reused) document mentions a suppression (cached per document). */
    let suppresses = false;
    /** Documents parsed by this analysis, by chunk: spares until the analysis completes. */
    const parsed = new Map<number, DocEntry>();
    const spare = new Map<string, DocEntry>();
    const entryOf = (i: number): DocEntry => {
      const known = found[i] ?? parsed.get(i);
      if (known) return known;
      const c: Chunk = { offset: offsets[i], text: texts[i] };
      // a long-lived analyzer parses from an own copy of the chunk's text: a slice (held by the entry
      // and by every scalar of the parsed document) would keep this version of the whole file alive
      // for as long as the document stays unchanged, so after many edits many versions of a large file
      const own: Chunk = this.compact ? { offset: c.offset, text: ownCopy(c.text) } : c;
      const model = parseChunk(own, i);
      this.lastParsed++;
      const objects = objectsOf(model);
      const entry: DocEntry = { text: own.text, model, objects, hasNamespace: objects.some((o) => o.kind === 'Namespace') };
      parsed.set(i, entry);
      spare.set(c.text, entry);
      return entry;
    };
    let complete = false;
    /** Where the budget stopped the analysis: the line of the first document not checked. */
    let stop: { line: number } | undefined;
    /** The budget diagnostic, when the budget stopped parsing or checking. */
    let budgetError: AnalysisError | undefined;
    const stopMessage = (what: string) => `Analysis stopped after ${elapsed()} ms: the file exceeds the per-file budget of ${settings.budgetMs} ms (palisade.budgetMs). ${what}`;
    /** The start of line `l` (documents start at line starts). */
    const at = (l: number): Range => ({ start: { line: l, character: 0 }, end: { line: l, character: 0 } });
    const allObjects: K8sObject[] = [];
    /**
     * The previous analysis's output, when its documents before and after the edited stretch
     * (`kept`) can be copied from it (see Output).
     */
    const old = kept && prev?.out;
    /** This analysis's output, per document (recorded when it checks every document). */
    const runs: Finding[][] = [], fAt: number[] = [], oAt: number[] = [], lineAt: number[] = [];
    const flags = new Uint8Array(n);
    let keys: { rules: string; pssFrom: string; style: string } | undefined;
    try {
      // Namespace objects anywhere in the file decide the Pod Security level of their namespace, so
      // the documents that can hold one (their text says "Namespace", or has an escape that could
      // spell it) are read first. Every other document is parsed, checked and made compact in turn:
      // one parsed document of the file is alive at a time, and it dies young. (Documents kept from
      // the last analysis: its flags say which hold one.)
      const nsObjects: K8sObject[] = [];
      const keptNs = (a: number, b: number) => { for (let j = a; j < b; j++) if (old!.flags[j] & NAMESPACE) for (const o of found[j + (j >= kept!.after ? kept!.shift : 0)]!.objects) if (o.kind === 'Namespace') nsObjects.push(o); };
      const from = old ? kept.before : 0, to = old ? kept.after + kept.shift : n;
      if (old) keptNs(0, kept.before);
      for (let i = from; i < to; i++) {
        let e = found[i];
        if (!e) {
          if (!MAY_HOLD_NAMESPACE.test(textOf(i))) continue;
          if (i > 0 && over()) break;
          e = entryOf(i);
          yield;
        }
        if (e.hasNamespace) for (const o of e.objects) if (o.kind === 'Namespace') nsObjects.push(o);
      }
      if (old) keptNs(kept.after, old.runs.length);
      const fileNamespaces = namespaceLevels(nsObjects);
      const pssByNs = new Map<string, { level: PssLevel; minor: number; key: string }>();
      const pssOf = (o: K8sObject) => {
        let p = pssByNs.get(o.namespace);
        if (!p) {
          const ns = lookup(settings.namespaces, o.namespace) ?? lookup(fileNamespaces, o.namespace) ?? settings.podSecurity;
          const minor = parsePssVersion(ns.version) ?? LATEST_PSS_MINOR;
          p = { level: ns.level, minor, key: ns.level + minor };
          pssByNs.set(o.namespace, p);
        }
        return p;
      };
      const pssFor = (o: K8sObject) => { const p = pssOf(o); return { level: p.level, minor: p.minor }; };
      /** What decides every object's level in this analysis (see DocEntry.checked.pssFrom). */
      const pssFrom = this.interned(JSON.stringify([settings.namespaces, fileNamespaces, settings.podSecurity]));
      // the settings rules read besides their severities (K8S072 reads the trusted registries) are part of the key
      const rulesKey = this.interned((settings.profile ?? 'default') + JSON.stringify(settings.rules) + (settings.images ? JSON.stringify(settings.images) : ''));
      let style: string | undefined;
      const styleKey = () => (style ??= this.interned(styleKeyOf(fileStyle(text))));
      const { rules: yamlRules, severities } = yamlRulesUnder(this.rules, rulesKey, settings);
      // the documents kept from the last analysis have its findings when its keys are this one's
      const copy = !objectsOnly && old && old.rules === rulesKey && old.pssFrom === pssFrom && old.style === styleKey();
      /** Copies documents `a` to `b` of `old` as the same documents of this analysis (the same findings: they neither moved lines nor changed index; `moved`, by the edit's length difference). */
      const copyKept = (a: number, b: number, moved: boolean) => {
        const o = old!;
        const df = findings.length - o.fAt[a], dob = allObjects.length - o.oAt[a];
        for (let j = o.fAt[a]; j < o.fAt[b]; j++) findings.push(o.findings[j]);
        for (let j = o.oAt[a]; j < o.oAt[b]; j++) allObjects.push(o.objects[j]);
        for (let j = a; j < b; j++) {
          runs.push(o.runs[j]); fAt.push(o.fAt[j] + df); oAt.push(o.oAt[j] + dob); lineAt.push(o.lineAt[j]);
          flags[j] = o.flags[j];
          if (o.flags[j] & SUPPRESSES) suppresses = true;
        }
        // (the documents after the edit moved by its length difference: their objects' offsets with them)
        if (moved) for (let j = a; j < b; j++) found[j]!.model.pd.offset = offsets[j];
      };
      let line = 0;
      const oldN = old ? old.runs.length : 0;
      for (let i = 0; i < n; i++) {
        if (copy) {
          // a document kept from the last analysis, on the same line and at the same index: copied, with
          // the kept documents after it up to the next special one (visited, below) or the edited stretch
          const j = i < kept.before || (kept.shift === 0 && i >= kept.after && i < oldN) ? i : -1;
          if (j >= 0 && !(old.flags[j] & SPECIAL) && line === old.lineAt[j]) {
            const limit = j < kept.before ? kept.before : oldN;
            let end = j + 1;
            while (end < limit && !(old.flags[end] & SPECIAL)) end++;
            copyKept(j, end, j >= kept.after);
            line = old.lineAt[end];
            i = end - 1;
            continue;
          }
        }
        const offset = offsets[i];
        if (i > 0 && over()) {
          stop = { line };
          budgetError = { message: stopMessage(`Documents from line ${line + 1} on were not checked.`), range: at(line) };
          break;
        }
        const entry = entryOf(i);
        this.lastVisited++;
        entry.model.pd.offset = offset;
        if (entry.model.index !== i) {
          entry.model.index = i;
          for (const o of entry.objects) o.ref.document = i;
        }
        const startLine = line;
        const docSuppresses = (entry.suppresses ??= SUPPRESSION_HINT.test(entry.text));
        if (docSuppresses) suppresses = true;
        if (entry.model.error) {
          const [s, e] = entry.model.error.loc;
          errors.push({ message: entry.model.error.message, range: new ChunkLines(linesOf(entry), startLine, offset, lines).range([s, e]) });
        }
        const lineCount = (entry.lineCount ??= linesOf(entry).lineCount);
        line += lineCount - 1;
        if (objectsOnly) {
          // kept as parsed, unchecked: the rules can run on it later without parsing again
          if (mergeLimitHit(entry.model.pd.doc)) errors.push({ message: mergeLimitMessage, range: at(startLine) });
          for (const o of entry.objects) allObjects.push(o);
          if (parsed.has(i)) yield;
          continue;
        }
        let objs = entry.objects;
        // the last check's findings stand when the rule settings and every object's level are the same
        const last = entry.checked;
        // fixes insert text in the file's house style (fix/style.ts), read from the whole file: an
        // edit elsewhere that changes it (say, the indentation of sequences) changes this document's fixes
        let raw = last && last.rules === rulesKey && last.style === styleKey() && last.pss.length === objs.length && (last.pssFrom === pssFrom || objs.every((o, j) => pssOf(o).key === last.pss[j])) ? last.raw : undefined;
        if (raw && last!.pssFrom !== pssFrom) last!.pssFrom = pssFrom; // the same levels under these namespace levels too
        // positions in the file of the document's offsets (made when findings are converted)
        let chunkLines: ChunkLines | undefined;
        const cl = () => (chunkLines ??= new ChunkLines(linesOf(entry), startLine, offset, lines));
        if (!raw) {
          if (isCompact(entry.model)) {
            // checked before under other settings and kept compact: the rules need the parsed document
            const model = parseChunk({ offset, text: entry.text }, i);
            model.pd.offset = offset;
            entry.model = model;
            entry.objects = objs = objectsOf(model);
            this.lastParsed++;
          }
          raw = [];
          const sink = raw;
          let cut = false;
          // one context per object, shared by the rules (the rule and severity being run are set before each)
          let curRule: RuleMeta = yamlRules[0]?.meta, curSev: Severity = 'info', curObj: K8sObject | null = null;
          const detached = this.compact;
          // a report may lower its rule's severity (less exploitable variants), unless the user set the rule's severity
          const sevOf = (r: Report) => reportSeverity(curRule, curSev, r, settings);
          const report = (r: Report) => { sink.push({ rule: curRule, severity: sevOf(r), report: shift(r, -offset, detached), obj: curObj }); };
          const contexts = new Map<K8sObject | null, RuleContext>();
          const contextOf = (obj: K8sObject | null): RuleContext => {
            let ctx = contexts.get(obj);
            if (!ctx) {
              const pss = Object.freeze(obj ? pssFor(obj) : { level: settings.podSecurity.level, minor: parsePssVersion(settings.podSecurity.version) ?? LATEST_PSS_MINOR });
              ctx = { file, text, settings, get lines() { return lines(); }, pss, report };
              contexts.set(obj, ctx);
            }
            return ctx;
          };
          // a rule that throws: its internal error, on the object it was checking (the rule being run)
          const failed = (obj: K8sObject | null, err: unknown) => {
            sink.push({ rule: curRule, severity: 'error', obj, report: internalErrorReport(curRule, err, obj ? [obj.headLoc[0] - offset, obj.headLoc[1] - offset] : [0, 0]) });
          };
          rules: for (let ri = 0; ri < yamlRules.length; ri++) {
            const rule = yamlRules[ri];
            const sev = severities[ri];
            if (!sev) continue;
            curRule = rule.meta; curSev = sev;
            if (rule.target === 'k8s') {
              for (const o of objs) {
                curObj = o;
                try { rule.check(o, contextOf(o)); } catch (err) { failed(o, err); }
                // inside one huge document (a List of thousands of items), the budget holds per object
                if (objs.length > 16 && over()) { cut = true; break rules; }
              }
            } else if (rule.target === 'yaml-doc' && !entry.model.skipped) {
              curObj = null;
              try { rule.check(entry.model, contextOf(null)); } catch (err) { failed(null, err); }
            }
            // the clock is read every few rules (a rule on one document takes microseconds)
            if ((ri & 7) === 7 && over()) { cut = true; break; }
          }
          if (cut) {
            // a partial result is reported but never cached
            for (const f of raw) findings.push(toFinding(f.rule, f.severity, f.report, cl().positions(file, lines), f.obj));
            for (const o of objs) allObjects.push(o);
            stop = { line };
            budgetError = { message: stopMessage(`The document at line ${startLine + 1} was only partly checked and the documents after it were not checked.`), range: at(startLine) };
            break;
          }
          // merge keys read past their limit: a partial result, reported (below) and never cached
          if (!mergeLimitHit(entry.model.pd.doc)) {
            entry.checked = { rules: rulesKey, pss: objs.map((o) => pssOf(o).key), pssFrom, raw, style: styleKey() };
            if (this.compact && !entry.model.skipped) compactEntry(entry, raw);
          }
        }
        const limitHit = mergeLimitHit(entry.model.pd.doc);
        if (limitHit) errors.push({ message: mergeLimitMessage, range: at(startLine) });
        fAt.push(findings.length); oAt.push(allObjects.length); lineAt.push(startLine);
        for (const o of entry.objects) allObjects.push(o);
        // positions only move when the document starts on another line: reuse the converted findings otherwise
        let conv = entry.converted;
        if (!conv || conv.raw !== raw || conv.startLine !== startLine || conv.index !== entry.model.index) {
          const fs = raw.map((f) => toFinding(f.rule, f.severity, f.report, cl().positions(file, lines), f.obj));
          // a finding that starts before the document's first line, or on (or after) the next document's first line
          const outside = fs.some((f) => f.range.start.line < startLine || f.range.start.line >= startLine + lineCount - 1);
          conv = { raw, startLine, index: entry.model.index, findings: fs, outside };
          entry.converted = raw.some((f) => f.report.related?.some((r) => r.file !== file)) ? undefined : conv;
        }
        for (const f of conv.findings) findings.push(f);
        runs.push(conv.findings);
        flags[i] = (entry.model.error || limitHit || entry.converted !== conv || entry.checked?.raw !== raw ? SPECIAL : 0) | (docSuppresses ? SUPPRESSES : 0)
          | (conv.outside ? OUTSIDE : 0) | (entry.hasNamespace ? NAMESPACE : 0);
        if (parsed.has(i) || entry.checked?.raw !== last?.raw) yield;
      }
      complete = true;
      if (!objectsOnly && !stop) {
        fAt.push(findings.length); oAt.push(allObjects.length); lineAt.push(line);
        keys = { rules: rulesKey, pssFrom, style: styleKey() };
      }
    } finally {
      if (complete) {
        // every document with an entry, in order (those after a budget stop too, for the next analysis)
        const entries: DocEntry[] = [], at: number[] = [];
        for (let i = 0; i < n; i++) {
          const e = found[i] ?? parsed.get(i);
          if (e) { entries.push(e); at.push(offsets[i]); }
        }
        const whole = entries.length === n;
        const out: Output | undefined = keys && whole ? { ...keys, findings, objects: allObjects, runs, fAt, oAt, lineAt, flags } : undefined;
        this.cache.set(file, { text, entries, offsets: whole ? offsets : at, whole, out });
      } else if (prev) {
        // an abandoned analysis keeps what it parsed for the next one
        prev.spare ??= new Map();
        for (const [k, v] of spare) prev.spare.set(k, v);
      } else this.cache.set(file, { text: '', entries: [], offsets: [], spare });
    }
    if (budgetError) errors.push(budgetError);
    if (objectsOnly) return { file, findings: [], errors };
    // whether any document mentions a suppression (cached per document); unknown when not all were checked
    const hasText = stop ? undefined : suppresses;
    const shown = applySuppressions(findings, text, lines, allObjects, settings, { hasText });
    // the findings per document, when no suppression took any and every document but the last keeps its findings on its own lines
    let byDoc = keys && shown === findings;
    for (let i = 0; byDoc && i < n - 1; i++) if (flags[i] & OUTSIDE) byDoc = false;
    return byDoc ? withRuns({ file, findings: shown, errors }, runs, lineAt) : { file, findings: shown, errors };
  }

  /** The documents of `text` split afresh, with the entries of `prev` they have (see match). */
  private splitAll(prev: FileState | undefined, text: string): Split {
    const chunks = splitDocuments(text);
    return { offsets: chunks.map((c) => c.offset), texts: chunks.map((c) => c.text), found: this.match(prev, chunks, text) };
  }
}

/**
 * The documents of a text to analyse: each one's offset, and its entry from the last analysis (same
 * text) or else its text (`texts`, read only where `found` has no entry). With `kept`, the documents
 * before index `before` are the last analysis's, at the same offsets, and its documents from index
 * `after` on are these from `after + shift` on, moved by the length difference.
 */
export interface Split {
  offsets: number[];
  texts: string[];
  found: (DocEntry | undefined)[];
  kept?: { before: number; after: number; shift: number };
}

/**
 * The chunks of `text`, an edit of the file last analysed as `prev`, with the entries of `prev` they
 * have: the chunks around the edited stretch are split again from the text (one chunk before it, two
 * after, for a marker line made or unmade by the edit, or a chunk that gained or lost content and so
 * decides whether the next `---` starts a document); the chunks before are those of `prev`, those after
 * are `prev`'s moved by the length difference. Neither the whole text is split nor every chunk compared,
 * as splitDocuments and `match` do. Undefined (split the whole text) when `prev` has chunks without
 * entries or either text may be JSON Lines.
 */
export function splitEdited(prev: FileState, text: string): Split | undefined {
  const docs = prev.entries, old = prev.offsets;
  const n = docs.length;
  if (!prev.whole || n === 0 || !text || mayBeJsonLines(prev.text) || mayBeJsonLines(text)) return undefined;
  const { pre, suf } = changedRegion(prev.text, text);
  const delta = text.length - prev.text.length;
  const editEnd = prev.text.length - suf; // the end of the replaced stretch, in the old text
  /** The index of the chunk holding old offset `at` (the last starting at or before it). */
  const chunkAt = (at: number): number => {
    let lo = 0, hi = n - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (old[mid] <= at) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const k0 = Math.max(0, chunkAt(Math.max(0, pre - 1)) - 1);
  const k1 = Math.min(n, chunkAt(editEnd) + 2); // the first chunk kept after the window (n: none)
  const from = old[k0];
  const to = k1 < n ? old[k1] + delta : text.length;
  // split one chunk further, to see that the full split also starts a chunk where the window ends
  const further = k1 + 1 < n ? old[k1 + 1] + delta : text.length;
  const stretch = text.slice(from, further);
  if (mayBeJsonLines(stretch)) return undefined;
  const window = splitDocuments(stretch);
  const offsets = old.slice(0, k0);
  const texts: string[] = [];
  const found: (DocEntry | undefined)[] = docs.slice(0, k0);
  let ended = k1 >= n;
  const olds = docs.slice(k0, k1);
  for (const c of window) {
    const offset = from + c.offset;
    if (offset >= to) { ended = offset === to; break; }
    texts[offsets.length] = c.text;
    offsets.push(offset);
    const i = olds.findIndex((e) => e.text === c.text);
    let e = i >= 0 ? olds.splice(i, 1)[0] : prev.spare?.get(c.text);
    if (i < 0 && e && found.includes(e)) e = undefined; // a spare entry serves one chunk
    found.push(e);
  }
  if (!ended) return undefined;
  const shift = offsets.length - k1;
  for (let i = k1; i < n; i++) { offsets.push(old[i] + delta); found.push(docs[i]); }
  return { offsets, texts, found, kept: { before: k0, after: k1, shift } };
}

/** Whether splitDocuments may read `text` as JSON Lines (its first non-blank character opens a JSON value). */
function mayBeJsonLines(text: string): boolean {
  const c = /\S/.exec(text)?.[0];
  return c === '{' || c === '[';
}

/**
 * Replaces the entry's parsed document by its compact copy, and its objects by the same objects
 * read from the copy (in the same order: the copy reads alike); its findings point at those.
 */
function compactEntry(entry: DocEntry, raw: RawFinding[]): void {
  const model = compactModel(entry.model);
  const objects = objectsOf(model);
  if (objects.length !== entry.objects.length) return; // cannot happen (a test walks both); keep the parsed one
  const to = new Map<K8sObject, K8sObject>();
  entry.objects.forEach((o, j) => to.set(o, objects[j]));
  for (const f of raw) if (f.obj) f.obj = to.get(f.obj) ?? f.obj;
  entry.model = model;
  entry.objects = objects;
}

export { severityOf };

/**
 * The report with offsets relative to the chunk. With `detached` (a long-lived analyzer), its strings
 * are detached from the file text: a fix's new text or a message is often a slice of it, and the
 * cached finding of a document that stays unchanged would otherwise keep that version of the whole
 * file alive.
 */
function shift(r: Report, d: number, detached: boolean): Report {
  const own = detached ? detach : (s: string) => s;
  // line references in the text move with the document, like its locations (see text.ts lineRef)
  const text = (s: string) => own(shiftLineRefs(s, d));
  return {
    ...r,
    message: text(r.message),
    loc: [r.loc[0] + d, r.loc[1] + d],
    fixes: r.fixes?.map((f) => ({ ...f, title: text(f.title), edits: f.edits.map((e) => ({ ...e, newText: own(e.newText), start: e.start + d, end: e.end + d })) })),
    related: r.related?.map((x) => ({ ...x, message: text(x.message) })),
  };
}

/** Stateless convenience: analyse one text. */
export function analyzeText(file: string, text: string, opts: AnalyzeOptions & { rules?: readonly Rule[] } = {}): FileResult {
  return new Analyzer({ rules: opts.rules }).analyze(file, text, opts);
}
