/**
 * An edit of a large file is split around its place (engine/analyze.ts splitEdited): the chunks must be
 * exactly those of splitDocuments over the whole new text, and every reused entry must be one of the
 * same text. Random files of documents, comments, blank lines, `---` and `...` markers, directives and
 * flow collections; random edits that make and unmake markers and content.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { splitEdited, type FileState, type Split } from '../../server/src/engine/analyze';
import { splitDocuments } from '../../server/src/engine/yaml/split';

const PIECES = ['apiVersion: v1\nkind: Pod\n', 'a: 1\n', '# comment\n', '\n', '---\n', '--- # c\n', '...\n', '%YAML 1.1\n', '- x\n', '{a: 1}\n', '  b: |\n    ---x\n', '---', 'key: "--- not a marker"\n', '\r\n'];
const INSERTS = ['---\n', '\n---', '...\n', '#', '\n', 'x', '-', ' ', '{', '[', '%', '---', '\r\n', ''];

function stateOf(text: string): FileState {
  const chunks = splitDocuments(text);
  return { text, offsets: chunks.map((c) => c.offset), entries: chunks.map((c) => ({ text: c.text }) as FileState['entries'][number]), whole: true };
}

/** The chunks a split names: each one's offset and text (its entry's, or its own when it has none). */
function chunksOf(s: Split): [number, string][] {
  return s.offsets.map((o, i) => [o, s.found[i]?.text ?? s.texts[i]]);
}

describe('splitEdited: an edit split around its place equals the whole split', () => {
  it('the same chunks as splitDocuments, and entries only for chunks of the same text', () => {
    let split = 0, edited = 0;
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }),
      fc.array(fc.record({ at: fc.nat(), del: fc.nat(8), ins: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 3 })) }), { minLength: 1, maxLength: 6 }),
      (pieces, edits) => {
        let text = pieces.join('');
        let prev = stateOf(text);
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          if (text === prev.text) continue;
          const got = splitEdited(prev, text);
          const want = splitDocuments(text);
          edited++;
          if (got) {
            split++;
            assert.deepStrictEqual(chunksOf(got), want.map((c) => [c.offset, c.text]), JSON.stringify({ before: prev.text, after: text }));
            got.found.forEach((f, i) => { if (f) assert.strictEqual(f.text, want[i].text); });
            assert.strictEqual(new Set(got.found.filter(Boolean)).size, got.found.filter(Boolean).length, 'an entry serves one chunk');
            // what it says it kept is the previous state's: the same entries, in place before the edit, moved after it
            const k = got.kept!;
            for (let i = 0; i < k.before; i++) { assert.strictEqual(got.found[i], prev.entries[i]); assert.strictEqual(got.offsets[i], prev.offsets[i]); }
            for (let i = k.after; i < prev.entries.length; i++) {
              assert.strictEqual(got.found[i + k.shift], prev.entries[i]);
              assert.strictEqual(got.offsets[i + k.shift], prev.offsets[i] + text.length - prev.text.length);
            }
            assert.strictEqual(got.offsets.length - k.shift, prev.entries.length);
          }
          prev = stateOf(text);
        }
      }), { numRuns: 3000, seed: 7 });
    // the property says nothing if every edit fell back to the whole split
    assert.ok(split > edited * 0.7, `${split} of ${edited} edits split around their place`);
  });

  it('a one-character edit of a large file reuses every other document', () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`;
    const text = Array.from({ length: 200 }, (_, i) => doc(i)).join('---\n');
    const at = text.indexOf('name: c100') + 'name: c100'.length;
    const got = splitEdited(stateOf(text), text.slice(0, at) + 'x' + text.slice(at))!;
    assert.ok(got, 'split around the edit');
    assert.strictEqual(got.offsets.length, 200);
    assert.deepStrictEqual(got.found.map((f, i) => (f ? null : i)).filter((x) => x !== null), [100]);
  });
});
