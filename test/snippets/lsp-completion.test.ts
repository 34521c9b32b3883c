/** Snippet completions from the real language server over stdio (`palisade lsp --stdio`). */
import * as assert from 'assert';
import { CompletionRequest, CompletionItem, CompletionList, InsertTextFormat } from 'vscode-languageserver-protocol/node';
import { startClient } from '../lsp/client';

async function complete(snippetSupport: boolean, uri: string, languageId: string, text: string, line: number, character: number): Promise<CompletionItem[]> {
  const c = await startClient({ capabilities: { textDocument: { completion: { completionItem: { snippetSupport } } } } });
  try {
    c.open(uri, text, languageId);
    const r = await c.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
    return Array.isArray(r) ? r : (r as CompletionList | null)?.items ?? [];
  } finally {
    await c.stop();
  }
}

describe('LSP snippet completions', function () {
  this.timeout(20000);
  it('offers snippets with tab stops to clients that support snippets', async () => {
    const items = await complete(true, 'file:///w/mesh.yaml', 'yaml', 'palisade-peer', 0, 13);
    const it = items.find((i) => i.label === 'palisade-peerauthentication-mesh');
    assert.ok(it, `labels: ${items.map((i) => i.label).join(', ')}`);
    assert.strictEqual(it!.insertTextFormat, InsertTextFormat.Snippet);
    assert.match(it!.insertText!, /namespace: \$\{1:istio-system\}/);
  });
  it('offers plain text with defaults to clients without snippet support', async () => {
    const items = await complete(false, 'file:///w/Dockerfile', 'dockerfile', '', 0, 0);
    assert.deepStrictEqual(items.map((i) => i.label), ['palisade-dockerfile-multistage']);
    assert.strictEqual(items[0].insertTextFormat, InsertTextFormat.PlainText);
    assert.ok(!/\$\{?\d/.test(items[0].insertText!), items[0].insertText);
    assert.match(items[0].insertText!, /^FROM golang:/m);
  });
});
