/**
 * `npx tsx bench/inproc.ts [lines] [edits]`: the language server and a client in one process over
 * in-memory streams. Opens a generated manifest, then profiles only the one-character edits (the
 * open is excluded) and prints the mean wall time per edit and self time by function. A developer
 * tool for finding where an edit's time goes; `npm run bench` gives the figures.
 */
import { Session } from 'inspector';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { DidOpenTextDocumentNotification, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startInProcess } from './inprocClient';
import { manifest } from './gen';

interface ProfNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10000);
  const edits = Number(process.argv[3] ?? 60);
  const { conn, publish: wait } = await startInProcess();
  const text = manifest(n);
  const uri = 'file:///tmp/inproc.yaml';
  let w = wait(1);
  void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const first = await w;
  const ls = text.split('\n');
  const pts: number[] = [];
  ls.forEach((l, i) => { if (/^\s+tier: backend$/.test(l)) pts.push(i); });
  const edit = async (i: number) => {
    const line = pts[(i * 7919) % pts.length];
    const ch = ls[line].length;
    ls[line] += 'x';
    w = wait(i + 2);
    void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [{ range: { start: { line, character: ch }, end: { line, character: ch } }, text: 'x' }] });
    await w;
  };
  for (let i = 0; i < 10; i++) await edit(i); // warm-up
  const session = new Session();
  session.connect();
  const post = (m: string, p?: object) => new Promise<any>((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  const times: number[] = [];
  for (let i = 10; i < 10 + edits; i++) { const s = performance.now(); await edit(i); times.push(performance.now() - s); }
  const { profile } = await post('Profiler.stop') as { profile: { nodes: ProfNode[]; samples: number[] } };
  times.sort((a, b) => a - b);
  console.log(`${n} lines, ${first.diagnostics.length} diagnostics, ${edits} edits: median ${times[times.length >> 1].toFixed(2)} ms, mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2)} ms`);
  const hits = new Map<number, number>();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const byFn = new Map<string, number>();
  for (const nd of profile.nodes) {
    const h = hits.get(nd.id) ?? 0;
    if (!h) continue;
    const key = `${nd.callFrame.functionName || '(anonymous)'} ${path.relative(process.cwd(), nd.callFrame.url.replace('file://', ''))}:${nd.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + h);
  }
  const total = profile.samples.length;
  console.log('self time:');
  for (const [k, h] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) console.log(((100 * h) / total).toFixed(1).padStart(5) + '%', k);
  // inclusive time: a sample counts for every distinct function on its stack
  const parent = new Map<number, number>();
  for (const nd of profile.nodes) for (const ch of nd.children ?? []) parent.set(ch, nd.id);
  const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
  const name = (nd: ProfNode) => `${nd.callFrame.functionName || '(anonymous)'} ${path.relative(process.cwd(), nd.callFrame.url.replace('file://', ''))}:${nd.callFrame.lineNumber + 1}`;
  const incl = new Map<string, number>();
  for (const [id, h] of hits) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur)!);
      if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + h); }
    }
  }
  console.log('inclusive time:');
  for (const [k, h] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) console.log(((100 * h) / total).toFixed(1).padStart(5) + '%', k);
  process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });
