/**
 * The language server and an LSP client in this process, over in-memory streams (bench/inproc.ts,
 * bench/heap.ts): initialised, with `publish(version)` resolving on the diagnostics of that version.
 */
import { PassThrough } from 'stream';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, PublishDiagnosticsNotification, PublishDiagnosticsParams, ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../server/src/lsp/server';
import { jsonEncoder } from '../server/src/lsp/encode';

export interface InProcessClient {
  conn: ProtocolConnection;
  /** The next publish of `version` (ask before sending the change that makes it). */
  publish(version: number): Promise<PublishDiagnosticsParams>;
}

/** `rootUri`: a workspace folder for the server to index (none by default). */
export async function startInProcess(rootUri: string | null = null): Promise<InProcessClient> {
  const toServer = new PassThrough(), toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient, { charset: 'utf-8', contentTypeEncoder: jsonEncoder })));
  const conn = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const waiters = new Map<number, (p: PublishDiagnosticsParams) => void>();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.version === undefined) return;
    waiters.get(p.version)?.(p);
    waiters.delete(p.version); // a resolved waiter kept would keep its diagnostics alive
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => undefined);
  conn.listen();
  // processId null: with a process id, vscode-languageserver polls that process every few seconds (a
  // timer that would keep this process, a test runner say, alive for ever)
  await conn.sendRequest(InitializeRequest.type, { processId: null, rootUri, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } } } });
  await conn.sendNotification(InitializedNotification.type, {});
  return { conn, publish: (v) => new Promise<PublishDiagnosticsParams>((r) => waiters.set(v, r)) };
}
