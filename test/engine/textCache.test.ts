/** engine/textCache.ts: the chart caches by text are bounded by count and by total text length. */
import * as assert from 'assert';
import { TextCache } from '../../server/src/engine/textCache';

describe('TextCache', () => {
  it('keeps values by text until a new text would pass either bound, then starts over', () => {
    const c = new TextCache<number>(3, 10);
    c.set('aaa', 1); c.set('bbb', 2); c.set('ccc', 3);
    assert.deepStrictEqual(['aaa', 'bbb', 'ccc'].map((t) => c.get(t)), [1, 2, 3]);
    c.set('ddd', 4); // a fourth entry: over the count
    assert.strictEqual(c.size, 1);
    assert.strictEqual(c.get('aaa'), undefined);
    assert.strictEqual(c.get('ddd'), 4);
    c.set('eeeeeee', 5); // 3 + 7 = 10 characters: within
    assert.strictEqual(c.size, 2);
    c.set('f', 6); // 11 characters: over the length
    assert.deepStrictEqual([c.size, c.get('f'), c.get('ddd')], [1, 6, undefined]);
  });

  it('does not keep a text longer than the whole bound, and replaces the value of a known text', () => {
    const c = new TextCache<string | null>(10, 5);
    c.set('abcdef', 'x');
    assert.strictEqual(c.has('abcdef'), false);
    c.set('ab', null);
    assert.strictEqual(c.has('ab'), true);
    assert.strictEqual(c.get('ab'), null);
    c.set('ab', 'y');
    assert.deepStrictEqual([c.size, c.get('ab')], [1, 'y']);
  });
});
