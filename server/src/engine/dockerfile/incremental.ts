/**
 * Incremental analysis of a Dockerfile that is being edited (the Analyzer keeps one `DockerfileState`
 * per file). An edit usually touches one instruction of one stage, so:
 *
 * - The text is split into chunks at top-level `FROM` lines, and each chunk is parsed by dockerfile-ast
 *   on its own and kept (by its place before or after the changed text, else by its text). The parser
 *   reads a file left to right and never looks past the end of an instruction's heredocs, so a chunk
 *   parsed alone gives the instructions of a parse of the whole file whenever the chunks before it end
 *   between instructions (`ParsedText.closed`: no line continuation or heredoc left open). A chunk that
 *   is not closed runs on to the first later `FROM` line that a parse of the rest of the file reaches
 *   between instructions. No split is made when the file may set its escape character (a parser
 *   directive at the top), which chunks after the first would not see.
 * - Stages, variables and shell commands of a chunk (model.ts `buildInstructions`) depend on the ARGs
 *   before the first FROM and on the earlier stages that its `FROM <name>` lines find; a chunk's build
 *   is kept while those are the same (`replay`). Lines and indexes are moved in place at each
 *   analysis; offsets only when something reads them (`ensure`).
 * - Rules that read only the chunk they report on run per chunk, and their reports are kept with it,
 *   relative to its start: stage rules (`STAGE_RULE_IDS`), and those that also read the stages it
 *   builds on (`LINEAGE_RULE_IDS`) or every stage's name (`NAMES_RULE_IDS`), while those are unchanged.
 *   The other rules run on the whole model at every analysis (the final stage's rules,
 *   `FINAL_RULE_IDS`, after the offsets of its chunks are moved; any other rule after all are), and so
 *   do the suppressions. These lists name registry rules as they are written: a rule added to them must
 *   read no more than its list says.
 *
 * The result equals the whole-text `analyzeDockerfile` of the same text (see
 * test/robustness/dockerfile-incremental.test.ts); anything unexpected (a rule that throws, a report
 * outside its chunk, a parse that throws) falls back to that analysis. Only the budget check differs:
 * it runs after the per-chunk rules and after each other rule.
 */
import type { AnalysisError, FileResult, Finding, Loc, Position, Severity } from '../types';
import type { Settings } from '../settings';
import type { Report, RuleContext } from '../rule';
import type { DockerfileRule } from './rule';
import { LineIndex, ownCopy, detach, hasLineRefs, shiftLineRefs, changedRegion, type ChangedRegion } from '../text';
import { severityOf } from '../severity';
import { filePositions, guarded, toFinding, type Positions } from '../runner';
import { parseText, buildInstructions, ParsedText, Built, BuildContext, DockerfileModel, Stage, Instr } from './model';
import { analyzeDockerfile, suppress, todayOf, MAX_DOCKERFILE_CHARS } from './analyze';
import { dockerfileRules } from '../rules/dockerfile';

/**
 * Rules whose reports about a stage depend only on that stage's chunk: its instructions, their
 * variables (the stage's ARG/ENV and the ARGs before the first FROM), its base image and whether it
 * builds on an earlier stage; each reports only inside the chunk it reads. Every other rule (and any
 * rule not of the registry) runs on the whole file.
 */
const STAGE_RULE_IDS = new Set(['DF002', 'DF003', 'DF004', 'DF006', 'DF007', 'DF008', 'DF009', 'DF010', 'DF011', 'DF012', 'DF013', 'DF014', 'DF015', 'DF016', 'DF017', 'DF018', 'DF019', 'DF022', 'DF023', 'DF024', 'DF025', 'DF028', 'DF029']);
/**
 * Rules that read the same as stage rules and also the instructions of the earlier stages a stage
 * builds on (DF026: the SHELL in force, perhaps set by a parent stage); they still report only inside
 * the chunk they check. Their reports are kept while those stages' chunks are unchanged too.
 */
const LINEAGE_RULE_IDS = new Set(['DF026']);
/**
 * Rules that read the same as stage rules and also the names of every stage and whether it is
 * FROM scratch (DF027: `COPY --from=<name>`), reporting inside the chunk they check. Their reports
 * are kept while those names are the same too.
 */
const NAMES_RULE_IDS = new Set(['DF027']);
type RuleKind = 'stage' | 'lineage' | 'names';
/**
 * Rules that read offsets only of the final stage and the stages it builds on (they run on the whole
 * model at every analysis): only those stages' chunks have their offsets moved for them.
 */
const FINAL_RULE_IDS = new Set(['DF001', 'DF005', 'DF020', 'DF021']);
let kinds: Map<unknown, RuleKind> | undefined;
function kindOf(r: DockerfileRule): RuleKind | undefined {
  if (!kinds) {
    kinds = new Map();
    for (const x of dockerfileRules) {
      const id = x.meta.id;
      if (STAGE_RULE_IDS.has(id)) kinds.set(x, 'stage');
      else if (LINEAGE_RULE_IDS.has(id)) kinds.set(x, 'lineage');
      else if (NAMES_RULE_IDS.has(id)) kinds.set(x, 'names');
    }
  }
  return kinds.get(r);
}

/**
 * A `FROM <name>` lookup of a chunk's build (`at`: the position in the chunk of the stage it starts):
 * the stage it found, inside the chunk (its position) or before it (with that stage's shell).
 */
interface Lookup { key: string; numeric: boolean; at: number; inner: number; outer: { shell: string | null } | null }

interface Chunk {
  /** The chunk's text: the cache key. */
  text: string;
  parsed: ParsedText;
  /** Whether the chunk's text starts with its FROM instruction (what a chunk after the first must do). */
  startsStage: boolean;
  /** The chunk's start in the file as last analysed. */
  pos: number;
  /**
   * Where the chunk's offsets point: moved to `pos` only when something reads them (`ensure`), so
   * that typing in one stage does not move the offsets of every stage after it at each keystroke.
   */
  base: number;
  /** The chunk's first line and first instruction index in the file (kept up to date at each analysis). */
  lineBase: number;
  instrBase: number;
  /** The chunk's stages and variables as built after the chunks before it (`version`: a number for each build). */
  built?: { first: boolean; globalSig: string; b: Built; globalArgs: Map<string, string | undefined>; lookups: Lookup[]; version: number };
  /**
   * Reports of the per-chunk rules, relative to the chunk, under the settings of `key`, the builds of
   * the earlier chunks of `lineage` and the stage names of `names`; their findings at `lineBase`, and
   * all of them.
   */
  local?: {
    key: string; lineage: string; names: string;
    byRule: Map<DockerfileRule, { reports: Report[]; conv?: { lineBase: number; findings: Finding[] } }>;
    all?: { lineBase: number; findings: Finding[] };
  };
}

/** Thrown when the incremental analysis cannot stand for a fresh one; the fresh one is run instead. */
class NotIncremental extends Error {}

export class DockerfileState {
  private chunks: Chunk[] = [];
  /** The line index of the text last analysed (its text is the previous version, to find what an edit changed). */
  private prev: LineIndex | undefined;
  /** The settings key of the last analysis (one string, compared by identity while it does not change). */
  private key = '';
  /** How many chunks the last analysis parsed (tests). */
  lastParsed = 0;
  /** How many chunks the last analysis had (tests). */
  lastChunks = 0;
  private model: DockerfileModel | undefined;
  /** The model of the last analysis, when it was incremental (tests). */
  get lastModel(): DockerfileModel | undefined {
    if (this.model) for (const c of this.chunks) ensure(c);
    return this.model;
  }

  /** @param own keep own copies of the chunks' texts (a long-lived analyzer: old versions of the file are freed). */
  constructor(private readonly own = false) {}

  analyze(file: string, text: string, settings: Settings, rules: readonly DockerfileRule[]): FileResult {
    this.model = undefined;
    if (hasNul(text) || text.length > MAX_DOCKERFILE_CHARS) {
      this.chunks = [];
      this.prev = undefined;
      return analyzeDockerfile(file, text, settings, rules);
    }
    try {
      return this.incremental(file, text, settings, rules);
    } catch {
      // a rule that throws, a report outside its chunk, a parse error: the fresh analysis says it
      this.chunks = [];
      this.prev = undefined;
      this.model = undefined;
      return analyzeDockerfile(file, text, settings, rules);
    }
  }

  private incremental(file: string, text: string, settings: Settings, rules: readonly DockerfileRule[]): FileResult {
    const started = Date.now();
    const prev = this.prev;
    const region = prev ? changedRegion(prev.text, text) : undefined;
    const lines = prev && region ? LineIndex.edited(prev, text, region) : new LineIndex(text);
    this.prev = undefined;
    this.lastParsed = 0;
    const old = { chunks: this.chunks, region, delta: text.length - (prev?.text.length ?? 0) };
    const chunks = this.split(text, splitPoints(text), old) ?? this.split(text, [0], old)!;
    this.chunks = chunks;
    this.lastChunks = chunks.length;

    // stages and variables, chunk by chunk
    const ctx: BuildContext = { globalArgs: new Map(), stagesByName: new Map(), stageCount: 0, instrCount: 0 };
    let globalSig = '';
    const instructions: Instr[] = [];
    const stages: Stage[] = [];
    const chunkOf = new Map<Stage, Chunk>();
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      const first = i === 0;
      const bt = c.built;
      if (bt && bt.first === first && (first || (bt.globalSig === globalSig && replay(bt, ctx)))) {
        if (first) ctx.globalArgs = bt.globalArgs;
        const dStage = bt.b.stages.length ? ctx.stageCount - bt.b.stages[0].index : 0;
        if (ctx.instrCount !== c.instrBase || dStage) shiftMeta(c, bt.b, 0, ctx.instrCount - c.instrBase, dStage);
        for (const l of bt.lookups) if (l.outer) bt.b.stages[l.at].parent = ctx.stagesByName.get(l.key)!;
        for (const s of bt.b.stages) {
          if (s.name && !ctx.stagesByName.has(s.name)) ctx.stagesByName.set(s.name, s);
          ctx.stagesByName.set(String(s.index), s);
        }
        ctx.stageCount += bt.b.stages.length;
        ctx.instrCount += c.parsed.instructions.length;
      } else {
        if (first) ctx.globalArgs = new Map();
        const stageBase = ctx.stageCount;
        const b = buildInstructions(c.parsed, ctx);
        const lookups: Lookup[] = b.lookups.map((l) => {
          const inner = l.stage ? b.stages.indexOf(l.stage) : -1;
          // a stage before the chunk is complete: its shell is the one the build read
          return { key: l.key, numeric: /^\d+$/.test(l.key), at: l.at - stageBase, inner, outer: l.stage && inner < 0 ? { shell: l.stage.shell } : null };
        });
        b.lookups = [];
        c.built = { first, globalSig, b, globalArgs: ctx.globalArgs, lookups, version: ++versions };
        c.local = undefined;
      }
      if (first) globalSig = JSON.stringify([...ctx.globalArgs]);
      c.instrBase = ctx.instrCount - c.parsed.instructions.length;
      for (const x of c.parsed.instructions) instructions.push(x);
      for (const s of c.built!.b.stages) { stages.push(s); chunkOf.set(s, c); }
    }
    // where each chunk now starts: its lines moved there, its offsets when read (a rebuilt chunk's
    // new parts are at its old offsets too)
    let at = 0, line = 0;
    for (const c of chunks) {
      c.pos = at;
      if (line !== c.lineBase) shiftMeta(c, c.built!.b, line - c.lineBase, 0, 0);
      at += c.text.length;
      line += c.parsed.lines.lineCount - 1;
    }
    ensure(chunks[0]);

    const comments = new Map<number, string>();
    const problems = [];
    for (const c of chunks) {
      for (const [l, body] of c.parsed.comments) comments.set(l + c.lineBase, body);
      for (const p of c.built!.b.problems) problems.push(p);
    }
    const head = chunks[0].parsed;
    const model: DockerfileModel = {
      file, text, lines, escape: head.escape, directives: head.directives, instructions, stages,
      globalArgs: ctx.globalArgs, comments, problems, today: todayOf(settings),
    };
    this.model = model;
    const errors: AnalysisError[] = [];
    const troubled = chunks.find((c) => c.built!.b.problems.length);
    if (troubled) {
      ensure(troubled);
      errors.push({ message: problems[0].message, range: lines.range(problems[0].loc) });
    }

    // what the rules' findings depend on besides the model: the settings (severities, trusted
    // registries...) and the day date-dependent rules compare with
    const { budgetMs, ...rest } = settings;
    void budgetMs;
    let key = JSON.stringify(rest) + '|' + model.today.toISOString().slice(0, 10);
    if (key === this.key) key = this.key; else this.key = key;
    const findings: Finding[] = [];
    // the stage and lineage rules, chunk by chunk (the order of findings before the sort differs from
    // the rules' order only between different rules, which the sort orders by id)
    const local: { rule: DockerfileRule; severity: Severity; kind: RuleKind }[] = [];
    for (const rule of rules) {
      const kind = kindOf(rule);
      const severity = kind ? severityOf(rule.meta, settings) : undefined;
      if (kind && severity) local.push({ rule, severity, kind });
    }
    if (local.length) {
      const names = local.some((l) => l.kind === 'names') ? stages.map((s) => `${s.name ?? ''}\u0000${s.scratch ? 1 : 0}`).join('\u0001') : '';
      for (const c of chunks) {
        const lineage = lineageOf(c, chunkOf);
        if (!c.local || c.local.key !== key) c.local = { key, lineage, names, byRule: new Map() };
        if (c.local.lineage !== lineage || c.local.names !== names) {
          const drop = (kind: RuleKind) => { for (const l of local) if (l.kind === kind) c.local!.byRule.delete(l.rule); };
          if (c.local.lineage !== lineage) drop('lineage');
          if (c.local.names !== names) drop('names');
          c.local.lineage = lineage;
          c.local.names = names;
          c.local.all = undefined;
        }
        if (!c.local.all || c.local.all.lineBase !== c.lineBase) {
          const all: Finding[] = [];
          let view: DockerfileModel | undefined, withStages: DockerfileModel | undefined;
          for (const { rule, severity, kind } of local) {
            let e = c.local.byRule.get(rule);
            if (!e) {
              ensure(c);
              if (kind === 'lineage') for (const s of c.built!.b.stages) for (let p = s.parent, n = 0; p && n < stages.length; p = p.parent, n++) ensure(chunkOf.get(p)!);
              // the chunk's instructions; its stages, or (names rules) every stage
              const v = kind === 'names' ? (withStages ??= { ...model, instructions: c.parsed.instructions }) : (view ??= { ...model, instructions: c.parsed.instructions, stages: c.built!.b.stages });
              const out: Report[] = [];
              const rctx: RuleContext = { file, text, lines, settings, pss: { level: settings.podSecurity.level, minor: 0 }, report: (r) => out.push(relative(r, c, this.own)) };
              rule.check(v, rctx); // a throw: the fresh analysis reports it as it does
              e = { reports: out };
              c.local.byRule.set(rule, e);
            }
            if (!e.conv || e.conv.lineBase !== c.lineBase) {
              const cpos = chunkPositions(c);
              e.conv = { lineBase: c.lineBase, findings: e.reports.map((r) => toFinding(rule.meta, severity, r, cpos)) };
            }
            for (const f of e.conv.findings) all.push(f);
          }
          c.local.all = { lineBase: c.lineBase, findings: all };
        }
        for (const f of c.local.all.findings) findings.push(f);
      }
    }
    const overBudget = () => {
      if (Date.now() - started <= settings.budgetMs) return false;
      errors.push({ message: `Analysis stopped after ${Date.now() - started} ms: the file exceeds the per-file budget of ${settings.budgetMs} ms (palisade.budgetMs).`, range: lines.range([0, 0]) });
      return true;
    };
    // the other rules, on the whole model: the offsets they read moved first (rules of the final
    // stage: its chunk and those of the stages it builds on; any other rule: every chunk)
    const pos = filePositions(lines);
    let ensured = false;
    if (!overBudget()) {
      for (const rule of rules) {
        if (kindOf(rule)) continue;
        const sev = severityOf(rule.meta, settings);
        if (!sev) continue;
        if (!ensured && FINAL_RULE_IDS.has(rule.meta.id) && dockerfileRules.includes(rule)) {
          for (let s: Stage | null = stages[stages.length - 1] ?? null, n = 0; s && n <= stages.length; s = s.parent, n++) ensure(chunkOf.get(s)!);
        } else if (!ensured) {
          for (const c of chunks) ensure(c);
          ensured = true;
        }
        const rctx: RuleContext = {
          file, text, lines, settings,
          pss: { level: settings.podSecurity.level, minor: 0 },
          report: (r) => findings.push(toFinding(rule.meta, sev, r, pos)),
        };
        guarded(rule.meta, () => rule.check(model, rctx), (r) => findings.push(toFinding(rule.meta, 'error', r, pos)));
        if (overBudget()) break;
      }
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    let kept = findings;
    try {
      kept = suppress(findings, model, settings);
    } catch (err) {
      errors.push({ message: `Suppression comments could not be read: ${(err as Error)?.message ?? err}. All findings are shown; please report this.`, range: lines.range([0, 0]) });
    }
    this.prev = lines;
    return { file, findings: kept, errors };
  }

  /**
   * The chunks of `text` from the candidate split points; null when the chunks cannot stand for a
   * parse of the whole file. Chunks of the last analysis are kept: in the text before and after the
   * change (`old.region`) by their place, elsewhere by their text.
   */
  private split(text: string, points: number[], old: { chunks: Chunk[]; region?: ChangedRegion; delta: number }): Chunk[] | null {
    const used = new Set<Chunk>();
    const byPos = new Map<number, Chunk>();
    for (const c of old.chunks) byPos.set(c.pos, c);
    let byText: Map<string, Chunk[]> | undefined;
    const take = (start: number, end: number): Chunk => {
      const r = old.region;
      if (r) {
        const c = end <= r.pre ? byPos.get(start) : start >= text.length - r.suf ? byPos.get(start - old.delta) : undefined;
        if (c && c.text.length === end - start && !used.has(c)) { used.add(c); return c; }
      }
      const t = text.slice(start, end);
      if (!byText) {
        byText = new Map();
        for (const c of old.chunks) { const a = byText.get(c.text); if (a) a.push(c); else byText.set(c.text, [c]); }
      }
      for (const c of byText.get(t) ?? []) if (!used.has(c)) { used.add(c); return c; }
      this.lastParsed++;
      const own = this.own ? ownCopy(t) : t;
      const parsed = parseText(own);
      const startsStage = parsed.instructions[0]?.keyword === 'FROM' && parsed.instructions[0].loc[0] === /^[ \t]*/.exec(own)![0].length;
      return { text: own, parsed, startsStage, pos: 0, base: 0, lineBase: 0, instrBase: 0 };
    };
    const out: Chunk[] = [];
    for (let i = 0; i < points.length;) {
      const start = points[i];
      let j = i + 1;
      let c = take(start, j < points.length ? points[j] : text.length);
      if (!c.parsed.closed && j < points.length) {
        // an instruction runs past the next FROM line: the first later FROM line a parse of the rest
        // reaches between instructions ends this chunk
        const rest = parseText(text.slice(start));
        this.lastParsed++;
        for (; j < points.length; j++) {
          const r = points[j] - start;
          if (!rest.instructions.some((x) => x.loc[0] < r && x.loc[1] >= r)) break;
        }
        c = take(start, j < points.length ? points[j] : text.length);
        if (!c.parsed.closed && j < points.length) return null;
      }
      // a chunk after the first starts with its FROM instruction
      if (out.length && !c.startsStage) return null;
      out.push(c);
      i = j;
    }
    return out;
  }
}

let versions = 0;

/** A NUL in the first 8,192 characters: not a Dockerfile (as analyzeDockerfile tests it). */
function hasNul(text: string): boolean {
  const n = Math.min(text.length, 8192);
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

/** The builds of the chunks that hold the earlier stages a chunk's stages build on (what its lineage rules read besides the chunk). */
function lineageOf(c: Chunk, chunkOf: Map<Stage, Chunk>): string {
  let sig = '';
  for (const s of c.built!.b.stages) {
    const seen = new Set<Stage>();
    for (let p = s.parent; p && !seen.has(p); p = p.parent) {
      seen.add(p);
      const pc = chunkOf.get(p);
      if (pc && pc !== c) sig += `${pc.built!.version},`;
    }
  }
  return sig;
}

/**
 * Candidate chunk starts: 0 and the line starts of `FROM` lines. None when the file may set its
 * escape character: a parser directive (`# escape=`) in the comment lines at its top.
 */
function splitPoints(text: string): number[] {
  const out = [0];
  const top = /^\uFEFF?(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))*/.exec(text)![0];
  if (/escape/i.test(top)) return out;
  const re = /^[ \t]*FROM(?=[ \t\r\n]|$)/gim;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const s = m.index;
    // a line start as LineIndex counts them (\n, \r\n, \r; not \u2028 or \u2029, which ^ also matches after)
    if (s > 0 && (text[s - 1] === '\n' || text[s - 1] === '\r') && !(text[s - 1] === '\r' && text[s] === '\n')) out.push(s);
  }
  return out;
}

/** Whether the `FROM <name>` lookups of a chunk's build find the same stages now (see `Lookup`). */
function replay(bt: NonNullable<Chunk['built']>, ctx: BuildContext): boolean {
  const stages = bt.b.stages;
  for (const l of bt.lookups) {
    let inner = -1;
    if (l.numeric) for (let k = 0; k < l.at; k++) if (String(ctx.stageCount + k) === l.key) inner = k;
    let outer: Stage | undefined;
    if (inner < 0) outer = ctx.stagesByName.get(l.key);
    if (inner < 0 && !outer) for (let k = 0; k < l.at; k++) if (stages[k].name === l.key) { inner = k; break; }
    if (inner !== l.inner) return false;
    if (!!outer !== !!l.outer || (outer && outer.shell !== l.outer!.shell)) return false;
  }
  return true;
}

/** Moves a chunk's lines (by `dl`), instruction indexes and stage indexes, in place. */
function shiftMeta(c: Chunk, b: Built, dl: number, dIndex: number, dStage: number): void {
  c.lineBase += dl;
  c.instrBase += dIndex;
  const xs = c.parsed.instructions;
  if (dl || dIndex) {
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      x.index += dIndex;
      x.startLine += dl;
      x.endLine += dl;
    }
  }
  if (dStage) for (const s of b.stages) s.index += dStage;
}

/** Moves a chunk's offsets (in place) to where it now starts, `pos`. */
function ensure(c: Chunk): void {
  const d = c.pos - c.base;
  if (d === 0) return;
  c.base = c.pos;
  const xs = c.parsed.instructions;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    mv(x.loc, d); mv(x.keywordLoc, d);
    for (let k = 0; k < x.flags.length; k++) { const f = x.flags[k]; mv(f.loc, d); mv(f.nameLoc, d); if (f.valueLoc) mv(f.valueLoc, d); }
    for (let k = 0; k < x.args.length; k++) mv(x.args[k].loc, d);
    const map = x.logical.map;
    for (let k = 0; k < map.length; k++) map[k] += d;
    if (x.json) for (let k = 0; k < x.json.length; k++) mv(x.json[k].loc, d);
    for (let k = 0; k < x.heredocs.length; k++) { const h = x.heredocs[k]; mv(h.startLoc, d); if (h.bodyLoc) mv(h.bodyLoc, d); }
    for (let k = 0; k < x.props.length; k++) { const p = x.props[k]; mv(p.nameLoc, d); if (p.valueLoc) mv(p.valueLoc, d); }
    for (let k = 0; k < x.commands.length; k++) { const ws = x.commands[k].words; for (let w = 0; w < ws.length; w++) mv(ws[w].loc, d); }
  }
  const b = c.built!.b;
  for (const s of b.stages) { if (s.image) mv(s.image.loc, d); if (s.nameLoc) mv(s.nameLoc, d); }
  for (const p of b.problems) mv(p.loc, d);
  for (const dr of c.parsed.directives) mv(dr.loc, d);
}

function mv(l: Loc, d: number): void {
  const m = l as unknown as number[];
  m[0] += d;
  m[1] += d;
}

/** A report of a stage rule with its offsets relative to the chunk (and its strings detached from the file's text). */
function relative(r: Report, c: Chunk, own: boolean): Report {
  const b = c.base, n = c.text.length;
  const at = (o: number) => { if (!(o >= b && o <= b + n)) throw new NotIncremental('a report outside its chunk'); return o - b; };
  const str = (s: string) => {
    if (hasLineRefs(s)) {
      for (const m of s.matchAll(/\uE000(-?\d+)\uE000/g)) at(Number(m[1]));
      s = shiftLineRefs(s, -b);
    }
    return own ? detach(s) : s;
  };
  const out: Report = { ...r, loc: [at(r.loc[0]), at(r.loc[1])], message: str(r.message) };
  if (r.fixes) out.fixes = r.fixes.map((f) => ({ ...f, title: str(f.title), edits: f.edits.map((e) => ({ ...e, start: at(e.start), end: at(e.end), newText: own ? detach(e.newText) : e.newText })) }));
  if (r.related) out.related = r.related.map((x) => (x.index ? { ...x, message: str(x.message) } : { ...x, loc: [at(x.loc[0]), at(x.loc[1])] as Loc, message: str(x.message) }));
  return out;
}

/** Positions of offsets relative to a chunk, from the chunk's own line index and its first line. */
function chunkPositions(c: Chunk): Positions {
  const li = c.parsed.lines, lb = c.lineBase;
  const position = (o: number): Position => { const p = li.position(o); return { line: p.line + lb, character: p.character }; };
  const range = (l: Loc) => ({ start: position(l[0]), end: position(l[1]) });
  return { range, lineOf: (o) => li.lineOf(o) + lb, related: (x) => (x.index ? x.index.range(x.loc) : range(x.loc)) };
}
