/**
 * Engine robustness: generated and hostile inputs never throw, hang or grow without bound; an
 * incremental analysis after any edit equals a fresh one; the per-file budget holds; a throwing
 * rule becomes one internal-error finding while the other rules still report.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { Analyzer, analyzeText } from '../../server/src/engine/analyze';
import { scanTexts } from '../../server/src/engine/scan';
import { allRules } from '../../server/src/engine/rules';
import { defaultSettings } from '../../server/src/engine/settings';
import type { Rule } from '../../server/src/engine/rule';
import type { FileResult } from '../../server/src/engine/types';
import { MAX_NESTING, MAX_TOKENS, parseDocumentGuarded, refusalMessage, YamlLexer } from '../../server/src/engine/yaml/parse';
import { Lexer } from 'yaml';
import { joinContinuations } from '../../server/src/engine/dockerfile/model';
import { DockerfileParser } from 'dockerfile-ast';
import { fixText } from '../../server/src/engine/fix/apply';
import { hardenText } from '../../server/src/engine/fix/harden';
import { runs, seeds, timed, FUZZ } from './util';

function wellFormed(r: FileResult, text: string): void {
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const x of [...r.findings, ...r.errors]) {
    for (const p of [x.range.start, x.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines + 1 && p.character >= 0, `position out of range: ${JSON.stringify(x.range)}`);
    }
  }
}

const yamlSeeds = seeds('yaml', FUZZ ? 400 : 60);
const dockerSeeds = seeds('dockerfile', FUZZ ? 100 : 20);

/** Mutations of a text: truncation, byte flips, deleted and duplicated lines, CR/CRLF, tabs, NUL, BOM, binary. */
const mutation = (text: string) => fc.oneof(
  fc.nat(text.length).map((n) => text.slice(0, n)),
  fc.tuple(fc.nat(Math.max(0, text.length - 1)), fc.integer({ min: 0, max: 0xffff })).map(([i, c]) => text.slice(0, i) + String.fromCharCode(c) + text.slice(i + 1)),
  fc.nat(200).map((i) => { const l = text.split('\n'); l.splice(i % Math.max(1, l.length), 1); return l.join('\n'); }),
  fc.nat(200).map((i) => { const l = text.split('\n'); const k = i % Math.max(1, l.length); l.splice(k, 0, l[k] ?? ''); return l.join('\n'); }),
  fc.constant(text.replace(/\n/g, '\r\n')),
  fc.constant(text.replace(/\n/g, '\r')),
  fc.constant('\ufeff' + text),
  fc.constant(text.replace(/  /g, '\t')),
  fc.nat(text.length).map((i) => text.slice(0, i) + '\u0000' + text.slice(i)),
  fc.uint8Array({ maxLength: 64 }).map((b) => text + Buffer.from(b).toString('latin1')),
  fc.nat(text.length).map((i) => text.slice(0, i) + '\n---\n' + text.slice(i)),
);

describe('robustness: engine', function () {
  this.timeout(FUZZ ? 600000 : 60000);

  it('never throws on mutated corpus YAML, and ranges stay inside the file', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: yamlSeeds.length - 1 }).chain((i) => mutation(yamlSeeds[i].text).map((t) => ({ name: yamlSeeds[i].name, t }))), ({ name, t }) => {
      const r = timed(`mutated ${name}`, () => analyzeText('fuzz.yaml', t));
      wellFormed(r, t);
    }), { numRuns: runs(150, 3000), seed: 42 });
  });

  it('never throws on mutated corpus Dockerfiles', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: dockerSeeds.length - 1 }).chain((i) => mutation(dockerSeeds[i].text).map((t) => ({ name: dockerSeeds[i].name, t }))), ({ name, t }) => {
      const r = timed(`mutated ${name}`, () => analyzeText('Dockerfile', t));
      wellFormed(r, t);
    }), { numRuns: runs(80, 1500), seed: 43 });
  });

  it('incremental analysis after edits equals a fresh analysis', () => {
    // multi-document files from several seeds, then a sequence of edits analysed by one Analyzer
    const edit = fc.record({ at: fc.nat(), del: fc.nat(6), ins: fc.oneof(fc.constantFrom('x', ' ', '\n', '---\n', '#', ': ', '- ', '&a ', '*a', '\r\n', 'true', '"'), fc.string({ maxLength: 4 })) });
    fc.assert(fc.property(fc.array(fc.nat(yamlSeeds.length - 1), { minLength: 1, maxLength: 5 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (docs, edits) => {
      let text = docs.map((i) => yamlSeeds[i].text).join('\n---\n');
      // the CLI's analyzer, and the language server's (documents kept as compact copies)
      const a = new Analyzer();
      const b = new Analyzer({ compact: true });
      a.analyze('inc.yaml', text);
      b.analyze('inc.yaml', text);
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        const inc = timed('incremental edit', () => a.analyze('inc.yaml', text));
        const fresh = analyzeText('inc.yaml', text);
        assert.deepStrictEqual(inc, fresh);
        assert.deepStrictEqual(b.analyze('inc.yaml', text), fresh);
      }
    }), { numRuns: runs(60, 1000), seed: 44 });
  });

  it('a line named in a message, fix title or related text stays right after an edit above its document (issue 26)', () => {
    // two documents, a duplicate key in the second; joining two lines of the first moves the second
    // document up a line: the reused findings of the unchanged document must name the new line
    const first = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';
    const second = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: wp-pv-claim\napiVersion: v1\n';
    const before = first + '---\n' + second;
    const a = new Analyzer();
    const dupOf = (r: FileResult) => r.findings.filter((f) => f.ruleId === 'YAML001');
    const b = dupOf(a.analyze('two.yaml', before));
    assert.strictEqual(b.length, 1);
    assert.match(b[0].message, /first on line 8\)/);
    assert.strictEqual(b[0].fixes[0].title, "Remove the ignored earlier 'apiVersion' (line 8)");
    const after = before.replace('metadata:\n  name: a', 'metadata: {name: a}');
    const parsedBefore = a.lastParsed;
    const inc = a.analyze('two.yaml', after);
    assert.strictEqual(a.lastParsed, 1, `only the edited document is parsed again (was ${parsedBefore})`);
    assert.deepStrictEqual(inc, analyzeText('two.yaml', after));
    const d = dupOf(inc);
    assert.match(d[0].message, /first on line 7\)/);
    assert.strictEqual(d[0].fixes[0].title, "Remove the ignored earlier 'apiVersion' (line 7)");
    assert.strictEqual(d[0].range.start.line, 10);
  });

  it('a Falco rule defined twice names the right line after an edit above it (issue 26)', () => {
    const rules = '- rule: Shell\n  desc: d\n  condition: evt.type = execve\n  output: o\n  priority: WARNING\n'
      + '- rule: Shell\n  desc: d2\n  condition: evt.type = execve\n  output: o\n  priority: WARNING\n';
    const head = '- macro: m\n  condition: evt.type = open\n';
    const a = new Analyzer();
    const dup = (r: FileResult) => r.findings.filter((f) => f.ruleId === 'FAL004').map((f) => f.message.match(/line (\d+)/)?.[1]);
    assert.deepStrictEqual(dup(a.analyze('rules.yaml', '# falco\n' + head + '---\n' + rules)), ['5']);
    const after = head + '---\n' + rules;
    const inc = a.analyze('rules.yaml', after);
    assert.deepStrictEqual(dup(inc), ['4']);
    assert.deepStrictEqual(inc, analyzeText('rules.yaml', after));
  });

  describe('hostile inputs', () => {
    // times are recorded for the summary, not asserted: a hang is caught by the test timeout
    const ok = (name: string, file: string, text: string, settings?: ReturnType<typeof defaultSettings>) => {
      const r = timed(name, () => analyzeText(file, text, { settings }));
      wellFormed(r, text);
      return r;
    };
    it('billion laughs: aliases are never expanded without a limit', () => {
      let t = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
      for (let i = 1; i < 30; i++) t += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      ok('alias bomb', 'bomb.yaml', t);
      // inside a Pod spec, where the rules walk containers
      let p = 'x: &c0 {name: c, image: x}\n';
      for (let i = 1; i < 25; i++) p += `x${i}: &c${i} [${Array(10).fill(`*c${i - 1}`).join(', ')}]\n`;
      ok('alias bomb in a pod', 'bomb.yaml', p + '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: *c3\n');
      const heap = process.memoryUsage().heapUsed;
      assert.ok(heap < 1.5 * 2 ** 30, `heap ${heap}`);
    });
    /** No time budget: for checks of what is analysed, independent of the machine's speed. */
    const unlimited = () => { const x = defaultSettings(); x.budgetMs = 1e9; return x; };
    describe('10,000-level nesting', () => {
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: true}\n';
      const privileged = (r: FileResult) => r.findings.filter((f) => f.ruleId === 'K8S003').length;
      // block forms need one indentation step per level: 10,000 levels are 50 MB, run by test:fuzz
      const blockLevels = FUZZ ? 10000 : 2000;
      const deep: [string, string][] = [
        ['block sequence, compact (- - - ...)', '- '.repeat(10000) + 'x\n'],
        ['block sequence, indented lines', Array.from({ length: blockLevels }, (_, i) => ' '.repeat(i) + '-\n').join('')],
        ['block map', Array.from({ length: blockLevels }, (_, i) => ' '.repeat(i) + 'k:\n').join('')],
        ['flow sequence', '['.repeat(10000) + ']'.repeat(10000) + '\n'],
        ['flow map', '{a: '.repeat(10000) + '1' + '}'.repeat(10000) + '\n'],
        ['unclosed flow sequence', 'k: ' + '['.repeat(10000) + '\n'],
      ];
      for (const [name, text] of deep) {
        it(`${name}: the document is skipped with one diagnostic at its start, the other documents are analysed`, () => {
          const t = pod + '---\n' + text + '---\n' + pod;
          const r = ok(name, 'deep.yaml', t, unlimited());
          assert.deepStrictEqual(r.errors.map((e) => e.message), [`Nesting deeper than ${MAX_NESTING} levels; this document is not analysed.`]);
          assert.strictEqual(r.errors[0].range.start.line, pod.split('\n').length, 'at the start of the deep document');
          assert.strictEqual(privileged(r), 2, 'the documents before and after it are analysed');
        });
      }
      it('a throw from the yaml lexer or CST parser is reported as such, not as nesting', () => {
        // `yaml` reports syntax errors as tokens and its lexer and parser are iterative: no known input
        // makes them throw, so a lexer that does stands in for a bug or resource limit inside them
        const throwing: YamlLexer = { *lex(src: string) { yield* new Lexer().lex(src.slice(0, 3)); throw new RangeError('Invalid string length\n    at somewhere'); } };
        const r = parseDocumentGuarded('a: 1\n', {}, throwing);
        assert.ok('refused' in r && r.refused === 'unparsable', JSON.stringify(r));
        assert.strictEqual(refusalMessage(r), 'This YAML document could not be parsed (Invalid string length); it was skipped.');
        const deep = parseDocumentGuarded('['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1) + '\n');
        assert.ok('refused' in deep && deep.refused === 'nesting', 'the depth guard still says nesting');
        assert.strictEqual(refusalMessage(deep), `Nesting deeper than ${MAX_NESTING} levels; this document is not analysed.`);
        assert.ok(!('refused' in parseDocumentGuarded('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING) + '\n')), 'at the limit: composed');
      });
      it(`nesting up to the limit (${MAX_NESTING} levels) is analysed, fixed and hardened without stack overflows`, () => {
        const n = MAX_NESTING - 8; // the pod spec around it takes 8 levels
        const base = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: true}\n    args:\n';
        const variants: [string, string][] = [
          ['flow', base + '    - ' + '['.repeat(n) + ']'.repeat(n) + '\n'],
          ['flow map with duplicate keys', base + '    - ' + '{a: 1, a: '.repeat(n) + '1' + '}'.repeat(n) + '\n'],
          ['block map', base + '    - k:\n' + Array.from({ length: n - 1 }, (_, i) => ' '.repeat(8 + i) + 'k:\n').join('')],
          ['block sequence', base + '    - ' + '- '.repeat(n - 1) + 'x\n'],
        ];
        for (const [name, t] of variants) {
          const r = ok(`${name} at the limit`, 'deep.yaml', t, unlimited());
          assert.deepStrictEqual(r.errors, [], name);
          assert.strictEqual(privileged(r), 1, name);
          assert.ok(!r.findings.some((f) => /Internal error/.test(f.message)), name);
          const fixed = timed(`fix ${name} at the limit`, () => fixText('deep.yaml', t, defaultSettings(), { applicability: ['safe', 'unsafe'] }));
          assert.ok(fixed.applied > 0, name);
          const hard = timed(`harden ${name} at the limit`, () => hardenText('deep.yaml', t, 'restricted', defaultSettings()));
          assert.ok(hard.applied > 0, name);
        }
      });
    });
    it('a syntax error after thousands of deeply indented lines is located within the budget', () => {
      // the end-of-content search used a backtracking regular expression: 4.7 s for these 2 MB
      const t = 'k: |\n' + (' '.repeat(1000) + 'x\n').repeat(2000) + 'a: [\n';
      const r = ok('syntax error after indented lines', 'indent.yaml', t);
      // the document is checked without the broken line (issue 17), and says so
      assert.deepStrictEqual(r.errors.map((e) => [e.message, e.range.start.line]), [['YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] (the rest of the document is checked without this line)', 2001]]);
    });
    it('a 10 MB single line', () => {
      const r = ok('10 MB line', 'long.yaml', 'key: ' + 'a'.repeat(10 * 1024 * 1024) + '\n');
      assert.deepStrictEqual(r.errors, []);
      // minified JSON: 3 million tokens in one document took 45 s in the yaml package, which the
      // budget cannot interrupt; past MAX_TOKENS the document is skipped and the others are analysed
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x, securityContext: {privileged: true}}]\n';
      const json = ok('10 MB flow line', 'long.yaml', pod + '---\n{"k": [' + '1,'.repeat(5 * 1024 * 1024) + '1]}\n---\n' + pod, unlimited());
      assert.deepStrictEqual(json.errors.map((e) => [e.message, e.range.start.line]), [[`This document has more than ${MAX_TOKENS.toLocaleString('en-US')} YAML tokens; it is not analysed.`, 6]]);
      assert.strictEqual(json.findings.filter((f) => f.ruleId === 'K8S003').length, 2);
    });
    describe('Dockerfile size', () => {
      it('a 1 MB single RUN line is analysed; the arguments are lexed once per instruction', () => {
        const t = 'FROM alpine\nRUN curl -k https://x ' + 'a'.repeat(1024 * 1024) + '\n';
        const r = ok('1 MB RUN line', 'Dockerfile', t, { ...unlimited(), profile: 'strict' });
        assert.deepStrictEqual(r.errors, []);
        assert.deepStrictEqual(r.findings.map((f) => f.ruleId).sort(), ['DF001', 'DF002', 'DF009', 'DF021'], 'the rules see the command in the megabyte line');
        // dockerfile-ast re-lexed the arguments on each of its ~14 getArguments() calls (5 s for 1 MB)
        const run = DockerfileParser.parse('FROM alpine\nRUN --mount=type=cache,target=/c echo a b\n').getInstructions()[1];
        const [a, b] = [run.getArguments(), run.getArguments()];
        assert.notStrictEqual(a, b, 'each caller gets its own array (the library shifts and replaces items)');
        assert.strictEqual(a[0], b[0], 'the same lexed arguments');
        assert.deepStrictEqual(a.map((x) => x.getValue()), ['echo', 'a', 'b'], 'flags are still taken off');
        a.shift();
        assert.deepStrictEqual(run.getArguments().map((x) => x.getValue()), ['echo', 'a', 'b']);
      });
      it('parsing counts against the budget; a Dockerfile over 2 MB is not analysed', () => {
        const s = defaultSettings();
        s.budgetMs = 1;
        const slow = analyzeText('Dockerfile', 'FROM alpine\nRUN echo ' + 'a '.repeat(256 * 1024) + '\n', { settings: s });
        assert.strictEqual(slow.errors.filter((e) => /Analysis stopped after \d+ ms/.test(e.message)).length, 1, JSON.stringify(slow.errors));
        const big = ok('10 MB RUN line', 'Dockerfile', 'FROM alpine\nRUN echo ' + 'a'.repeat(10 * 1024 * 1024) + '\n');
        assert.deepStrictEqual(big.errors.map((e) => e.message), ['This Dockerfile is larger than 2 MB (10.0 MB); it is not analysed.']);
        assert.deepStrictEqual(big.findings, []);
      });
      it('joining continuation lines equals the character-by-character reference', () => {
        const reference = (text: string, start: number, end: number, escape: string) => {
          let out = '';
          const map: number[] = [];
          let i = start;
          while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
          while (i < end) {
            const c = text[i];
            if (c === escape) {
              let j = i + 1;
              while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
              if (j >= end || text[j] === '\n' || text[j] === '\r') {
                if (j >= end) { i = j; break; }
                j += text[j] === '\r' && text[j + 1] === '\n' ? 2 : 1;
                for (;;) {
                  let k = j;
                  while (k < end && (text[k] === ' ' || text[k] === '\t')) k++;
                  if (k < end && text[k] === '#') { while (k < end && text[k] !== '\n' && text[k] !== '\r') k++; k += text[k] === '\r' && text[k + 1] === '\n' ? 2 : 1; j = k; }
                  else if (k < end && (text[k] === '\n' || text[k] === '\r')) { k += text[k] === '\r' && text[k + 1] === '\n' ? 2 : 1; j = k; }
                  else break;
                }
                i = j;
                continue;
              }
            }
            out += c; map.push(i); i++;
          }
          while (out.length && /\s/.test(out[out.length - 1])) { out = out.slice(0, -1); map.pop(); }
          map.push(map.length ? map[map.length - 1] + 1 : start);
          return { text: out, map };
        };
        fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b c', ' ', '\t', '\\', '`', '\n', '\r', '\r\n', '#', '# x\n'), { maxLength: 40 }), fc.nat(6), fc.nat(6), fc.constantFrom('\\', '`'), (parts, s0, e0, esc) => {
          const t = parts.join('');
          const start = Math.min(s0, t.length);
          const end = Math.max(start, t.length - e0);
          assert.deepStrictEqual(joinContinuations(t, start, end, esc), reference(t, start, end, esc));
        }), { numRuns: runs(2000, 20000), seed: 45 });
      });
    });
    it('20,000 documents in one file', () => {
      const pod = (i: number) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers: [{name: c, image: x}]\n`;
      const n = FUZZ ? 20000 : 20000;
      const t = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? pod(i) : `k${i}: v`)).join('---\n');
      const s = defaultSettings();
      s.budgetMs = 1e9;
      const full = timed('20,000 documents, no budget', () => new Analyzer().analyze('many.yaml', t, { settings: s }));
      assert.deepStrictEqual(full.errors, []);
      assert.strictEqual(new Set(full.findings.map((f) => f.resource?.name)).size, n / 10, 'every pod is checked');
      // with the default budget: complete, or one diagnostic and findings only before the point it names
      const r = timed('20,000 documents, default budget', () => analyzeText('many.yaml', t));
      assert.ok(r.errors.length <= 1 && r.errors.every((e) => /^Analysis stopped after \d+ ms/.test(e.message)), JSON.stringify(r.errors));
      if (r.errors.length) {
        // the error is at the start of the last document that was (fully or partly) checked: no finding lies past its end
        const lns = t.split('\n');
        const at = r.errors[0].range.start.line;
        let end = lns.findIndex((l, i) => i > at && l === '---');
        if (end < 0) end = lns.length;
        const late = r.findings.filter((f) => f.range.start.line >= end);
        assert.deepStrictEqual(late.map((f) => `${f.ruleId}@${f.range.start.line}`), [], `findings past line ${end} (error at ${at})`);
      }
      else assert.strictEqual(r.findings.length, full.findings.length);
    });
    it('20,000 Pods in one file: the budget leaves time to check what was parsed (findings, not only the stop diagnostic)', () => {
      const pod = (i: number) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers: [{name: c, image: x, securityContext: {privileged: true}}]\n`;
      const t = Array.from({ length: 20000 }, (_, i) => pod(i)).join('---\n');
      const r = timed('20,000 Pods, default budget', () => analyzeText('pods.yaml', t));
      assert.ok(r.errors.length <= 1 && r.errors.every((e) => /^Analysis stopped after \d+ ms/.test(e.message)), JSON.stringify(r.errors));
      const privileged = r.findings.filter((f) => f.ruleId === 'K8S003');
      if (!r.errors.length) { assert.strictEqual(privileged.length, 20000); return; }
      // parsing stopped at half the budget (or checking at the budget): the documents before that point are checked
      assert.ok(privileged.length > 0, `no findings, only: ${r.errors[0].message}`);
      const lns = t.split('\n');
      const at = r.errors[0].range.start.line;
      let end = lns.findIndex((l, i) => i > at && l === '---');
      if (end < 0) end = lns.length;
      assert.deepStrictEqual(r.findings.filter((f) => f.range.start.line >= end).map((f) => f.range.start.line), [], `findings past line ${end} (error at ${at})`);
      // every pod before the named document was checked completely
      const checked = new Set(privileged.map((f) => f.resource?.name));
      const before = lns.slice(0, at).filter((l) => l.startsWith('metadata: {name: p')).length;
      for (let i = 0; i < before; i++) assert.ok(checked.has(`p${i}`), `pod p${i} (before line ${at}) was checked`);
    });
    it('binary data, invalid UTF-8, BOM, CRLF, lone CR, tabs, NUL bytes', () => {
      const bin = Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919) % 256));
      ok('binary', 'bin.yaml', bin.toString('utf8'));
      ok('binary latin1', 'bin.yaml', bin.toString('latin1'));
      ok('invalid UTF-8', 'bad.yaml', Buffer.from([0x6b, 0x3a, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x0a]).toString('utf8'));
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      privileged: true\n';
      const base = ok('pod', 'p.yaml', pod).findings.map((f) => f.ruleId).sort();
      for (const [name, t] of [['BOM', '\ufeff' + pod], ['CRLF', pod.replace(/\n/g, '\r\n')], ['lone CR', pod.replace(/\n/g, '\r')]] as const) {
        const r = ok(name, 'p.yaml', t);
        if (name !== 'lone CR') assert.deepStrictEqual(r.findings.map((f) => f.ruleId).sort(), base, name);
      }
      ok('tabs', 'p.yaml', pod.replace(/  /g, '\t'));
      ok('NUL', 'p.yaml', pod.replace('privileged', 'privi\u0000leged'));
      ok('NUL Dockerfile', 'Dockerfile', 'FROM x\u0000\nRUN a\n');
    });
    it('Dockerfiles with thousands of continuations and unterminated heredocs', () => {
      ok('continuations', 'Dockerfile', 'FROM alpine\nRUN echo a \\\n' + '  && echo b \\\n'.repeat(FUZZ ? 20000 : 5000) + '  && true\n');
      ok('dangling continuation', 'Dockerfile', 'FROM alpine\nRUN echo \\\n' + '\\\n'.repeat(5000));
      ok('unterminated heredoc', 'Dockerfile', 'FROM alpine\nRUN <<EOF\n' + 'echo hi\n'.repeat(5000));
      ok('many heredocs', 'Dockerfile', 'FROM alpine\n' + 'RUN <<A <<B <<C\n'.repeat(2000));
    });
  });

  describe('budget and failing rules', () => {
    /** The registry plus test rules, passed to the analysis (the registry itself is never changed). */
    const withRules = (extra: Rule[]): Rule[] => [...allRules, ...extra];
    const meta = (id: string) => ({ ...allRules.find((r) => r.target === 'k8s')!.meta, id, name: id.toLowerCase() });
    const pods = (n: number) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext: {privileged: true}\n`).join('---\n');

    it('a throwing rule yields an internal-error finding and the other rules still report', () => {
      const boom: Rule = { meta: meta('TEST901'), target: 'k8s', check() { throw new Error('boom'); } };
      const r = analyzeText('p.yaml', pods(2), { rules: withRules([boom]) });
      const internal = r.findings.filter((f) => f.ruleId === 'TEST901');
      assert.strictEqual(internal.length, 2);
      assert.match(internal[0].message, /Internal error in rule TEST901.*boom/);
      assert.ok(r.findings.some((f) => f.ruleId === 'K8S003'), 'the other rules still report');
    });

    it('a throwing Dockerfile rule gives the same internal-error finding (error level), and the other rules still report', () => {
      const df = allRules.find((r) => r.target === 'dockerfile')!;
      const boom = { ...df, meta: { ...df.meta, id: 'TEST904', name: 'test904' }, check() { throw new Error('kaboom'); } } as Rule;
      const r = analyzeText('Dockerfile', 'FROM ubuntu:latest\nUSER root\n', { rules: withRules([boom]) });
      const internal = r.findings.filter((f) => f.ruleId === 'TEST904');
      assert.deepStrictEqual(internal.map((f) => [f.severity, f.message, f.range.start.line]), [['error', 'Internal error in rule TEST904 (test904): kaboom. Other rules still ran; please report this.', 0]]);
      assert.ok(r.findings.some((f) => f.ruleId !== 'TEST904'), 'the other rules still report');
      assert.ok(!analyzeText('Dockerfile', 'FROM ubuntu:latest\n').findings.some((f) => f.ruleId === 'TEST904'), 'the registry itself is unchanged');
    });

    it('a throwing cross-file (workspace) rule gives the same internal-error finding, in the first file, and the other cross-file rules still report', () => {
      const ws = allRules.find((r) => r.target === 'workspace')!;
      const boom = { ...ws, meta: { ...ws.meta, id: 'TEST905', name: 'test905' }, check() { throw new Error('crash'); } } as Rule;
      const files = [
        { file: 'a.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: nothing}\n  ports: [{port: 80}]\n' },
        { file: 'b.yaml', text: pods(1) },
      ];
      const res = scanTexts(files, defaultSettings(), new Analyzer({ rules: withRules([boom]) }));
      const internal = res.flatMap((r) => r.findings.filter((f) => f.ruleId === 'TEST905').map((f) => [r.file, f.severity, f.message]));
      assert.deepStrictEqual(internal, [['a.yaml', 'error', 'Internal error in rule TEST905 (test905): crash. Other rules still ran; please report this.']]);
      const plain = scanTexts(files, defaultSettings());
      const cross = (rs: FileResult[]) => rs.flatMap((r) => r.findings.filter((f) => f.ruleId !== 'TEST905').map((f) => f.ruleId)).sort();
      assert.deepStrictEqual(cross(res), cross(plain), 'the other rules report as without it');
      assert.ok(cross(plain).includes('NET051'), 'a cross-file rule reports here (the Service selects no workload)');
    });

    it('the budget stops inside one document (a slow rule): one diagnostic naming the document, findings only from what was checked', () => {
      // the slow rule runs last and takes 3 ms per object: with a budget of 1 ms the check of this
      // 40-object List is cut at the latest after its first object, on a fast or a loaded machine
      const slow: Rule = {
        meta: meta('TEST902'), target: 'k8s',
        check(o, ctx) { const t = Date.now(); while (Date.now() - t < 3) { /* slow */ } ctx.report({ loc: o.headLoc, message: 'slow' }); },
      };
      const text = `apiVersion: v1\nkind: List\nitems:\n` + Array.from({ length: 40 }, (_, i) => `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [{name: c, image: x}]}}\n`).join('');
      const run = (budgetMs: number) => { const s = defaultSettings(); s.budgetMs = budgetMs; return analyzeText('p.yaml', text, { settings: s, rules: withRules([slow]) }); };
      const full = run(1e9);
      assert.deepStrictEqual(full.errors, []);
      assert.strictEqual(full.findings.filter((f) => f.ruleId === 'TEST902').length, 40);

      const r = run(1);
      const stops = r.errors.filter((e) => /Analysis stopped/.test(e.message));
      assert.strictEqual(stops.length, 1, JSON.stringify(r.errors));
      assert.deepStrictEqual(r.errors, stops, 'no other errors');
      assert.match(stops[0].message, /^Analysis stopped after \d+ ms: the file exceeds the per-file budget of 1 ms \(palisade\.budgetMs\)\. The document at line 1 was only partly checked/);
      assert.strictEqual(stops[0].range.start.line, 0, 'the diagnostic is at the start of the document');
      // what was reported is what a complete analysis reports for the part that was checked
      const key = (f: FileResult['findings'][number]) => JSON.stringify([f.ruleId, f.range, f.message]);
      const all = new Set(full.findings.map(key));
      for (const f of r.findings) assert.ok(all.has(key(f)), `not in the complete analysis: ${key(f)}`);
      const partial = r.findings.filter((f) => f.ruleId === 'TEST902');
      assert.ok(partial.length <= 1, `the slow rule was cut after its first object, not after ${partial.length}`);
      assert.ok(r.findings.length < full.findings.length);
    });

    it('the budget holds across documents', () => {
      const slow: Rule = { meta: meta('TEST903'), target: 'k8s', check() { const t = Date.now(); while (Date.now() - t < 5) { /* slow */ } } };
      const s = defaultSettings();
      s.budgetMs = 60;
      const r = analyzeText('p.yaml', pods(200), { settings: s, rules: withRules([slow]) });
      assert.strictEqual(r.errors.filter((e) => /Analysis stopped/.test(e.message)).length, 1);
      // the next analysis is complete once the budget allows it: a partial result is never cached
      s.budgetMs = 1e9;
      const a = new Analyzer({ rules: withRules([slow]) });
      s.budgetMs = 60;
      assert.strictEqual(a.analyze('p.yaml', pods(50), { settings: s }).errors.filter((e) => /Analysis stopped/.test(e.message)).length, 1);
      s.budgetMs = 1e9;
      assert.deepStrictEqual(a.analyze('p.yaml', pods(50), { settings: s }), analyzeText('p.yaml', pods(50), { settings: s }));
    });
  });
});
