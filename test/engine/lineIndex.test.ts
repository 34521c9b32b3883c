/** LineIndex.edited derives a keystroke's line index from the previous one; it must equal a fresh index. */
import * as assert from 'assert';
import fc from 'fast-check';
import { LineIndex, changedRegion } from '../../server/src/engine/text';

const piece = fc.constantFrom('a', 'b: 1', '\n', '\r\n', '\r', ' ', '---', '\u2028', 'é');
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

describe('LineIndex.edited', () => {
  it('equals a fresh index after any replacement', () => {
    fc.assert(fc.property(text, text, fc.nat(), fc.nat(), (before, inserted, a, b) => {
      const start = before.length ? a % (before.length + 1) : 0;
      const end = start + (before.length - start ? b % (before.length - start + 1) : 0);
      const after = before.slice(0, start) + inserted + before.slice(end);
      const prev = new LineIndex(before);
      const got = LineIndex.edited(prev, after, changedRegion(before, after));
      assert.deepStrictEqual(got.lineStarts, new LineIndex(after).lineStarts, JSON.stringify([before, after]));
    }), { numRuns: 5000 });
  });
  it('keeps the starts before the change and moves those after it', () => {
    const before = 'a: 1\nb: 2\nc: 3\n';
    const after = 'a: 1\nb: 22\nx: 0\nc: 3\n';
    const got = LineIndex.edited(new LineIndex(before), after, changedRegion(before, after));
    assert.deepStrictEqual(got.lineStarts, [0, 5, 11, 16, 21]);
    assert.deepStrictEqual(got.position(after.indexOf('c')), { line: 3, character: 0 });
  });
});
