/**
 * `npx tsx --max-semi-space-size=4 bench/memory-attr.ts [lines]`: what the language server's live
 * heap is made of once a generated manifest (default 100,000 lines) is open and edited as `npm run
 * bench` edits it (20 one-character edits, each awaited to its publish). The server runs in this
 * process over in-memory streams; after full collections, the holders are let go one at a time, in
 * an order where each frees what only it holds, and the heap each one freed is printed: the file
 * style's caches (fix/style.ts, the previous text), the LSP's results, the analyzer's per-document
 * entries (converted findings, with the diagnostics, merged findings and encoded JSON the WeakMaps of
 * present.ts, convert.ts and encode.ts hang on them; raw findings; texts), the analyzer, then the
 * document (closed: the compact copies, the text, the line indexes of the document and the index).
 * It reads private fields of the server and the analyzer: a developer tool, to update when they change.
 *
 * SAMPLE=1: also the allocation of 5 more edits by stack (sampled, including what the collector
 * freed), per edit: where the garbage of an edit comes from (the in-process client's share included).
 * `npm run bench` gives the process's RSS; bench/heap.ts the live heap alone.
 */
import { PassThrough } from 'stream';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Session } from 'inspector';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../server/src/lsp/server';
import { jsonEncoder } from '../server/src/lsp/encode';
import { fileStyle } from '../server/src/engine/fix/style';
import { manifest } from './gen';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MB = 2 ** 20;
const measure = () => { gc(); gc(); return { used: v8.getHeapStatistics().used_heap_size / MB, ext: process.memoryUsage().external / MB }; };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ProfileNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: ProfileNode[] }

async function main(): Promise<void> {
  const toServer = new PassThrough(), toClient = new PassThrough();
  const state = startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient, { charset: 'utf-8', contentTypeEncoder: jsonEncoder })));
  const conn = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  let want = 0;
  let resolve: (() => void) | undefined;
  let published = 0;
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => { published = p.diagnostics.length; if (p.version === want) resolve?.(); });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => undefined);
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, workspaceFolders: null, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } } } });
  await conn.sendNotification(InitializedNotification.type, {});
  await sleep(200);
  const base = measure();

  const n = Number(process.argv[2] ?? 100000);
  const uri = 'file:///tmp/memory-attr.yaml';
  const ls = manifest(n).split('\n');
  const textMB = ls.join('\n').length / MB;
  const until = (v: number) => new Promise<void>((r) => { resolve = r; want = v; });
  let w = until(1);
  void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: ls.join('\n') } });
  await w;
  const pts: number[] = [];
  ls.forEach((l, i) => { if (/^\s+tier: backend$/.test(l)) pts.push(i); });
  let v = 1;
  const edit = async () => {
    const line = pts[(v * 7919) % pts.length];
    const ch = ls[line].length;
    ls[line] += 'x';
    v++;
    w = until(v);
    void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character: ch }, end: { line, character: ch } }, text: 'x' }] });
    await w;
  };
  for (let i = 0; i < 20; i++) await edit();

  if (process.env.SAMPLE) {
    const ses = new Session();
    ses.connect();
    const post = <T>(m: string, p: object = {}) => new Promise<T>((ok, fail) => ses.post(m, p, (e, x) => (e ? fail(e) : ok(x as T))));
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    for (let i = 0; i < 5; i++) await edit();
    const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
    const stacks = new Map<string, number>();
    const walk = (node: ProfileNode, path: string[]) => {
      const f = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
      const here = [...path, f];
      if (node.selfSize) { const k = here.slice(-4).reverse().join(' < '); stacks.set(k, (stacks.get(k) ?? 0) + node.selfSize); }
      for (const c of node.children) walk(c, here);
    };
    walk(profile.head, []);
    console.log('allocation per edit (sampled over 5 edits, freed objects included), by innermost 4 frames:');
    for (const [k, b] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(b / 5 / MB).toFixed(2).padStart(6)} MB  ${k}`);
  }
  resolve = undefined;
  await sleep(300);

  let prev = measure();
  console.log(`language server, ${n}-line manifest (${textMB.toFixed(2)} MB of text) after ${v - 1} edits, ${published} diagnostics published`);
  console.log(`  live heap above the idle server: ${(prev.used - base.used).toFixed(1)} MB, external ${(prev.ext - base.ext).toFixed(1)} MB`);
  const freed = (what: string) => {
    const m = measure();
    console.log(`  ${what.padEnd(58)} ${(prev.used - m.used).toFixed(1).padStart(5)} MB  external ${(prev.ext - m.ext).toFixed(1).padStart(4)} MB`);
    prev = m;
  };
  // two small texts push the large ones out of the file style's caches (the last two texts)
  fileStyle('a: 1\n');
  fileStyle('b: 1\n');
  freed('file style caches (pieces of the last two texts)');
  const resultCount = state.results.get(uri)?.diagnostics.length ?? 0;
  state.results.clear();
  freed(`LSP results map (${resultCount} diagnostics)`);
  type Entry = Record<string, unknown> & { checked?: { raw: unknown[] } };
  const analyzer = state.analyzer as unknown as { cache: Map<string, { docs: { entry: Entry }[] }> };
  const entries = (analyzer.cache.get(uri)?.docs ?? []).map((d) => d.entry);
  const raw = entries.reduce((s, e) => s + (e.checked?.raw.length ?? 0), 0);
  for (const e of entries) delete e.converted;
  freed(`converted findings, their diagnostics, merges, JSON (${raw})`);
  for (const e of entries) delete e.checked;
  freed('raw findings (chunk offsets, fixes)');
  for (const e of entries) { e.text = ''; delete e.lines; }
  freed(`per-document texts and line indexes (${entries.length} documents)`);
  entries.length = 0;
  state.analyzer.forget(uri);
  freed('the analyzer\'s file state (models held by the index too)');
  w = new Promise<void>((r) => setTimeout(r, 300));
  void conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  await w;
  freed('close: compact copies, objects, text, line indexes');
  console.log(`  left above the idle server: ${(prev.used - base.used).toFixed(1)} MB (compiled code, shared string table, caches of the last text)`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
