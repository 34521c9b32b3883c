import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodeActionKind } from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from '../../server/src/lsp/kinds';

const ROOT = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('code action kinds (server/src/lsp/kinds.ts)', () => {
  it("FIX_ALL_KIND is the LSP's source.fixAll with a .palisade suffix", () => {
    assert.strictEqual(FIX_ALL_KIND, `${CodeActionKind.SourceFixAll}.palisade`);
  });

  it('FIX_ALL_KIND is defined in one place, which the server and the client import (#19)', () => {
    const files = [...sources(path.join(ROOT, 'server', 'src')), ...sources(path.join(ROOT, 'client', 'src'))];
    const defining = files.filter((f) => /\b(const|let|var)\s+FIX_ALL_KIND\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    assert.deepStrictEqual(defining, ['server/src/lsp/kinds.ts']);
    // the kinds module imports nothing, so the client bundle does not pull in the language server
    assert.doesNotMatch(fs.readFileSync(path.join(ROOT, 'server/src/lsp/kinds.ts'), 'utf8'), /\bimport\b|\brequire\(/);
  });
});
