/** The VS Code client: starts the language server and registers commands. */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS, SERVER_ENV } from '../../server/src/lsp/nodeFlags';
import { PalisadeCommands, CMD } from './commands';
import { PalisadeStatusBar } from './statusBar';
import { PostureView } from './postureView';
import type { TreeNode } from './postureTree';
import { snippetMiddleware, applySnippetFix, APPLY_SNIPPET_COMMAND, SnippetEditArg } from './snippets';

let client: LanguageClient | undefined;

/** What the extension exports: used by its integration tests, harmless for others. */
export interface PalisadeApi {
  client: LanguageClient;
  statusBar: { readonly text: string; readonly tooltip: string; readonly command: string | undefined; readonly visible: boolean };
  output: vscode.OutputChannel;
  /** Commands the language server provides (workspace/executeCommand). */
  serverCommands(): string[];
  /** The Palisade Posture view: the tree it shows and how many times it was recomputed. */
  posture: { readonly tree: readonly TreeNode[]; readonly refreshes: number; treeItem(n: TreeNode): vscode.TreeItem };
}

export async function activate(context: vscode.ExtensionContext): Promise<PalisadeApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // stdio, as for other editors: the server then encodes publishes from its cached per-diagnostic
  // JSON (server/src/lsp/encode.ts); over IPC Node serialises every message in full
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_FLAGS], env: { ...SERVER_ENV } } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'], env: { ...SERVER_ENV } } },
  };
  const output = vscode.window.createOutputChannel('Palisade');
  context.subscriptions.push(output);
  const commands = new PalisadeCommands(() => client, context.asAbsolutePath(path.join('docs', 'rules')), output);
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
    // snippetEdits: snippet syntax in code-action edits is taken (see ./snippets.ts); contributedSnippets:
    // the languages package.json contributes snippets for, which the server then does not offer again as completions
    initializationOptions: { diagnosticMode: 'push', snippetEdits: true, contributedSnippets: contributedSnippetLanguages(context) },
    outputChannel: output,
    middleware: { ...snippetMiddleware, ...commands.middleware },
  };
  // `palisade.trace.server` is read by the client library (id "palisade") and traces into the same channel
  client = new LanguageClient('palisade', 'Palisade', serverOptions, clientOptions);

  const statusBar = new PalisadeStatusBar(CMD.selectPodSecurityLevel, () => client);
  context.subscriptions.push(
    statusBar,
    vscode.commands.registerCommand(APPLY_SNIPPET_COMMAND, (uri: string, edits: SnippetEditArg[]) => applySnippetFix(uri, edits)),
  );

  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  context.subscriptions.push(...commands.registerMissing());
  output.appendLine(`[client] Palisade ${context.extension.packageJSON.version} started; server commands: ${commands.serverCommands().join(', ') || '(none)'}`);
  statusBar.update();
  const posture = new PostureView(() => client);
  context.subscriptions.push(posture);
  posture.schedule();

  const started = client;
  return {
    client: started,
    statusBar: {
      get text() { return statusBar.item.text; },
      get tooltip() { const t = statusBar.item.tooltip; return typeof t === 'string' ? t : t?.value ?? ''; },
      get command() { const c = statusBar.item.command; return typeof c === 'string' ? c : c?.command; },
      get visible() { return statusBar.visible; },
    },
    output,
    serverCommands: () => commands.serverCommands(),
    posture: {
      get tree() { return posture.tree; },
      get refreshes() { return posture.refreshes; },
      treeItem: (n) => posture.getTreeItem(n),
    },
  };
}

function contributedSnippetLanguages(context: vscode.ExtensionContext): string[] {
  const snippets = (context.extension.packageJSON as { contributes?: { snippets?: { language?: unknown }[] } }).contributes?.snippets ?? [];
  return [...new Set(snippets.map((s) => s.language).filter((l): l is string => typeof l === 'string'))];
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
