import * as assert from 'assert';
import { carryOver } from '../../server/src/lsp/workspace';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';

const U = 'file:///w/a.yaml';
const finding = (line: number, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'NET050', name: 'n', severity: 'warning', message: `at ${line}`, resource: null,
  references: { pss: null, peers: [], cis: [] },
  range: { start: { line, character: 2 }, end: { line, character: 5 } }, fixes: [], ...extra,
});
const run = (list: Finding[], a: string, b: string) => carryOver(list, U, a, new LineIndex(a), b, new LineIndex(b))!;
const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n') + '\n';

describe('carrying cross-resource findings over an edit', () => {
  const base = lines(10);
  const list = [finding(1), finding(4), finding(8)];

  it('keeps findings before the edit (the same objects), drops those on changed lines, moves the later ones', () => {
    // two lines inserted after line 4 (inside line 4's text): line 4 changes, lines after move by 2
    const edited = base.replace('line 4\n', 'line 4 x\nnew a\nnew b\n');
    const out = run(list, base, edited);
    assert.strictEqual(out[0], list[0], 'unchanged finding is the same object');
    assert.deepStrictEqual(out.map((f) => f.range.start.line), [1, 10]);
    assert.strictEqual(out[1].message, 'at 8');
  });

  it('a one-character edit on another line keeps every other finding as is', () => {
    const edited = base.replace('line 6', 'line 6x');
    const out = run(list, base, edited);
    assert.deepStrictEqual(out, list);
    assert.ok(out.every((f, i) => f === list[i]));
  });

  it('deleted lines move later findings up; fixes and same-file related information move with them', () => {
    const f = finding(8, {
      fixes: [{ title: 't', applicability: 'safe', edits: [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 1 } }, newText: 'x' }] }],
      related: [{ file: U, message: 'here', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } } }, { file: 'file:///w/b.yaml', message: 'there', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } } }],
    });
    const edited = base.replace('line 2\nline 3\n', '');
    const [g] = run([f], base, edited);
    assert.strictEqual(g.range.start.line, 6);
    assert.strictEqual(g.fixes[0].edits[0].range.start.line, 6);
    assert.strictEqual(g.related![0].range.start.line, 7, 'related in the same file moves');
    assert.strictEqual(g.related![1].range.start.line, 9, 'related in another file does not');
  });

  it('a finding whose fix or related information lies in the changed lines is dropped until the rules run again', () => {
    const f = finding(1, { related: [{ file: U, message: 'r', range: { start: { line: 5, character: 0 }, end: { line: 5, character: 1 } } }] });
    assert.deepStrictEqual(run([f], base, base.replace('line 5', 'line five')), []);
  });

  it('CRLF text and an edit at the very start or end', () => {
    const crlf = base.replace(/\n/g, '\r\n');
    assert.deepStrictEqual(run(list, crlf, '# top\r\n' + crlf).map((f) => f.range.start.line), [2, 5, 9]);
    assert.deepStrictEqual(run(list, crlf, crlf + 'tail\r\n').map((f) => f.range.start.line), [1, 4, 8]);
    assert.deepStrictEqual(run(list, base, base), list);
  });
});
