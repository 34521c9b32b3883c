/** A minimal LSP client over stdio for the benchmark: any server command, timing publishDiagnostics. */
import * as cp from 'child_process';
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, ProtocolConnection,
  InitializeRequest, InitializedNotification, PublishDiagnosticsNotification, PublishDiagnosticsParams,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, ShutdownRequest, ExitNotification,
  TextDocumentContentChangeEvent, InitializeResult, ExecuteCommandRequest,
} from 'vscode-languageserver-protocol/node';

export interface BenchClient {
  conn: ProtocolConnection;
  proc: cp.ChildProcess;
  init: InitializeResult;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  /** Every $/progress notification received. */
  progress: { token: unknown; value: { kind?: string } }[];
  /** Every publishDiagnostics received, with its arrival time. */
  published: { at: number; p: PublishDiagnosticsParams }[];
  waitFor(uri: string, version: number, timeoutMs?: number): Promise<{ at: number; p: PublishDiagnosticsParams }>;
  /**
   * The next publishDiagnostics for `uri` that arrives after this call (for servers that publish
   * without a version, as yaml-language-server and the Dockerfile language server do).
   */
  waitNext(uri: string, timeoutMs?: number): Promise<{ at: number; p: PublishDiagnosticsParams }>;
  open(uri: string, text: string, languageId?: string): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  exec(command: string, args: unknown[]): Promise<unknown>;
  rssKb(): { rss: number; hwm: number };
  stop(): Promise<void>;
}

/**
 * `settings`: what `workspace/configuration` answers, by section (null for any other section); the
 * peers read theirs this way (Palisade's defaults come from a null answer).
 */
export async function startBenchClient(argv: string[], rootUri: string | null = null, env?: NodeJS.ProcessEnv, settings?: Record<string, unknown>): Promise<BenchClient> {
  const spawnedAt = performance.now();
  const proc = cp.spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'], env: env ?? process.env });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published: { at: number; p: PublishDiagnosticsParams }[] = [];
  const next: { uri: string; resolve: (x: { at: number; p: PublishDiagnosticsParams }) => void }[] = [];
  const waiters: { uri: string; version: number; resolve: (x: { at: number; p: PublishDiagnosticsParams }) => void }[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const e = { at: performance.now(), p };
    published.push(e);
    for (let i = next.length - 1; i >= 0; i--) if (next[i].uri === p.uri) { next[i].resolve(e); next.splice(i, 1); }
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].uri === p.uri && p.version !== undefined && p.version >= waiters[i].version) { waiters[i].resolve(e); waiters.splice(i, 1); }
    }
  });
  conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section !== undefined && settings?.[i.section]) ?? null));
  conn.onRequest('client/registerCapability', () => undefined);
  conn.onRequest('window/workDoneProgress/create', () => undefined);
  const progress: { token: unknown; value: { kind?: string } }[] = [];
  conn.onNotification('$/progress', (p: { token: unknown; value: { kind?: string } }) => { progress.push(p); });
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
    capabilities: { window: { workDoneProgress: true }, workspace: settings ? { configuration: true } : undefined, textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } } },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn, proc, init, spawnedAt, published, progress,
    waitFor(uri, version, timeoutMs = 120000) {
      const hit = published.find((e) => e.p.uri === uri && e.p.version !== undefined && e.p.version >= version);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), timeoutMs);
        waiters.push({ uri, version, resolve: (x) => { clearTimeout(t); resolve(x); } });
      });
    },
    waitNext(uri, timeoutMs = 120000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), timeoutMs);
        next.push({ uri, resolve: (x) => { clearTimeout(t); resolve(x); } });
      });
    },
    open(uri, text, languageId = 'yaml') {
      void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    },
    change(uri, version, contentChanges) {
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    },
    exec(command, args) { return conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }); },
    rssKb() {
      const s = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      const num = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
      return { rss: num('VmRSS'), hwm: num('VmHWM') };
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 3000))]);
        void conn.sendNotification(ExitNotification.type);
      } catch { /* gone */ }
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => { proc.kill('SIGKILL'); resolve(); }, 3000);
        proc.once('exit', () => { clearTimeout(t); resolve(); });
      });
      conn.dispose();
    },
  };
}
