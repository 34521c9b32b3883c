/**
 * A rule tester in the spirit of ESLint's RuleTester: valid cases produce no finding of the rule;
 * invalid cases produce exactly the listed findings (message substring, exact range); `output` is
 * the text after applying the first fix of each finding (or the fix named by `fix`).
 *
 * A case is one file (`code`, named `file`, default 'test.yaml'), analysed alone as the editor does
 * (analyzeText); or several files (`files`, plus `code` if given) analysed together as the CLI and
 * the language server do (scanTexts), which cross-file rules (`target: 'workspace'`) need: their
 * cases always go through scanTexts, even with one file. A file named `.palisade.yaml` is the
 * workspace configuration: its findings (K8S101) are those of the configuration loader, as the
 * language server reports them on that file.
 */
import * as assert from 'assert';
import { analyzeText } from '../server/src/engine/analyze';
import { scanTexts } from '../server/src/engine/scan';
import { configFindings } from '../server/src/engine/config';
import { defaultSettings, Settings } from '../server/src/engine/settings';
import { getRule } from '../server/src/engine/rules';
import { renderMessage, type MessageData } from '../server/src/engine/rule';
import { applyTextEdits } from '../server/src/engine/text';
import { plainEdits } from '../server/src/lsp/snippets';
import type { Finding, Range, Severity } from '../server/src/engine/types';

export interface ExpectedFinding {
  /** Substring (or regexp) the message must contain; or give `messageId` (a rule with messages). */
  message?: string | RegExp;
  /** The rule's message id (`meta.messages`), as ESLint's RuleTester matches it; with `data`, the message must be that template filled with it. */
  messageId?: string;
  data?: MessageData;
  /** 1-based line and column of the start, as editors show them; optional end. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The file the finding is in (multi-file cases); default: the case's `file`, or 'test.yaml'. */
  file?: string;
  /** The finding's severity, when the case checks it. */
  severity?: Severity;
}

export interface ValidCase {
  name?: string;
  /** The text of the file `file` (default 'test.yaml'). */
  code?: string;
  file?: string;
  /** More files, by path, analysed together with `code` (scanTexts): cases of cross-file rules. */
  files?: Record<string, string>;
  settings?: Partial<Settings>;
}
export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /**
   * Text after applying the fix of every finding; omit when the rule has no fix. With several files:
   * `{ [path]: text }` for the files that change (the others must not).
   */
  output?: string | Record<string, string>;
  /** Title (substring) of the fix to apply; default: the first fix of each finding. */
  fix?: string;
}

/** A rule's cases run under the strict profile: they test the rule, whichever profile includes it. */
function settingsOf(c: ValidCase): Settings {
  const s: Settings = { ...defaultSettings(), profile: 'strict' };
  if (!c.settings) return s;
  return { ...s, ...c.settings, podSecurity: { ...s.podSecurity, ...(c.settings.podSecurity ?? {}) } };
}

function fmt(r: Range): string { return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`; }

const defaultFile = (c: ValidCase) => c.file ?? 'test.yaml';

/** The files of a case, in order: `code` first (as `file`), then `files`. */
export function filesOf(c: ValidCase): [string, string][] {
  const out: [string, string][] = c.code !== undefined ? [[defaultFile(c), c.code]] : [];
  for (const [file, text] of Object.entries(c.files ?? {})) {
    if (out.some(([f]) => f === file)) throw new Error(`case ${c.name ?? ''}: file ${file} is given twice (code and files)`);
    out.push([file, text]);
  }
  if (!out.length) throw new Error(`case ${c.name ?? ''}: give code or files`);
  return out;
}

const isConfigFile = (file: string) => /(^|[\\/])\.palisade\.yaml$/.test(file);

/** The rule's findings of a case, with the file each is in. */
export function locatedFindingsOf(ruleId: string, c: ValidCase): { file: string; finding: Finding }[] {
  const files = filesOf(c);
  const settings = settingsOf(c);
  const rule = getRule(ruleId);
  const together = c.files !== undefined || rule?.target === 'workspace';
  const results = together
    ? scanTexts(files.map(([file, text]) => ({ file, text })), settings)
    : files.map(([file, text]) => analyzeText(file, text, { settings }));
  return results.flatMap((r, i) => {
    const [file, text] = files[i];
    const findings = isConfigFile(file) ? configFindings(text) : r.findings;
    return findings.filter((f) => f.ruleId === ruleId).map((finding) => ({ file, finding }));
  });
}

export function findingsOf(ruleId: string, c: ValidCase): Finding[] {
  return locatedFindingsOf(ruleId, c).map((x) => x.finding);
}

export function runRuleTests(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rule = getRule(ruleId);
  describe(`rule ${ruleId}${rule ? ' ' + rule.meta.name : ''}`, () => {
    it('is registered', () => assert.ok(rule, `rule ${ruleId} is not in the registry`));
    it('has no duplicate cases', () => assert.deepStrictEqual(duplicateCases(cases), []));
    cases.valid.forEach((c, i) => it(`valid: ${c.name ?? i}`, () => checkValid(ruleId, c)));
    cases.invalid.forEach((c, i) => it(`invalid: ${c.name ?? i}`, () => checkInvalid(ruleId, c)));
  });
}

/** Cases that analyse the same input under the same settings as an earlier one (as ESLint's RuleTester rejects them): they test nothing more. */
export function duplicateCases(cases: { valid: ValidCase[]; invalid: InvalidCase[] }): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  const all: [string, ValidCase][] = [...cases.valid.map((c, i) => [`valid ${c.name ?? i}`, c] as [string, ValidCase]), ...cases.invalid.map((c, i) => [`invalid ${c.name ?? i}`, c] as [string, ValidCase])];
  for (const [label, c] of all) {
    const key = JSON.stringify([filesOf(c), c.settings ?? null, (c as InvalidCase).fix ?? null]);
    const first = seen.get(key);
    if (first) out.push(`${label} repeats ${first}`); else seen.set(key, label);
  }
  return out;
}

/** Throws unless the case produces no finding of the rule. */
export function checkValid(ruleId: string, c: ValidCase): void {
  const f = locatedFindingsOf(ruleId, c);
  assert.deepStrictEqual(f.map((x) => `${show(c, x.file)}${fmt(x.finding.range)} ${x.finding.message}`), [], 'expected no findings');
}

/** Throws unless the case produces exactly the expected findings of the rule, and its fixes the expected output. */
export function checkInvalid(ruleId: string, c: InvalidCase): void {
  const rule = getRule(ruleId);
  const files = filesOf(c);
  const order = (file: string) => files.findIndex(([f]) => f === file);
  const located = locatedFindingsOf(ruleId, c);
  const f = located.map((x) => x.finding);
  assert.strictEqual(f.length, c.errors.length, `expected ${c.errors.length} findings, got:\n${located.map((x) => `${show(c, x.file)}${fmt(x.finding.range)} ${x.finding.message}`).join('\n')}`);
  for (const e of c.errors) if (e.file !== undefined) assert.ok(order(e.file) >= 0, `expected error in ${e.file}, which is not a file of the case`);
  // by file (in the case's order), then position; the expected errors likewise (a stable sort: ties keep their order)
  const sorted = [...located].sort((a, b) => order(a.file) - order(b.file) || a.finding.range.start.line - b.finding.range.start.line || a.finding.range.start.character - b.finding.range.start.character);
  const expected = [...c.errors].sort((a, b) => order(a.file ?? defaultFile(c)) - order(b.file ?? defaultFile(c)) || a.line - b.line || a.column - b.column);
  expected.forEach((e, j) => {
    const { file, finding: got } = sorted[j];
    assert.strictEqual(file, e.file ?? defaultFile(c), `file of finding ${j} (${got.message})`);
    assert.ok(e.message !== undefined || e.messageId !== undefined, `expected finding ${j}: give message or messageId`);
    if (e.messageId !== undefined) {
      assert.ok(rule?.meta.messages && Object.hasOwn(rule.meta.messages, e.messageId), `rule ${ruleId} has no message '${e.messageId}' (its messages: ${Object.keys(rule?.meta.messages ?? {}).join(', ') || 'none'})`);
      assert.strictEqual(got.messageId, e.messageId, `messageId of finding ${j} (${got.message})`);
      if (e.data !== undefined) assert.strictEqual(got.message, renderMessage(rule!.meta, e.messageId, e.data), `message of finding ${j} with data ${JSON.stringify(e.data)}`);
    }
    if (typeof e.message === 'string') assert.ok(got.message.includes(e.message), `message ${JSON.stringify(got.message)} does not contain ${JSON.stringify(e.message)}`);
    else if (e.message) assert.match(got.message, e.message);
    assert.strictEqual(`${got.range.start.line + 1}:${got.range.start.character + 1}`, `${e.line}:${e.column}`, `start of finding ${j} (${got.message})`);
    if (e.endLine !== undefined) assert.strictEqual(`${got.range.end.line + 1}:${got.range.end.character + 1}`, `${e.endLine}:${e.endColumn}`, `end of finding ${j}`);
    if (e.severity !== undefined) assert.strictEqual(got.severity, e.severity, `severity of finding ${j} (${got.message})`);
  });
  if (rule?.meta.fix && c.output === undefined) {
    const withFix = f.filter((x) => x.fixes.some((fx) => fx.applicability === rule.meta.fix!.applicability));
    assert.strictEqual(withFix.length, 0, `rule ${ruleId} declares a fix; give the expected output`);
  }
  if (c.output !== undefined) {
    assert.ok(rule?.meta.fix, `rule ${ruleId} declares no fix but the case has an output`);
    const outputs = typeof c.output === 'string' ? { [defaultFile(c)]: c.output } : c.output;
    for (const file of Object.keys(outputs)) assert.ok(order(file) >= 0, `output for ${file}, which is not a file of the case`);
    for (const x of f) for (const fx of x.fixes) if (!fx.title.startsWith('Disable ')) assert.ok(['safe', 'unsafe', 'display-only'].includes(fx.applicability));
    let any = false;
    for (const [file, text] of files) {
      const chosen = located.filter((x) => x.file === file).flatMap(({ finding: x }) => {
        const fx = c.fix ? x.fixes.find((y) => y.title.includes(c.fix!)) : x.fixes.find((y) => !y.title.startsWith('Disable '));
        return fx ? [fx] : [];
      });
      const edits = chosen.flatMap((fx) => fx.edits);
      if (edits.length) any = true;
      assert.strictEqual(applyTextEdits(text, dedupe(edits)), outputs[file] ?? text, Object.hasOwn(outputs, file) ? `output of ${file}` : `${file} has no expected output, so it must not change`);
      if (!Object.hasOwn(outputs, file)) continue;
      // what the editor ends up with: a snippet fix's placeholders filled with their defaults (lsp/snippets.ts)
      const filled = applyTextEdits(text, dedupe(chosen.flatMap((fx) => (fx.snippet ? plainEdits(fx.edits) : fx.edits))));
      checkFixedText(file, text, outputs[file], settingsOf(c), filled);
    }
    assert.ok(any, 'no fix edits produced');
  }
}

/**
 * What ESLint's RuleTester asks of a fix's output beyond being the expected text: it changes the
 * input, and the fixed file, analysed again, parses at least as well as the input did. `filled` is
 * the text the editor ends up with: for snippet fixes, the output with the placeholders filled with
 * their defaults (the output itself otherwise).
 */
export function checkFixedText(file: string, input: string, output: string, settings: Settings, filled = output): void {
  assert.notStrictEqual(output, input, `the output of ${file} is its input: a fix must change something (omit output when no fix applies)`);
  if (isConfigFile(file)) return;
  const errs = (t: string) => analyzeText(file, t, { settings }).errors.map((e) => e.message);
  const before = errs(input), after = errs(filled);
  assert.ok(after.length <= before.length, `the fixed ${file} does not parse as well as the input: ${after.filter((m) => !before.includes(m)).join('; ')}`);
}

/** A finding's file in messages, for multi-file cases. */
function show(c: ValidCase, file: string): string { return c.files ? `${file}:` : ''; }

function dedupe<T extends { range: Range; newText: string }>(edits: T[]): T[] {
  const seen = new Set<string>();
  return edits.filter((e) => { const k = JSON.stringify(e); if (seen.has(k)) return false; seen.add(k); return true; });
}
