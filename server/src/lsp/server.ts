/**
 * The language server: a thin adapter from LSP to the engine. Analysis runs as the user types;
 * changes that arrive while a document waits are coalesced so only its newest version is analysed.
 */
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, Connection, InitializeParams,
  CodeActionKind, CodeActionParams, Diagnostic, DocumentDiagnosticReportKind, DidChangeConfigurationNotification,
  ExecuteCommandRequest, ResponseError, ErrorCodes,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import { Analyzer, fileKindOf } from '../engine/analyze';
import type { Settings } from '../engine/settings';
import { VERSION } from '../engine/version';
import { toDiagnostics } from './convert';
import { toEngineSettings, ClientSettings } from './settings';
import { codeActions } from './codeActions';
import { COMMANDS, executeCommand, setClientCapabilities } from './commands';
import { hoverAt } from './hover';
import { completions, setCompletionCapabilities } from './completion';
import { initSnippetEdits } from './snippets';
import { IdleCollector, busyWhile } from './idleGc';
import { WorkspaceIndex, WORKSPACE_COMMANDS, SCAN_WORKSPACE } from './workspace';
import { POSTURE_COMMANDS, postureCommand } from './posture';
import { requireDocument, requireTextPosition, requireTextRange } from './params';
import { ChartPublisher, chartOfDocument, chartOfValuesFile } from './charts';
import { KustomizationPublisher, kustomizationDirOf } from './kustomizations';
import { FIX_ALL_KIND } from './kinds';
import { Scheduler } from './scheduler';

/** Longest stretch an analysis keeps the server busy before it lets other messages through. */
const SLICE_MS = 15;

export interface ServerState {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyzer: Analyzer;
  settings: Settings;
  client: ClientSettings;
  /** Latest diagnostics per document URI, with the version they were computed for. */
  results: Map<string, { version: number; diagnostics: Diagnostic[] }>;
  analyze(doc: TextDocument): Diagnostic[];
  /** The settings a document is analysed and fixed with: client settings, `.palisade.yaml`, Namespace labels. */
  settingsFor(uri: string): Settings;
  /** Collects garbage once the server is idle after work (told of work by `busy()`). */
  idle: IdleCollector;
  /** The workspace folders' paths (commands read files that are not open only inside them). */
  workspaceRoots?(): readonly string[];
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): ServerState {
  const documents = new TextDocuments(TextDocument);
  // documents stay open for hours: each is kept as a compact copy once checked (engine/yaml/compact)
  const analyzer = new Analyzer({ compact: true });
  let pullMode = false;
  let hasConfiguration = false;

  const state: ServerState = {
    connection, documents, analyzer,
    settings: toEngineSettings(undefined),
    client: {},
    results: new Map(),
    analyze(doc) {
      const t0 = Date.now();
      const steps = analyzeDocumentSteps(doc);
      let r = steps.next();
      while (!r.done) r = steps.next();
      scheduler.took(doc.uri, Date.now() - t0);
      state.results.set(doc.uri, { version: doc.version, diagnostics: r.value });
      return r.value;
    },
    settingsFor: (uri) => workspace.settings(uri),
    // (and the young generation 5 ms after each publish, when it holds 1 MB or more: ./idleGc.ts betweenWork)
    idle: new IdleCollector().betweenWork(5, 2 ** 20),
    workspaceRoots: () => workspace.rootPaths,
  };
  /** The workspace index: .palisade.yaml, cross-resource rules, namespace levels, palisade.scanWorkspace. */
  const workspace = new WorkspaceIndex(state, (uri) => { const d = documents.get(uri); if (d) schedule(d); });
  /** Helm charts: rendered when one of their files is analysed, every template published (./charts.ts). */
  const charts = new ChartPublisher(connection, () => documents.all(), () => workspace.rootPaths);
  /** Kustomizations: built when one of their files is analysed, their files published (./kustomizations.ts). */
  const kustomizations = new KustomizationPublisher(connection, () => documents.all());

  function isAnalysable(doc: TextDocument): boolean {
    const kind = fileKindOf(doc.uri, doc.languageId);
    if (!kind) return false;
    if (doc.languageId === 'jsonc') return false;
    return true;
  }

  /** The analysis of one document in steps (see Analyzer.analyzeSteps); never throws. */
  function* analyzeDocumentSteps(doc: TextDocument): Generator<void, Diagnostic[], void> {
    if (!isAnalysable(doc)) return [];
    const text = doc.getText();
    // JSON files that are not Kubernetes manifests (package.json, tsconfig.json...) are not ours to judge
    if ((doc.languageId === 'json' || /\.json$/i.test(doc.uri)) && !/"apiVersion"\s*:/.test(text)) return [];
    try {
      const settings = workspace.settings(doc.uri);
      // a file of a Helm chart: the chart is rendered and its templates get the findings (./charts.ts)
      // (the document's own analysis, for the chart and kustomization files that have one)
      const own = () => toDiagnostics(workspace.augment(doc.uri, text, analyzer.analyze(doc.uri, text, { settings, languageId: doc.languageId })), settings.profile);
      // (or an extra values file of a chart, named in .palisade.yaml, outside the chart folder)
      const chart = isAnalysable(doc) ? chartOfDocument(doc) ?? chartOfValuesFile(doc, settings, workspace.rootPaths) : undefined;
      if (chart) return charts.diagnosticsFor(doc, chart, settings, own);
      // a file of a kustomization (the kustomization file, a resource, a patch): the overlay is built (./kustomizations.ts)
      const kdir = isAnalysable(doc) && doc.uri.startsWith('file:') ? kustomizationDirOf(fileURLToPath(doc.uri), workspace.rootPaths) : undefined;
      if (kdir) return kustomizations.diagnosticsFor(doc, kdir, settings, own);
      const res = workspace.augment(doc.uri, text, yield* analyzer.analyzeSteps(doc.uri, text, { settings, languageId: doc.languageId }));
      return toDiagnostics(res, settings.profile);
    } catch (e) {
      connection.console.error(`palisade: analysis of ${doc.uri} failed: ${(e as Error)?.stack ?? e}`);
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, source: 'palisade', code: 'internal', message: `Palisade could not analyse this file: ${(e as Error)?.message ?? e}` }];
    }
  }

  /**
   * Per-document scheduling (./scheduler.ts): fast typing never queues work, analyses run in slices.
   * After `shutdown` the server only waits for `exit`: requests are refused (InvalidRequest, as the
   * protocol asks) and nothing is analysed any more (documents opened or changed, index refreshes).
   */
  const scheduler = new Scheduler<Diagnostic[]>({
    document: (uri) => documents.get(uri),
    // each step is work: the idle collector waits for the end of an analysis in slices (./idleGc.ts)
    steps: (doc) => busyWhile(state.idle, analyzeDocumentSteps(doc)),
    done: (uri, version, diagnostics) => {
      state.results.set(uri, { version, diagnostics });
      state.idle.busy();
      if (pullMode) connection.languages.diagnostics.refresh();
      else connection.sendDiagnostics({ uri, version, diagnostics });
    },
    debounceMs: () => state.client.debounceMs ?? 150,
  }, SLICE_MS);
  // a change is work too: an idle collection not yet started waits (./idleGc.ts)
  const schedule = (doc: TextDocument) => { state.idle.busy(); scheduler.schedule(doc); };

  function reanalyzeAll(): void {
    workspace.settingsChanged();
    for (const d of documents.all()) schedule(d);
  }

  connection.onInitialize((params: InitializeParams) => {
    const init = (params.initializationOptions ?? {}) as { diagnosticMode?: 'push' | 'pull'; settings?: ClientSettings };
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    setClientCapabilities(params.capabilities);
    setCompletionCapabilities(params.capabilities, params.initializationOptions);
    initSnippetEdits(params);
    workspace.initialize(params);
    pullMode = !!params.capabilities.textDocument?.diagnostic && init.diagnosticMode === 'pull';
    if (init.settings) { state.client = init.settings; state.settings = toEngineSettings(init.settings); }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: [...COMMANDS, ...WORKSPACE_COMMANDS, ...POSTURE_COMMANDS] },
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

  connection.onShutdown(() => scheduler.stop());
  const live = <A extends unknown[], R>(handler: (...args: A) => R) => (...args: A): R => {
    if (scheduler.isStopped) throw new ResponseError(ErrorCodes.InvalidRequest, 'palisade: the server is shut down; only exit is accepted');
    return handler(...args);
  };

  connection.languages.diagnostics.on(live((params) => {
    requireDocument(params);
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const r = state.results.get(doc.uri);
    const items = r && r.version === doc.version ? r.diagnostics : state.analyze(doc);
    return { kind: DocumentDiagnosticReportKind.Full, items };
  }));

  documents.onDidOpen((e) => schedule(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    scheduler.forget(e.document.uri); // stops a waiting or running analysis
    analyzer.forget(e.document.uri);
    workspace.closed(e.document.uri);
    state.results.delete(e.document.uri);
    charts.forget(e.document.uri);
    kustomizations.forget(e.document.uri);
    if (!pullMode) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(live((params: CodeActionParams) => { requireTextRange(params); return codeActions(state, params); }));
  // registered as a plain request so that the client's work-done token is still in `params`
  // (onExecuteCommand removes it and hands a reporter that cannot tell whether there was one)
  connection.onRequest(ExecuteCommandRequest.type, live((params, token) => {
    if (POSTURE_COMMANDS.includes(params.command)) {
      // over the documents as typed: one whose newest version waits for its analysis, or is being
      // analysed in slices, is analysed now (its scheduled analysis still publishes)
      for (const d of documents.all()) if (state.results.get(d.uri)?.version !== d.version) state.analyze(d);
      return postureCommand(workspace.model(), params, workspace.settings());
    }
    if (params.command !== SCAN_WORKSPACE) return executeCommand(state, params);
    const workDone = params.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : undefined;
    return workspace.scanWorkspace(params, token, workDone);
  }));
  connection.onDidChangeWatchedFiles((params) => workspace.onWatchedFiles(params));
  connection.onCompletion(live((params) => { requireTextPosition(params); return completions(documents.get(params.textDocument.uri), params); }));
  connection.onHover(live((params) => { requireTextPosition(params); return hoverAt(state.results.get(params.textDocument.uri)?.diagnostics, params); }));

  documents.listen(connection);
  connection.listen();
  return state;
}

