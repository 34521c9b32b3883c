import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../../server/src/engine/analyze';
import { toDiagnostics } from '../../server/src/lsp/convert';
import { encodeMessage } from '../../server/src/lsp/encode';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const publish = (params: object) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params });
const same = (msg: object) => assert.strictEqual(encodeMessage(msg as never).toString('utf8'), JSON.stringify(msg));

describe('stdio encoder (cached diagnostics JSON)', () => {
  it('writes exactly what JSON.stringify writes, for every example file, before and after an edit', () => {
    const files = fs.readdirSync(EXAMPLES, { recursive: true }).map(String).filter((f) => /\.(ya?ml)$|Dockerfile/.test(f));
    assert.ok(files.length >= 5, `examples found: ${files.join(', ')}`);
    let total = 0;
    for (const f of files) {
      const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
      const a = new Analyzer();
      const d1 = toDiagnostics(a.analyze(f, text), undefined);
      same(publish({ uri: `file:///x/${f}`, version: 1, diagnostics: d1 }));
      same(publish({ uri: `file:///x/${f}`, version: 1, diagnostics: d1 })); // now from the cache
      // an edit at the end: most diagnostics are the same objects, now encoded from the cache
      const d2 = toDiagnostics(a.analyze(f, text + '\n# edited ✓ ünïcode\n'), undefined);
      same(publish({ uri: `file:///x/${f}`, version: 2, diagnostics: d2 }));
      same(publish({ uri: `file:///x/${f}`, diagnostics: d2 })); // no version
      total += d1.length;
    }
    assert.ok(total > 50, `diagnostics encoded: ${total}`);
  });

  it('encodes non-ASCII messages, empty lists, other messages and foreign diagnostics like JSON.stringify', () => {
    same(publish({ uri: 'file:///ü/ß.yaml', version: 3, diagnostics: [] }));
    same(publish({ uri: 'file:///a.yaml', diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'naïve “quotes” \u2028 \u0000 😀', source: 'palisade' }] }));
    same({ jsonrpc: '2.0', id: 4, result: { items: [1, 'two', null] } });
    same({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'hé' } });
  });

  it('does not serve a stale encoding for a diagnostic that changed (only frozen diagnostics are cached)', () => {
    const d = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'one' };
    same(publish({ uri: 'file:///a.yaml', diagnostics: [d] }));
    d.message = 'two';
    assert.match(encodeMessage(publish({ uri: 'file:///a.yaml', diagnostics: [d] }) as never).toString(), /"two"/);
    const [own] = toDiagnostics(new Analyzer().analyze('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx}\n'), undefined);
    assert.ok(Object.isFrozen(own), 'diagnostics made by toDiagnostic are frozen');
    assert.throws(() => { 'use strict'; (own as { message: string }).message = 'changed'; });
  });
});
