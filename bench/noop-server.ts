/**
 * The protocol floor: a language server built with the same vscode-languageserver (same
 * connection, same TextDocuments with incremental sync, same stdio transport) that publishes empty
 * diagnostics for every version it sees. Bundled with esbuild like dist/server.js.
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } } }));
documents.onDidChangeContent((e) => {
  connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: [] });
});
documents.listen(connection);
connection.listen();
