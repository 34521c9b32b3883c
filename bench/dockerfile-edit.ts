/**
 * `npx tsx bench/dockerfile-edit.ts [lines] [edits]`: where a one-character edit of a large
 * Dockerfile spends its time. Bundles (unminified, the options of `scripts/build.mjs`) the language
 * server and a client in one process over in-memory streams (bench/inprocClient.ts), opens a
 * generated Dockerfile (bench/gen.ts `dockerfile(lines)`, default 5,000), types `x` at the end of
 * `ENV APP_` lines as `npm run bench` does (each edit awaited to its publish, 20 ms apart), and prints
 * the median and p95 of didChange -> publish, then the time of a full analysis in process (a fresh
 * Analyzer, what the CLI does), and, from a second run with the inspector's profiler on during the
 * edits (after five warm-up ones), their time by area (NO_PROFILE=1 leaves it out): dockerfile-ast, the model, shell lexing, rules, suppressions, the LSP side (conversion,
 * encoding, JSON-RPC), the garbage collector.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';

import { readProfile } from './cpuprofile';

const ROOT = path.resolve(__dirname, '..');

/** Each sample goes to the first area of this list that any frame of its stack is in. */
const AREAS: [string, (file: string, fn: string) => boolean][] = [
  ['suppressions', (f, fn) => fn === 'suppress' || f.startsWith('server/src/engine/suppress')],
  ['rule checks', (f) => f.startsWith('server/src/engine/rules/')],
  ['shell lexing (dockerfile/shell.ts)', (f) => f === 'server/src/engine/dockerfile/shell.ts'],
  ['dockerfile-ast (parse, arguments)', (f) => f.startsWith('node_modules/dockerfile-ast/') || f.startsWith('node_modules/vscode-languageserver-textdocument/') || f.startsWith('node_modules/vscode-languageserver-types/')],
  ['model building (dockerfile/model.ts)', (f) => f === 'server/src/engine/dockerfile/model.ts'],
  ['dockerfile analyzer (dockerfile/*.ts other)', (f) => f.startsWith('server/src/engine/dockerfile/')],
  ['LSP: findings -> diagnostics (convert, present)', (f) => f === 'server/src/lsp/convert.ts' || f === 'server/src/engine/present.ts'],
  ['LSP: encoding the publish', (f) => f === 'server/src/lsp/encode.ts'],
  ['LSP: document sync, JSON-RPC', (f) => f.startsWith('node_modules/vscode-')],
];

const CHILD = `
import { performance } from 'perf_hooks';
import { Session } from 'inspector';
import * as fs from 'fs';
import { DidOpenTextDocumentNotification, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { startInProcess } from './bench/inprocClient';
import { dockerfile } from './bench/gen';
import { Analyzer } from './server/src/engine/analyze';
import { defaultSettings } from './server/src/engine/settings';
import { analyzeDockerfile } from './server/src/engine/dockerfile/analyze';
import { allRules } from './server/src/engine/rules';
import { ruleSetsOf } from './server/src/engine/runner';

async function main() {
  const n = Number(process.env.DF_LINES), edits = Number(process.env.DF_EDITS);
  const text = dockerfile(n);
  const { conn, publish } = await startInProcess();
  const uri = 'file:///tmp/palisade-df-edit/Dockerfile';
  let w = publish(1);
  void conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const first = await w;
  // the edit points of npm run bench (bench/run.ts editPoints, at: /^ENV APP_/)
  const ls = text.split('\\n');
  const cands = [];
  ls.forEach((l, i) => { if (/^ENV APP_/.test(l)) cands.push({ line: i, character: l.length }); });
  const count = edits + 5;
  const pts0 = [];
  for (let i = 0; i < count; i++) pts0.push(cands[Math.floor((i * cands.length) / count + (cands.length / count) / 2) % cands.length]);
  const pts = pts0.map((_, i) => pts0[i % 2 ? count - 1 - (i >> 1) : i >> 1]);
  const grow = new Map();
  const times = [];
  let diags = 0;
  const session = new Session();
  const post = (m, p) => new Promise((res, rej) => session.post(m, p ?? {}, (e, r) => (e ? rej(e) : res(r))));
  for (let i = 0; i < pts.length; i++) {
    if (i === 5 && process.env.DF_PROFILE) { session.connect(); await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 100 }); await post('Profiler.start'); }
    const p = pts[i];
    const extra = grow.get(p.line) ?? 0;
    grow.set(p.line, extra + 1);
    w = publish(i + 2);
    const s = performance.now();
    void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [{ range: { start: { line: p.line, character: p.character + extra }, end: { line: p.line, character: p.character + extra } }, text: 'x' }] });
    diags = (await w).diagnostics.length;
    if (i >= 5) times.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 20));
  }
  if (process.env.DF_PROFILE) { const { profile } = await post('Profiler.stop'); fs.writeFileSync(process.env.DF_PROFILE, JSON.stringify(profile)); }
  // the same edits, the analysis alone: the language server's Analyzer (compact), no LSP
  const an = new Analyzer({ compact: true });
  let t = text;
  an.analyze('Dockerfile', t, { settings: { ...defaultSettings(), budgetMs: 1e9 } });
  const engine = [];
  const lines = text.split('\\n');
  const grow2 = new Map();
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const extra = grow2.get(p.line) ?? 0;
    grow2.set(p.line, extra + 1);
    lines[p.line] += 'x';
    t = lines.join('\\n');
    const s = performance.now();
    an.analyze('Dockerfile', t, { settings: { ...defaultSettings(), budgetMs: 1e9 } });
    if (i >= 5) engine.push(performance.now() - s);
  }
  // a full analysis in process (what the CLI does per file): a fresh analyzer each time
  const settings = { ...defaultSettings(), budgetMs: 1e9 };
  // (and, alternating with it, the whole text parsed at once with every rule on the whole model: no chunks)
  const rules = ruleSetsOf(allRules).dockerfile;
  const full = [], whole = [];
  for (let i = 0; i < 13; i++) {
    let s = performance.now(); new Analyzer().analyze('Dockerfile', text, { settings }); if (i >= 3) full.push(performance.now() - s);
    s = performance.now(); analyzeDockerfile('Dockerfile', text, settings, rules); if (i >= 3) whole.push(performance.now() - s);
  }
  console.log(JSON.stringify({ lines: ls.length - 1, first: first.diagnostics.length, diags, times, engine, full, whole }));
  process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]; };

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5000);
  const edits = Number(process.argv[3] ?? 60);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-df-edit-'));
  const bundle = path.join(dir, 'edit.js');
  await esbuild.build({
    stdin: { contents: CHILD, resolveDir: ROOT, loader: 'ts' }, outfile: bundle, bundle: true, platform: 'node', target: 'node18', format: 'cjs',
    alias: { yaml: path.join(ROOT, 'node_modules', 'yaml', 'browser', 'index.js') }, define: { PALISADE_VERSION: '"bench"' }, logLevel: 'warning',
  });
  const env = { ...process.env, DF_LINES: String(n), DF_EDITS: String(edits) };
  const run = (extra: NodeJS.ProcessEnv = {}) => {
    const r = cp.spawnSync(process.execPath, [bundle], { encoding: 'utf8', env: { ...env, ...extra } });
    if (r.status !== 0) throw new Error(`run failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { lines: number; first: number; diags: number; times: number[]; engine: number[]; full: number[]; whole: number[] };
  };
  const plain = run();
  console.log(`Dockerfile ${plain.lines} lines, ${plain.diags} diagnostics, ${edits} one-char edits: didChange -> publish median ${median(plain.times).toFixed(1)} ms, p95 ${p95(plain.times).toFixed(1)} ms`);
  console.log(`the same edits, the analysis alone (the server's Analyzer, no LSP): median ${median(plain.engine).toFixed(1)} ms, p95 ${p95(plain.engine).toFixed(1)} ms`);
  console.log(`full analysis in process (fresh Analyzer, what the CLI does): median ${median(plain.full).toFixed(1)} ms; the whole text at once, no chunks (dockerfile/analyze.ts analyzeDockerfile): ${median(plain.whole).toFixed(1)} ms`);
  if (process.env.NO_PROFILE) return;
  const file = 'edits.cpuprofile';
  run({ DF_PROFILE: path.join(dir, file) });
  const { time, frame, stack, where } = readProfile(path.join(dir, file), bundle);
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  for (const [id, t] of time) {
    const leaf = frame(id);
    if (['(idle)', '(program)', '(root)'].includes(leaf.functionName)) continue;
    const frames = stack(id);
    total += t;
    const area = leaf.functionName === '(garbage collector)' ? 'garbage collector' : AREAS.find(([, test]) => frames.some(([f, fn]) => test(f, fn)))?.[0] ?? (/^node:|^\(|^[a-z]+$/i.test(where(leaf)) ? "node runtime (timers, streams, builtins)" : `other (${where(leaf)})`);
    byArea.set(area, (byArea.get(area) ?? 0) + t);
    const k = `${leaf.functionName || '(anonymous)'} ${where(leaf)}`;
    byFn.set(k, (byFn.get(k) ?? 0) + t);
  }
  const ms = (t: number) => `${(t / 1000 / edits).toFixed(2).padStart(7)} ms/edit ${((100 * t) / total).toFixed(1).padStart(5)}%`;
  console.log(`\nunder the profiler (${dir}/${file}), the edits after the warm-up, by area (inclusive; the first area of the list a stack is in):`);
  for (const [k, t] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(ms(t), k);
  console.log('\nself time by function (top 20):');
  for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(ms(t), k);
}
main().catch((e) => { console.error(e); process.exit(1); });
