/**
 * The language server: a thin adapter from LSP to the engine. Analysis runs as the user types;
 * changes that arrive while a document waits are coalesced so only its newest version is analysed.
 */
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, Connection, InitializeParams,
  CodeAction, CodeActionKind, CodeActionParams, Diagnostic, DocumentDiagnosticReportKind, DidChangeConfigurationNotification,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, fileKindOf } from '../engine/analyze';
import type { Settings } from '../engine/settings';
import { VERSION } from '../engine/version';
import { toDiagnostics, DiagnosticData } from './convert';
import { toEngineSettings, ClientSettings } from './settings';
import { codeActions } from './codeActions';
import { COMMANDS, executeCommand, setClientCapabilities } from './commands';
import { hoverAt } from './hover';
import { completions, setCompletionCapabilities } from './completion';
import { WorkspaceIndex, WORKSPACE_COMMANDS, SCAN_WORKSPACE } from './workspace';

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.palisade';

export interface ServerState {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  settings: Settings;
  client: ClientSettings;
  /** Latest diagnostics per document URI, with the version they were computed for. */
  results: Map<string, { version: number; diagnostics: Diagnostic[] }>;
  analyze(doc: TextDocument): Diagnostic[];
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): ServerState {
  const documents = new TextDocuments(TextDocument);
  const analyzer = new Analyzer();
  const pending = new Map<string, NodeJS.Timeout>();
  let pullMode = false;
  let hasConfiguration = false;
  let lastDuration = 0;

  const state: ServerState = {
    connection, documents, analyzer,
    settings: toEngineSettings(undefined),
    client: {},
    results: new Map(),
    analyze(doc) {
      const t0 = Date.now();
      const diags = analyzeDocument(doc);
      lastDuration = Date.now() - t0;
      state.results.set(doc.uri, { version: doc.version, diagnostics: diags });
      return diags;
    },
  };
  /** The workspace index: .palisade.yaml, cross-resource rules, namespace levels, palisade.scanWorkspace. */
  const workspace = new WorkspaceIndex(state, (uri) => { const d = documents.get(uri); if (d) schedule(d); });

  function isAnalysable(doc: TextDocument): boolean {
    const kind = fileKindOf(doc.uri, doc.languageId);
    if (!kind) return false;
    if (doc.languageId === 'jsonc') return false;
    return true;
  }

  function analyzeDocument(doc: TextDocument): Diagnostic[] {
    if (!isAnalysable(doc)) return [];
    const text = doc.getText();
    // JSON files that are not Kubernetes manifests (package.json, tsconfig.json...) are not ours to judge
    if ((doc.languageId === 'json' || /\.json$/i.test(doc.uri)) && !/"apiVersion"\s*:/.test(text)) return [];
    try {
      const res = workspace.augment(doc.uri, text, analyzer.analyze(doc.uri, text, { settings: workspace.settings(doc.uri), languageId: doc.languageId }));
      return toDiagnostics(res, doc.version, (f) => f);
    } catch (e) {
      connection.console.error(`palisade: analysis of ${doc.uri} failed: ${(e as Error)?.stack ?? e}`);
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, source: 'palisade', code: 'internal', message: `Palisade could not analyse this file: ${(e as Error)?.message ?? e}` }];
    }
  }

  function schedule(doc: TextDocument): void {
    const uri = doc.uri;
    const t = pending.get(uri);
    if (t) clearTimeout(t);
    // cheap files are analysed at once; costly ones wait a little so fast typing never queues work
    const delay = Math.min(state.client.debounceMs ?? 150, lastDuration);
    pending.set(uri, setTimeout(() => {
      pending.delete(uri);
      const current = documents.get(uri);
      if (!current) return;
      const diagnostics = state.analyze(current);
      if (pullMode) connection.languages.diagnostics.refresh();
      else connection.sendDiagnostics({ uri, version: current.version, diagnostics });
    }, delay));
  }

  function reanalyzeAll(): void {
    workspace.settingsChanged();
    for (const d of documents.all()) schedule(d);
  }

  connection.onInitialize((params: InitializeParams) => {
    const init = (params.initializationOptions ?? {}) as { diagnosticMode?: 'push' | 'pull'; settings?: ClientSettings };
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    workspace.initialize(params);
    setClientCapabilities(params.capabilities);
    setCompletionCapabilities(params.capabilities);
    pullMode = !!params.capabilities.textDocument?.diagnostic && init.diagnosticMode === 'pull';
    if (init.settings) { state.client = init.settings; state.settings = toEngineSettings(init.settings); }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [...COMMANDS, ...WORKSPACE_COMMANDS] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [] },
        ...(pullMode ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'palisade', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    void workspace.start();
    if (hasConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'palisade' }).catch(() => undefined);
      await refreshConfiguration();
    }
  });

  async function refreshConfiguration(): Promise<void> {
    if (!hasConfiguration) return;
    try {
      const c = (await connection.workspace.getConfiguration('palisade')) as ClientSettings | null;
      state.client = c ?? {};
      state.settings = toEngineSettings(state.client);
    } catch { /* client without configuration support */ }
    reanalyzeAll();
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (hasConfiguration) await refreshConfiguration();
    else {
      const c = (change.settings as { palisade?: ClientSettings } | undefined)?.palisade;
      state.client = c ?? {};
      state.settings = toEngineSettings(state.client);
      reanalyzeAll();
    }
  });

  connection.languages.diagnostics.on((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const r = state.results.get(doc.uri);
    const items = r && r.version === doc.version ? r.diagnostics : state.analyze(doc);
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    analyzer.forget(e.document.uri);
    workspace.closed(e.document.uri);
    state.results.delete(e.document.uri);
    if (!pullMode) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction((params: CodeActionParams) => codeActions(state, params));
  connection.onExecuteCommand((params, token) => (params.command === SCAN_WORKSPACE ? workspace.scanWorkspace(params, token) : executeCommand(state, params)));
  connection.onDidChangeWatchedFiles((params) => workspace.onWatchedFiles(params));
  connection.onCompletion((params) => completions(documents.get(params.textDocument.uri), params));
  connection.onHover((params) => hoverAt(state.results.get(params.textDocument.uri)?.diagnostics, params));

  documents.listen(connection);
  connection.listen();
  return state;
}

/** Code actions live in ./codeActions (quick fixes from diagnostic data, suppressions, fix-all). */
export { codeActions };
