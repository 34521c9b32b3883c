/**
 * A rule tester in the spirit of ESLint's RuleTester: valid cases produce no finding of the rule;
 * invalid cases produce exactly the listed findings (message substring, exact range); `output` is
 * the text after applying the first fix of each finding (or the fix named by `fix`).
 */
import * as assert from 'assert';
import { analyzeText } from '../server/src/engine/analyze';
import { defaultSettings, Settings } from '../server/src/engine/settings';
import { getRule } from '../server/src/engine/rules';
import { applyTextEdits } from '../server/src/engine/text';
import type { Finding, Range } from '../server/src/engine/types';

export interface ExpectedFinding {
  /** Substring (or regexp) the message must contain. */
  message: string | RegExp;
  /** 1-based line and column of the start, as editors show them; optional end. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface ValidCase { name?: string; code: string; file?: string; settings?: Partial<Settings> }
export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** Text after applying the fix of every finding; omit when the rule has no fix. */
  output?: string;
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

export function findingsOf(ruleId: string, c: ValidCase): Finding[] {
  const res = analyzeText(c.file ?? 'test.yaml', c.code, { settings: settingsOf(c) });
  return res.findings.filter((f) => f.ruleId === ruleId);
}

export function runRuleTests(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rule = getRule(ruleId);
  describe(`rule ${ruleId}${rule ? ' ' + rule.meta.name : ''}`, () => {
    it('is registered', () => assert.ok(rule, `rule ${ruleId} is not in the registry`));
    cases.valid.forEach((c, i) => {
      it(`valid: ${c.name ?? i}`, () => {
        const f = findingsOf(ruleId, c);
        assert.deepStrictEqual(f.map((x) => `${fmt(x.range)} ${x.message}`), [], 'expected no findings');
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid: ${c.name ?? i}`, () => {
        const f = findingsOf(ruleId, c);
        assert.strictEqual(f.length, c.errors.length, `expected ${c.errors.length} findings, got:\n${f.map((x) => `${fmt(x.range)} ${x.message}`).join('\n')}`);
        const sorted = [...f].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        c.errors.forEach((e, j) => {
          const got = sorted[j];
          if (typeof e.message === 'string') assert.ok(got.message.includes(e.message), `message ${JSON.stringify(got.message)} does not contain ${JSON.stringify(e.message)}`);
          else assert.match(got.message, e.message);
          assert.strictEqual(`${got.range.start.line + 1}:${got.range.start.character + 1}`, `${e.line}:${e.column}`, `start of finding ${j} (${got.message})`);
          if (e.endLine !== undefined) assert.strictEqual(`${got.range.end.line + 1}:${got.range.end.character + 1}`, `${e.endLine}:${e.endColumn}`, `end of finding ${j}`);
        });
        if (rule?.meta.fix && c.output === undefined) {
          const withFix = f.filter((x) => x.fixes.some((fx) => fx.applicability === rule.meta.fix!.applicability));
          assert.strictEqual(withFix.length, 0, `rule ${ruleId} declares a fix; give the expected output`);
        }
        if (c.output !== undefined) {
          assert.ok(rule?.meta.fix, `rule ${ruleId} declares no fix but the case has an output`);
          const edits = f.flatMap((x) => {
            const fx = c.fix ? x.fixes.find((y) => y.title.includes(c.fix!)) : x.fixes.find((y) => !y.title.startsWith('Disable '));
            return fx ? fx.edits : [];
          });
          assert.ok(edits.length > 0, 'no fix edits produced');
          for (const x of f) for (const fx of x.fixes) if (!fx.title.startsWith('Disable ')) assert.ok(['safe', 'unsafe', 'display-only'].includes(fx.applicability));
          assert.strictEqual(applyTextEdits(c.code, dedupe(edits)), c.output);
        }
      });
    });
  });
}

function dedupe<T extends { range: Range; newText: string }>(edits: T[]): T[] {
  const seen = new Set<string>();
  return edits.filter((e) => { const k = JSON.stringify(e); if (seen.has(k)) return false; seen.add(k); return true; });
}
