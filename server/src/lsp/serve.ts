/**
 * Starts the language server on the transport its command line names (`--stdio`, `--node-ipc`,
 * `--socket=N`, `--pipe=NAME`). On stdio, messages are written with Palisade's encoder (./encode:
 * cached diagnostics' JSON).
 */
import { format } from 'util';
import { createConnection, ProposedFeatures, StreamMessageWriter, MessageReader } from 'vscode-languageserver/node';
import { startServer, ServerState } from './server';
import { jsonEncoder } from './encode';

export function serve(argv: string[] = process.argv): ServerState {
  if (!argv.includes('--stdio')) return startServer();
  // the input stays a stream (vscode-languageserver wraps it), so the server still exits when the client closes it
  const input = process.stdin as unknown as MessageReader;
  const connection = createConnection(ProposedFeatures.all, input, new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: jsonEncoder }));
  // stdout carries the protocol: console output goes to the client's log, as vscode-languageserver does for --stdio
  const log = (level: 'log' | 'info' | 'warn' | 'error') => (...args: unknown[]) => connection.console[level](format(...args));
  console.log = log('log'); console.info = log('info'); console.debug = log('log'); console.warn = log('warn'); console.error = log('error');
  return startServer(connection);
}
