/**
 * A real LSP client over stdio for tests: starts `palisade lsp --stdio` (the built CLI) as a child
 * process and talks JSON-RPC through vscode-languageserver-protocol.
 */
import * as cp from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, ProtocolConnection,
  InitializeRequest, InitializedNotification, PublishDiagnosticsNotification, PublishDiagnosticsParams,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  ShutdownRequest, ExitNotification, ConfigurationRequest, ClientCapabilities, TextDocumentContentChangeEvent,
  RegistrationRequest, ApplyWorkspaceEditRequest, ApplyWorkspaceEditParams, LogMessageNotification,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'palisade.js');

/** A Pod with a privileged container (K8S003, and the restricted-level findings): the LSP tests' common input. */
export const INSECURE = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx:1.25
    securityContext:
      privileged: true
`;

export interface TestClient {
  conn: ProtocolConnection;
  proc: cp.ChildProcess;
  /** Resolves with the next diagnostics published for `uri` (optionally for a given version). */
  nextDiagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, languageId?: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  close(uri: string): void;
  /** Settings returned for workspace/configuration requests (section `palisade`). */
  settings: Record<string, unknown>;
  stop(): Promise<void>;
  stderr: string;
  /** `$/progress` notifications received (the server's work-done progress), in order. */
  progress?: { token: string | number; value: { kind: string; title?: string; message?: string; percentage?: number; cancellable?: boolean } }[];
  /** workspace/applyEdit requests received from the server (all answered `applied: true`). */
  applied: ApplyWorkspaceEditParams[];
  /** window/logMessage notifications received (the server's output channel), in order. */
  logs: { type: number; message: string }[];
}

export async function startClient(opts: { capabilities?: ClientCapabilities; initializationOptions?: unknown; settings?: Record<string, unknown>; workspaceFolders?: string[] } = {}): Promise<TestClient> {
  const proc = cp.spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const latest = new Map<string, PublishDiagnosticsParams[]>();
  const client: TestClient = {
    conn, proc, settings: opts.settings ?? {}, stderr: '', applied: [], logs: [],
    nextDiagnostics(uri, version, timeoutMs = 10000) {
      const queued = latest.get(uri)?.findIndex((p) => version === undefined || p.version === version) ?? -1;
      if (queued >= 0) {
        const [p] = latest.get(uri)!.splice(queued, 1);
        return Promise.resolve(p);
      }
      return new Promise((resolve, reject) => {
        const w = { uri, version, resolve: (p: PublishDiagnosticsParams) => { clearTimeout(t); resolve(p); } };
        const t = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${client.stderr}`)); }, timeoutMs);
        waiters.push(w);
      });
    },
    open(uri, text, languageId = 'yaml', version = 1) {
      void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, contentChanges) {
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    },
    close(uri) {
      void conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        void conn.sendNotification(ExitNotification.type);
      } catch { /* already gone */ }
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => { proc.kill('SIGKILL'); resolve(); }, 3000);
        proc.once('exit', () => { clearTimeout(t); resolve(); });
      });
      conn.dispose();
    },
  };
  proc.stderr!.on('data', (d) => { client.stderr += d.toString(); });
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) { const [w] = waiters.splice(i, 1); w.resolve(p); return; }
    const list = latest.get(p.uri) ?? [];
    list.push(p);
    latest.set(p.uri, list);
  });
  conn.onRequest(ConfigurationRequest.type, (params) => params.items.map((it) => (it.section === 'palisade' ? client.settings : null)));
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.onNotification(LogMessageNotification.type, (p) => { client.logs.push({ type: p.type, message: p.message }); });
  conn.onRequest(ApplyWorkspaceEditRequest.type, (p) => { client.applied.push(p); return { applied: true }; });
  conn.onRequest('workspace/diagnostic/refresh', () => undefined);
  client.progress = [];
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('$/progress', (p: NonNullable<TestClient['progress']>[number]) => { client.progress!.push(p); });
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: opts.capabilities ?? { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } }, textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } } },
    initializationOptions: opts.initializationOptions,
    workspaceFolders: opts.workspaceFolders?.map((uri) => ({ uri, name: path.basename(uri) })) ?? null,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return client;
}
