/**
 * splitDocuments finds marker lines with a regular expression; it must split exactly as a plain
 * line-by-line reading of the same rules (kept here as the reference) on any text.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { splitDocuments, Chunk } from '../../server/src/engine/yaml/split';

/** The former line-by-line implementation. */
const LINE_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

function lineByLine(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  let sawContent = false; // content (not only comments/blank/directives) in the current chunk
  let pendingEnd = false; // saw a `...` document end marker
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const c = text.charCodeAt(lineStart);
    if ((c === 45 /* - */ || c === 46 /* . */) && LINE_MARKER.test(text.slice(lineStart, Math.min(lineStart + 4, n)))) {
      const isDash = c === 45;
      if (isDash) {
        if ((sawContent || pendingEnd) && lineStart > chunkStart) {
          chunks.push({ offset: chunkStart, text: text.slice(chunkStart, lineStart) });
          chunkStart = lineStart;
        }
        sawContent = true; // `---` opens a document even if it is empty
        pendingEnd = false;
      } else {
        pendingEnd = true;
        sawContent = false;
        // `...` ends the document: the chunk closes after this line
        const next = lineEnd < n ? lineEnd + 1 : n;
        chunks.push({ offset: chunkStart, text: text.slice(chunkStart, next) });
        chunkStart = next;
        pendingEnd = false;
      }
    } else if (!sawContent) {
      const line = text.slice(lineStart, lineEnd);
      if (/\S/.test(line) && !/^\s*#/.test(line) && !/^%/.test(line)) sawContent = true;
    }
    if (lineEnd >= n) break;
    lineStart = lineEnd + 1;
  }
  if (chunkStart < n || chunks.length === 0) chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

const pieces = ['---', '...', '--- ', '...\n', '----', '-', '.', '\n', '\r\n', '\r', ' ', '\t', '#', '# c', '%YAML 1.2', '%', 'a: 1', 'b', '|', '  --- x', '\u2028', '\f'];

describe('splitDocuments', () => {
  it('splits exactly as the line-by-line reference on generated texts', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const got = splitDocuments(text);
      assert.deepStrictEqual(got, lineByLine(text), JSON.stringify(text));
      assert.strictEqual(got.map((c) => c.text).join(''), text);
    }), { numRuns: 3000 });
  });
  it('handles the usual shapes', () => {
    const t = (s: string) => splitDocuments(s).map((c: Chunk) => c.text);
    assert.deepStrictEqual(t(''), ['']);
    assert.deepStrictEqual(t('a: 1\n'), ['a: 1\n']);
    assert.deepStrictEqual(t('---\na: 1\n---\nb: 2\n'), ['---\na: 1\n', '---\nb: 2\n']);
    assert.deepStrictEqual(t('# head\n\n---\na: 1\n'), ['# head\n\n---\na: 1\n']);
    assert.deepStrictEqual(t('%YAML 1.2\n---\na: 1\n...\n---\nb: 2'), ['%YAML 1.2\n---\na: 1\n...\n', '---\nb: 2']);
    assert.deepStrictEqual(t('a: 1\r\n---\r\nb: 2\r\n'), ['a: 1\r\n', '---\r\nb: 2\r\n']);
    assert.deepStrictEqual(t('a: |\n  ---\n---x\n'), ['a: |\n  ---\n---x\n']);
  });
});
