/** The VS Code client: starts the language server and registers commands. */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('Palisade');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', language: 'github-actions-workflow' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*,*.Containerfile,Containerfile.*}' },
    ],
    synchronize: { configurationSection: 'palisade' },
    initializationOptions: { diagnosticMode: 'push' },
    outputChannel: output,
  };
  client = new LanguageClient('palisade', 'Palisade', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
