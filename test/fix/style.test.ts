/** fix/style: the per-document indentation statistics add up to one pass over the whole file. */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { fileStyle, YamlStyle } from '../../server/src/engine/fix/style';
import { manifest } from '../../bench/gen';

/** The whole-file pass fileStyle made before it was split per document (kept here as the reference). */
function wholeFile(text: string): YamlStyle {
  const steps = new Map<number, number>();
  let indented = 0, indentless = 0;
  let prev: { indent: number; opensBlock: boolean } | undefined;
  for (const raw of text.split(/\r\n|\n|\r/)) {
    if (!/\S/.test(raw) || /^\s*#/.test(raw)) continue;
    const m = /^( *)(- +)*/.exec(raw)!;
    const indent = m[1].length;
    const isItem = /^ *- /.test(raw) || /^ *-$/.test(raw);
    const body = raw.replace(/\s+#.*$/, '');
    if (prev?.opensBlock) {
      if (isItem) {
        if (indent === prev.indent) indentless++;
        else if (indent > prev.indent) { indented++; steps.set(indent - prev.indent, (steps.get(indent - prev.indent) ?? 0) + 1); }
      } else if (indent > prev.indent) steps.set(indent - prev.indent, (steps.get(indent - prev.indent) ?? 0) + 1);
    }
    prev = { indent: /:\s*$/.test(body) ? m[0].length : indent, opensBlock: /^[^#'"]*:\s*$/.test(body) || /:\s*$/.test(body) };
  }
  let step = 2, best = 0;
  for (const [k, n] of steps) if (k >= 1 && k <= 8 && n > best) { best = n; step = k; }
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  return { step, seqIndented: indented >= indentless, flowSeq: false, quote: '', eol: crlf > lf ? '\r\n' : '\n' };
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

describe('fix/style: file style per document', () => {
  const texts: string[] = [
    ...yamlFiles(path.join(__dirname, '..', '..', 'examples')).map((f) => fs.readFileSync(f, 'utf8')),
    manifest(1000),
    // documents whose step differs, separators with comments and content, CRLF, CR only, no final newline
    'a:\n    b: 1\n---\nc:\n  d:\n  - x\n--- # two\ne:\n  f: 1\n---\ng:\n  h: 1',
    'a:\r\n  b:\r\n    - x\r\n---\r\nc:\r\n   d: 1\r\n',
    'a:\r  b: 1\r---\rc:\r  d: 1\r',
    'a:\n---b: 1\n  c: 2\n--- |\n  x\nkey:\n- 1\n---\n',
    'list:\n- a\n---\nlist:\n- b\n---\nlist:\n  - c\n',
  ];

  it('equals the whole-file pass, with cold and with reused pieces', () => {
    for (const t of texts) assert.deepStrictEqual(fileStyle(t), wholeFile(t), t.slice(0, 200));
    // one-character edits: every document but the edited one comes from the cache
    for (const t of texts) {
      const lines = t.split('\n');
      for (let i = 0; i < lines.length; i += Math.max(1, Math.floor(lines.length / 7))) {
        const edited = [...lines.slice(0, i), lines[i] + ' x', ...lines.slice(i + 1)].join('\n');
        assert.deepStrictEqual(fileStyle(edited), wholeFile(edited), `line ${i} of ${t.slice(0, 80)}`);
        const indented = [...lines.slice(0, i), '  ' + lines[i], ...lines.slice(i + 1)].join('\n');
        assert.deepStrictEqual(fileStyle(indented), wholeFile(indented), `indented line ${i} of ${t.slice(0, 80)}`);
      }
    }
  });

  it('equals the whole-file pass through random edit sequences (pieces before and after the edit reused by position)', () => {
    const PIECES = ['a:\n  b: 1\n', 'a:\n    b:\n    - x\n', 'k:\n- y\n', '---\n', '--- # c\n', '\r\n', 'l:\r\n   m: 1\r\n', '# c\n', '    deep: 1\n', '---x\n', '-\n'];
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 25 }),
      fc.array(fc.record({ at: fc.nat(), del: fc.nat(6), ins: fc.constantFrom('\n', '---', '\n---\n', ' ', '  ', '- ', 'x', '\r', '') }), { minLength: 1, maxLength: 8 }),
      (pieces, edits) => {
        let text = pieces.join('');
        assert.deepStrictEqual(fileStyle(text), wholeFile(text));
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          assert.deepStrictEqual(fileStyle(text), wholeFile(text), JSON.stringify(text));
        }
      }), { numRuns: 1500, seed: 11 });
  });
});
