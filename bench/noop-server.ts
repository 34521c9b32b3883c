/**
 * The protocol floor: a language server built with the same vscode-languageserver (same
 * connection, same TextDocuments with incremental sync, same stdio transport) that publishes empty
 * diagnostics for every version it sees. Bundled with esbuild like dist/server.js.
 */
import * as fs from 'fs';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * With PALISADE_NOOP_REPLAY=<file.json> (a list of diagnostics), it publishes that list instead of
 * an empty one: the floor of carrying that many diagnostics over the protocol (serialising, writing,
 * reading and parsing them), without analysing anything.
 */
const replay: Diagnostic[] = process.env.PALISADE_NOOP_REPLAY ? JSON.parse(fs.readFileSync(process.env.PALISADE_NOOP_REPLAY, 'utf8')) : [];

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } } }));
documents.onDidChangeContent((e) => {
  connection.sendDiagnostics({ uri: e.document.uri, version: e.document.version, diagnostics: replay });
});
documents.listen(connection);
connection.listen();
