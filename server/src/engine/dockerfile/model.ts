/**
 * The Dockerfile model: dockerfile-ast parses (directives, continuations, heredocs, flags, JSON
 * form); this module turns its tree into offsets, stages, resolved variables and shell commands
 * that rules can check without knowing the parser.
 */
import { DockerfileParser, Instruction, Flag as AstFlag, Heredoc as AstHeredoc } from 'dockerfile-ast';
import { LineIndex } from '../text';
import type { Loc } from '../types';
import { lexShell, ShellCommand } from './shell';

export interface DFlag { name: string; value: string | null; loc: Loc; nameLoc: Loc; valueLoc: Loc | null }
export interface DArg { value: string; loc: Loc }
export interface DHeredoc { name: string; startLoc: Loc; bodyLoc: Loc | null; body: string; terminated: boolean }
export interface DProperty { name: string; value: string | null; nameLoc: Loc; valueLoc: Loc | null }

export interface Instr {
  index: number;
  /** Upper-case keyword ("RUN"). */
  keyword: string;
  loc: Loc;
  keywordLoc: Loc;
  flags: DFlag[];
  /** Arguments (flags excluded, heredoc bodies excluded). */
  args: DArg[];
  /** The argument text with line continuations and continuation comments removed; map[i] is the file offset of text[i]. */
  logical: { text: string; map: number[] };
  /** JSON (exec) form strings, decoded, or null for shell form. */
  json: DArg[] | null;
  heredocs: DHeredoc[];
  /** ENV / ARG / LABEL properties. */
  props: DProperty[];
  /** The build stage, or null for ARGs before the first FROM. */
  stage: Stage | null;
  /** Variables in scope before this instruction (ARG defaults and ENV values, expanded); undefined when unknown or declared without a value. */
  vars: VarLookup;
  /** Shell commands of a RUN (shell form and heredoc scripts); empty otherwise. */
  commands: ShellCommand[];
  /** Physical line numbers (0-based) of the first and last line. */
  startLine: number;
  endLine: number;
}

export interface ImageRef {
  /** The argument as written. */
  raw: string;
  /** After variable substitution, or null when a variable could not be resolved. */
  resolved: string | null;
  loc: Loc;
  registry: string | null;
  /** Repository path without registry ("library/node" is normalised to "node"). */
  name: string;
  tag: string | null;
  digest: string | null;
}

export interface Stage {
  index: number;
  from: Instr;
  image: ImageRef | null;
  /** `AS name`, lower-cased. */
  name: string | null;
  nameLoc: Loc | null;
  /** The earlier stage this one builds on (`FROM builder`). */
  parent: Stage | null;
  scratch: boolean;
  /** The shell RUN uses at the end of the stage so far (SHELL instruction, base OS); null when it is not a POSIX shell. */
  shell: string | null;
  instructions: Instr[];
}

export interface VarLookup { get(name: string): string | undefined }

/** Variable values by instruction position, without copying a map per instruction. */
class StageVars {
  private h = new Map<string, { at: number; value: string | undefined }[]>();
  set(name: string, at: number, value: string | undefined): void {
    const a = this.h.get(name);
    if (a) a.push({ at, value }); else this.h.set(name, [{ at, value }]);
  }
  /** The values visible just before instruction index `at`. */
  before(at: number): VarLookup {
    return {
      get: (name) => {
        const a = this.h.get(name);
        if (!a) return undefined;
        for (let k = a.length - 1; k >= 0; k--) if (a[k].at < at) return a[k].value;
        return undefined;
      },
    };
  }
}

export interface SyntaxProblem { message: string; loc: Loc }

export interface DockerfileModel {
  file: string;
  text: string;
  lines: LineIndex;
  escape: string;
  directives: { name: string; value: string; loc: Loc }[];
  instructions: Instr[];
  stages: Stage[];
  globalArgs: Map<string, string | undefined>;
  /** Comment lines: line number -> text after '#'. */
  comments: Map<number, string>;
  problems: SyntaxProblem[];
  /** The date date-dependent rules compare with (injectable through settings.today). */
  today: Date;
}

/**
 * dockerfile-ast re-lexes an instruction's arguments on every `getArguments()` call, and calls it
 * about ten times per instruction while parsing (flags, heredocs, JSON form, ranges) and we call it
 * a few more: 1 MB of RUN arguments took 5 s, almost all of it allocation. An instruction's text and
 * range never change after it is built, so the lexed arguments are kept per instruction; callers get
 * a copy of the array (the library shifts flags off it and replaces expanded items in it).
 */
const rawArgs = new WeakMap<object, unknown[]>();
const proto = Instruction.prototype as unknown as { getRawArguments?: () => unknown[]; __palisadeMemo?: true };
if (typeof proto.getRawArguments === 'function' && !proto.__palisadeMemo) {
  const lex = proto.getRawArguments;
  proto.getRawArguments = function (this: object): unknown[] {
    let args = rawArgs.get(this);
    if (!args) { args = lex.call(this); rawArgs.set(this, args); }
    return args.slice();
  };
  proto.__palisadeMemo = true;
}

const KNOWN = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/**
 * The text parsed by dockerfile-ast, before stages and variables: what does not depend on the rest of
 * the file. Offsets and lines are relative to the parsed text. The instructions' `index`, `stage`,
 * `vars` and `commands` are filled in by `buildInstructions`.
 */
export interface ParsedText {
  text: string;
  lines: LineIndex;
  escape: string;
  directives: { name: string; value: string; loc: Loc }[];
  instructions: Instr[];
  /** The keyword of each instruction as written (for the unknown-instruction message). */
  written: string[];
  /** Comment lines: line number and the text after '#'. */
  comments: [number, string][];
  /**
   * Whether the parser is between instructions at the end of the text: its last instruction ended
   * before the end (no line continuation or heredoc left open), so text appended after it starts afresh.
   */
  closed: boolean;
}

export function parseText(text: string): ParsedText {
  const lines = new LineIndex(text);
  const off = (p: { line: number; character: number }) => lines.offset(p);
  const locOf = (r: { start: { line: number; character: number }; end: { line: number; character: number } }): Loc => [off(r.start), off(r.end)];
  const df = DockerfileParser.parse(text);
  const escape = df.getEscapeCharacter() || '\\';
  const out: ParsedText = {
    text, lines, escape,
    directives: df.getDirectives().map((d) => ({ name: d.getName().toLowerCase(), value: d.getValue(), loc: locOf(d.getRange()) })),
    instructions: [], written: [], comments: [], closed: true,
  };
  // Comment lines (also those inside continuations, which dockerfile-ast folds into instructions).
  for (let l = 0; l < lines.lineCount; l++) {
    const s = lines.lineStarts[l];
    const e = l + 1 < lines.lineCount ? lines.lineStarts[l + 1] : text.length;
    const m = /^[ \t]*#(.*?)[\r\n]*$/.exec(text.slice(s, e));
    if (m) out.comments.push([l, m[1]]);
  }
  const noVars: VarLookup = { get: () => undefined };
  const astInstrs = df.getInstructions();
  for (let i = 0; i < astInstrs.length; i++) {
    const a = astInstrs[i];
    const keyword = a.getKeyword().toUpperCase();
    const loc = locOf(a.getRange());
    const keywordLoc = locOf(a.getInstructionRange());
    const flags: DFlag[] = typeof (a as unknown as { getFlags?: () => AstFlag[] }).getFlags === 'function'
      ? (a as unknown as { getFlags: () => AstFlag[] }).getFlags().map((f) => ({
        name: f.getName().toLowerCase(), value: f.getValue(), loc: locOf(f.getRange()), nameLoc: locOf(f.getNameRange()),
        valueLoc: f.getValueRange() ? locOf(f.getValueRange()!) : null,
      }))
      : [];
    const astHeredocs: AstHeredoc[] = typeof (a as unknown as { getHeredocs?: () => AstHeredoc[] }).getHeredocs === 'function'
      ? (a as unknown as { getHeredocs: () => AstHeredoc[] }).getHeredocs() : [];
    const heredocs: DHeredoc[] = astHeredocs.map((h) => {
      const cr = h.getContentRange();
      const bodyLoc = cr ? locOf(cr) : null;
      const terminated = h.getDelimiterRange() !== null;
      return { name: h.getName(), startLoc: locOf(h.getStartRange()), bodyLoc, body: bodyLoc ? text.slice(bodyLoc[0], bodyLoc[1]) : '', terminated };
    });
    const firstBody = heredocs.find((h) => h.bodyLoc)?.bodyLoc?.[0];
    const cmdEnd = firstBody !== undefined ? Math.max(keywordLoc[1], firstBody - 1) : loc[1];
    let args: DArg[] = safe(() => a.getArguments(), []).map((x) => ({ value: x.getValue(), loc: locOf(x.getRange()) }));
    args = args.filter((x) => x.loc[0] < cmdEnd);
    const argStart = flags.length ? flags[flags.length - 1].loc[1] : keywordLoc[1];
    const logical = joinContinuations(text, argStart, cmdEnd, escape);
    const json = jsonForm(a, keyword, locOf, text);
    const props: DProperty[] = typeof (a as unknown as { getProperties?: () => unknown[] }).getProperties === 'function'
      ? safe(() => (a as unknown as { getProperties: () => { getName(): string; getValue(): string | null; getNameRange(): Parameters<typeof locOf>[0]; getValueRange(): Parameters<typeof locOf>[0] | null }[] }).getProperties(), [])
        .map((p) => ({ name: p.getName(), value: p.getValue(), nameLoc: locOf(p.getNameRange()), valueLoc: p.getValueRange() ? locOf(p.getValueRange()!) : null }))
      : [];
    out.instructions.push({
      index: i, keyword, loc, keywordLoc, flags, args, logical, json, heredocs, props, stage: null, vars: noVars, commands: [],
      startLine: lines.lineOf(loc[0]), endLine: lines.lineOf(Math.max(loc[0], loc[1] - 1)),
    });
    out.written.push(a.getKeyword());
  }
  const last = out.instructions[out.instructions.length - 1];
  out.closed = !last || last.loc[1] < text.length;
  return out;
}

/** What the instructions of a text read from the instructions before it. */
export interface BuildContext {
  /** ARGs before the first FROM: written by the first text, read by the others. */
  globalArgs: Map<string, string | undefined>;
  /** The stages before this text by `AS` name (the first of a name) and by index; the text's own are added. */
  stagesByName: Map<string, Stage>;
  /** How many stages and instructions come before this text. */
  stageCount: number;
  instrCount: number;
}

/** The stages and syntax problems of a text built by `buildInstructions`, and the stages it looked up by name. */
export interface Built {
  stages: Stage[];
  problems: SyntaxProblem[];
  /** Each `FROM <name>` lookup in order: the name, the index of the stage it starts and the stage found (null: an image, not a stage). */
  lookups: { key: string; at: number; stage: Stage | null }[];
}

/**
 * Stages, variables and shell commands of a parsed text's instructions (in place), given what the
 * instructions before it define. Offsets in the result are those of `p.instructions`.
 */
export function buildInstructions(p: ParsedText, ctx: BuildContext): Built {
  const out: Built = { stages: [], problems: [], lookups: [] };
  let stage: Stage | null = null;
  let vars = new StageVars();
  const globalArgs = ctx.globalArgs;
  const globalVars: VarLookup = { get: (n) => globalArgs.get(n) };
  for (let i = 0; i < p.instructions.length; i++) {
    const instr = p.instructions[i];
    const { keyword, args, keywordLoc, heredocs, props, json } = instr;
    const index = ctx.instrCount + i;
    if (keyword === 'FROM') {
      const imageArg = args[0];
      const isAs = args[1] && args[1].value.toLowerCase() === 'as';
      const name = isAs && args[2] ? args[2].value.toLowerCase() : null;
      vars = new StageVars();
      const ref = imageArg ? imageRef(imageArg, globalArgs) : null;
      let parent: Stage | null = null;
      if (ref && ref.resolved !== null) {
        const key = ref.resolved.toLowerCase();
        parent = ctx.stagesByName.get(key) ?? null;
        out.lookups.push({ key, at: ctx.stageCount + out.stages.length, stage: parent });
      }
      stage = {
        index: ctx.stageCount + out.stages.length, from: undefined as unknown as Instr, image: parent ? null : ref, name, nameLoc: isAs && args[2] ? [args[2].loc[0], args[2].loc[1]] : null,
        parent, scratch: !parent && ref?.resolved?.toLowerCase() === 'scratch', instructions: [],
        shell: parent ? parent.shell : ref && /(^|\/)windows\/|nanoserver|servercore/.test(ref.name) ? null : '/bin/sh',
      };
      if (!imageArg) out.problems.push({ message: 'FROM needs a base image, for example `FROM alpine:3.20`.', loc: [keywordLoc[0], keywordLoc[1]] });
      out.stages.push(stage);
      if (name && !ctx.stagesByName.has(name)) ctx.stagesByName.set(name, stage);
      ctx.stagesByName.set(String(stage.index), stage);
    }
    instr.index = index;
    instr.stage = stage;
    instr.vars = stage ? vars.before(index) : globalVars;
    instr.commands = [];
    if (keyword === 'FROM' && stage) stage.from = instr;
    if (stage) stage.instructions.push(instr);

    if (!KNOWN.has(keyword)) {
      out.problems.push({ message: `Unknown instruction ${p.written[i]}: a Dockerfile instruction is one of ${[...KNOWN].join(', ')}.`, loc: [keywordLoc[0], keywordLoc[1]] });
    } else if (!stage && keyword !== 'ARG') {
      out.problems.push({ message: `${keyword} before the first FROM: only ARG may come before FROM.`, loc: [keywordLoc[0], keywordLoc[1]] });
    }
    for (const h of heredocs) if (!h.terminated) out.problems.push({ message: `The heredoc <<${h.name} is not terminated: add a line with only ${h.name} after its content.`, loc: [h.startLoc[0], h.startLoc[1]] });

    // Variables: ARG and ENV change what later instructions see.
    if (keyword === 'ARG') {
      for (const pr of props) {
        const dflt = pr.value === null ? undefined : expand(pr.value, stage ? vars.before(index) : globalArgs) ?? undefined;
        if (!stage) globalArgs.set(pr.name, dflt);
        else vars.set(pr.name, index, dflt !== undefined ? dflt : globalArgs.get(pr.name));
      }
    } else if (keyword === 'ENV' && stage) {
      for (const pr of props) vars.set(pr.name, index, pr.value === null ? '' : expand(pr.value, vars.before(index)) ?? undefined);
    }
    if (keyword === 'SHELL' && stage && json?.length) stage.shell = /(^|[\\/])(ba|da|a|z|k|mk)?sh(\.exe)?$/i.test(json[0].value) ? json[0].value : null;
    if (keyword === 'RUN' && (!stage || stage.shell !== null)) instr.commands = json ? execCommands(json) : runCommands(instr);
  }
  ctx.stageCount += out.stages.length;
  ctx.instrCount += p.instructions.length;
  return out;
}

export function parseDockerfile(file: string, text: string, today: Date = new Date()): DockerfileModel {
  const p = parseText(text);
  const globalArgs = new Map<string, string | undefined>();
  const b = buildInstructions(p, { globalArgs, stagesByName: new Map(), stageCount: 0, instrCount: 0 });
  return {
    file, text, lines: p.lines, escape: p.escape, directives: p.directives,
    instructions: p.instructions, stages: b.stages, globalArgs, comments: new Map(p.comments), problems: b.problems, today,
  };
}

function safe<T>(f: () => T, dflt: T): T {
  try { return f(); } catch { return dflt; }
}

/** The shell commands of a RUN: its command line (continuations joined) and its heredoc scripts. */
function runCommands(instr: Instr): ShellCommand[] {
  const out = lexShell(instr.logical.text, instr.logical.map);
  if (instr.heredocs.length) {
    // `RUN <<EOF` (or `RUN sh <<EOF`): the body is the script. `RUN cat <<EOF > f`: it is data.
    const words = out.flatMap((c) => c.words);
    const interpreter = words.length === 0 || /^(\/(usr\/)?bin\/)?(ba|da|a|z|k)?sh$/.test(words[0].value);
    if (interpreter) {
      for (const h of instr.heredocs) {
        if (!h.bodyLoc) continue;
        const map: number[] = [];
        for (let k = 0; k < h.body.length; k++) map.push(h.bodyLoc[0] + k);
        map.push(h.bodyLoc[1]);
        // one push per command: a spread of a long script's commands overflows the stack (150,000 lines)
        for (const c of lexShell(h.body, map)) out.push(c);
      }
    }
  }
  return out;
}

/** The commands of an exec-form RUN: the program and its arguments, or the script of `sh -c "..."`. */
function execCommands(json: DArg[]): ShellCommand[] {
  if (!json.length) return [];
  if (json.length >= 3 && /^(\/(usr\/)?bin\/)?(ba|da|a|z|k)?sh$/.test(json[0].value) && json[1].value === '-c') {
    const s = json[2];
    // offsets inside the JSON string are exact unless it contains escapes
    const map: number[] = [];
    for (let k = 0; k <= s.value.length; k++) map.push(Math.min(s.loc[0] + 1 + k, s.loc[1]));
    return lexShell(s.value, map);
  }
  return [{ words: json.map((a) => ({ value: a.value, raw: a.value, loc: [a.loc[0], a.loc[1]] as Loc })), op: '', prevOp: '' }];
}

/**
 * Joins an instruction's physical lines as Docker does: the escape character followed by optional
 * whitespace and a line break continues the line; comment lines and empty lines inside the
 * continuation are dropped.
 */
export function joinContinuations(text: string, start: number, end: number, escape: string): { text: string; map: number[] } {
  // verbatim runs are copied with slice (char-by-char concatenation cost seconds on a 10 MB line)
  const parts: string[] = [];
  const map: number[] = [];
  let i = start;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  let run = i;
  const flush = (to: number) => {
    if (to <= run) return;
    parts.push(text.slice(run, to));
    for (let k = run; k < to; k++) map.push(k);
  };
  while (i < end) {
    const e = text.indexOf(escape, i);
    if (e < 0 || e >= end) { i = end; break; }
    i = e;
    let j = i + 1;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= end) { flush(i); run = i = j; break; }
    if (text[j] !== '\n' && text[j] !== '\r') { i++; continue; } // escape+char passes through verbatim
    // continuation: skip the break and any following comment or blank lines
    flush(i);
    j += text[j] === '\r' && text[j + 1] === '\n' ? 2 : 1;
    for (;;) {
      let k = j;
      while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
      if (k < end && text[k] === '#') {
        while (k < end && text[k] !== '\n' && text[k] !== '\r') k++;
        k += text[k] === '\r' && text[k + 1] === '\n' ? 2 : 1;
        j = k;
      } else if (k < end && (text[k] === '\n' || text[k] === '\r')) {
        k += text[k] === '\r' && text[k + 1] === '\n' ? 2 : 1;
        j = k;
      } else break;
    }
    run = i = j;
  }
  flush(Math.min(i, end));
  let out = parts.join('');
  // trim trailing whitespace
  let n = out.length;
  while (n && /\s/.test(out[n - 1])) n--;
  if (n < out.length) { out = out.slice(0, n); map.length = n; }
  map.push(map.length ? map[map.length - 1] + 1 : start);
  return { text: out, map };
}

function jsonForm(a: Instruction, keyword: string, locOf: (r: never) => Loc, text: string): DArg[] | null {
  if (!['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME'].includes(keyword)) return null;
  const j = a as unknown as { getOpeningBracket?: () => unknown; getClosingBracket?: () => unknown; getJSONStrings?: () => { getJSONValue(): string; getRange(): never }[] };
  if (!j.getOpeningBracket || !j.getOpeningBracket() || !j.getClosingBracket!()) return null;
  return j.getJSONStrings!().map((s) => {
    const loc = locOf(s.getRange());
    let value: string;
    try { value = JSON.parse(text.slice(loc[0], loc[1])) as string; } catch { value = s.getJSONValue(); }
    return { value: typeof value === 'string' ? value : String(value), loc };
  });
}

/** Expands $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:+x}, ${VAR+x}; null when a variable is unknown. */
export function expand(s: string, vars: VarLookup): string | null {
  let unresolved = false;
  const get = (name: string): string | undefined => vars.get(name);
  const out = s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, n1: string, op: string | undefined, word: string | undefined, n2: string) => {
    const name = n1 ?? n2;
    const v = get(name);
    if (op) {
      const set = op.startsWith(':') ? v !== undefined && v !== '' : v !== undefined;
      if (op.endsWith('-')) return set ? v! : word ?? '';
      return set ? word ?? '' : '';
    }
    if (v === undefined) { unresolved = true; return ''; }
    return v;
  });
  return unresolved ? null : out;
}

const DEFAULT_REGISTRIES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export function parseImage(s: string): { registry: string | null; name: string; tag: string | null; digest: string | null } {
  let rest = s;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost') { registry = first.toLowerCase(); rest = rest.slice(slash + 1); }
  }
  if (registry && DEFAULT_REGISTRIES.has(registry)) registry = null;
  let name = rest.toLowerCase();
  if (!registry && name.startsWith('library/')) name = name.slice('library/'.length);
  return { registry, name, tag, digest };
}

function imageRef(arg: DArg, globals: VarLookup): ImageRef {
  const resolved = expand(arg.value, globals);
  const p = parseImage(resolved ?? arg.value);
  return { raw: arg.value, resolved, loc: [arg.loc[0], arg.loc[1]], ...p };
}

/** The stage and its ancestors (FROM <earlier stage>), nearest first. */
export function lineage(s: Stage): Stage[] {
  const out: Stage[] = [];
  for (let x: Stage | null = s; x && !out.includes(x); x = x.parent) out.push(x);
  return out;
}

/** The external base image a stage ultimately builds on. */
export function baseImage(s: Stage): ImageRef | null {
  const l = lineage(s);
  return l[l.length - 1].image;
}
