/**
 * `npx tsx bench/heap.ts [lines]`: live heap (after full collections) of
 *  1. the language server, in this process over in-memory streams: before and after opening a
 *     generated manifest of `lines` lines (default 100,000), and after each round of 10 one-character
 *     edits (a heap that keeps growing would be a leak; the first edits may analyse documents the
 *     open left unchecked when it hit the time budget);
 *  2. the engine's analyzer after analysing the 1,000-file benchmark workspace, as the CLI keeps it
 *     (parsed documents), as the language server keeps it once scanned (compact copies,
 *     `yaml/compact.ts`) and as its index keeps it (objects only, documents parsed);
 *  3. the language server with that workspace as its folder on disk: after its index, and after
 *     `palisade.scanWorkspace` (what the RSS row of the scan in `npm run bench` is made of).
 * A developer tool for memory; `npm run bench` gives the process RSS figures.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as v8 from 'v8';
import * as vm from 'vm';
import { DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, PublishDiagnosticsParams, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { startInProcess } from './inprocClient';
import { Analyzer } from '../server/src/engine/analyze';
import { defaultSettings } from '../server/src/engine/settings';
import { manifest, workspace } from './gen';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMB = () => { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function server(n: number): Promise<void> {
  const { conn, publish } = await startInProcess();
  const base = heapMB();
  const uri = 'file:///tmp/heap-bench.yaml';
  const ls = manifest(n).split('\n');
  let w = publish(1);
  void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: ls.join('\n') } });
  const first = await w;
  await sleep(300);
  const rows: [string, number, number][] = [['open', heapMB() - base, first.diagnostics.length]];
  const pts: number[] = [];
  ls.forEach((l, i) => { if (/^\s+tier: backend$/.test(l)) pts.push(i); });
  let v = 1;
  for (let round = 1; round <= 3; round++) {
    let last: PublishDiagnosticsParams | undefined;
    for (let i = 0; i < 10; i++) {
      const line = pts[(v * 7919) % pts.length];
      const ch = ls[line].length;
      ls[line] += 'x';
      v++;
      w = publish(v);
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line, character: ch }, end: { line, character: ch } }, text: 'x' }] });
      last = await w;
    }
    await sleep(300);
    rows.push([`after ${round * 10} edits`, heapMB() - base, last!.diagnostics.length]);
  }
  console.log(`language server, ${n}-line manifest (${(ls.join('\n').length / 2 ** 20).toFixed(1)} MB of text): live heap above the idle server`);
  for (const [what, mb, d] of rows) console.log(`  ${what.padEnd(16)} ${mb.toFixed(1).padStart(7)} MB  (${d} diagnostics)`);
}

function workspaceIndex(): void {
  const files = workspace(1000).map((f) => ({ file: f.name, text: f.text }));
  const settings = { ...defaultSettings(), budgetMs: 1e9 };
  console.log(`engine analyzer holding the 1,000-file workspace (${files.reduce((s, f) => s + f.text.length, 0) / 2 ** 20 | 0} MB of text; the texts themselves not counted):`);
  const kinds = [
    ['parsed documents and findings (the CLI)', false, false],
    ['compact copies and findings (a scanned workspace)', true, false],
    ['parsed documents, no rules run (the index)', true, true],
  ] as const;
  for (const [what, compact, objectsOnly] of kinds) {
    const before = heapMB();
    const a = new Analyzer({ compact });
    for (const f of files) a.analyze(f.file, f.text, { settings, objectsOnly });
    const mb = heapMB() - before;
    console.log(`  ${what.padEnd(52)} ${mb.toFixed(1).padStart(7)} MB`);
    for (const f of files) a.forget(f.file);
  }
}

async function serverScan(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-heap-ws-'));
  try {
    for (const f of workspace(1000)) { fs.mkdirSync(path.join(dir, path.dirname(f.name)), { recursive: true }); fs.writeFileSync(path.join(dir, f.name), f.text); }
    const before = heapMB();
    const { conn } = await startInProcess(pathToFileURL(dir).toString());
    // the index runs on start; a scan after it waits for it
    const t = Date.now();
    const res = await conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [] }) as { files: number; findings: number };
    console.log(`language server, 1,000-file workspace folder (scan ${Date.now() - t} ms, ${res.files} files, ${res.findings} findings):`);
    console.log(`  ${'after palisade.scanWorkspace'.padEnd(52)} ${(heapMB() - before).toFixed(1).padStart(7)} MB`);
    const m = process.memoryUsage();
    console.log(`  ${'process: rss / heapTotal / external+arrayBuffers'.padEnd(52)} ${(m.rss / 2 ** 20).toFixed(0)} / ${(m.heapTotal / 2 ** 20).toFixed(0)} / ${((m.external + m.arrayBuffers) / 2 ** 20).toFixed(0)} MB`);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

async function main(): Promise<void> {
  if (process.argv.includes('--scan')) { await serverScan(); process.exit(0); }
  await server(Number(process.argv[2] ?? 100000));
  workspaceIndex();
  await serverScan();
  process.exit(0);
}
void main();
