/**
 * `npm run bench`: Palisade against its floors, side by side, in one run.
 *  1. engine/CLI throughput vs the parse floor (yaml.parseAllDocuments alone, dockerfile-ast alone);
 *  2. over a real LSP client on stdio: didOpen -> publishDiagnostics and one-character didChange ->
 *     publishDiagnostics (median, p95) vs a no-op server built with the same vscode-languageserver;
 *  3. server RSS with the 100,000-line file open (and after edits), cold start to first diagnostics,
 *     workspace scan.
 * The server runs as the VS Code client starts it, with SERVER_NODE_FLAGS and SERVER_ENV; RSS also without them.
 * Prints a table and writes bench/results/latest.json. Figures are measurements, not assertions.
 *  4. peers over the same client, on the same files: yaml-language-server and the Dockerfile language
 *     server from the npm registry, installed by this script into .cache/bench-peers (not devDependencies:
 *     `npm ci` stays lean for everyone who never runs the bench); their Kubernetes schema is off and
 *     every schema download disabled (no network at run time);
 *  5. a 30-template Helm chart re-rendered on a keystroke.
 * Options: --quick (fewer iterations), --only engine|lsp|scan|peers|chart.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cp from 'child_process';
import { performance } from 'perf_hooks';
import { pathToFileURL } from 'url';
import * as esbuild from 'esbuild';
import type * as EngineModule from './engine-entry';
import { manifest, dockerfile, workspace, chart } from './gen';
import { startBenchClient, BenchClient } from './lsp';
import { SERVER_NODE_FLAGS, SERVER_ENV } from '../server/src/lsp/nodeFlags';

const ROOT = path.resolve(__dirname, '..');
/** The language server as the VS Code client starts it (with its Node options). */
const SERVER = [...SERVER_NODE_FLAGS, path.join(ROOT, 'dist', 'server.js'), '--stdio'];
/** The environment the VS Code client starts it with (`SERVER_ENV` over this process's). */
const SERVER_PROCESS_ENV: NodeJS.ProcessEnv = { ...process.env, ...SERVER_ENV };
/** What the "without" rows leave out. */
const WITHOUT = `${SERVER_NODE_FLAGS.join(' ')} ${Object.keys(SERVER_ENV).join(' ')}`;
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const EDITS = QUICK ? 30 : 40;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]; };
const r2 = (x: number) => Math.round(x * 100) / 100;
const lines = (t: string) => t.split('\n').length;

/** Runs `a` and `b` alternately (so drift hits both), `n` times each after `warm` warm-ups; per-call ms. */
function paired(a: () => unknown, b: () => unknown, n: number, warm = 2): { a: number[]; b: number[] } {
  return alternate({ a, b }, n, warm);
}

/** Runs each function in turn, `n` times after `warm` rounds (so drift hits all alike); per-call ms by name. */
function alternate<K extends string>(fns: Record<K, () => unknown>, n: number, warm = 2): Record<K, number[]> {
  const names = Object.keys(fns) as K[];
  const out = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warm + n; i++) {
    for (const k of names) {
      const t = performance.now(); fns[k](); const ms = performance.now() - t;
      if (i >= warm) out[k].push(ms);
    }
  }
  return out;
}

interface Row { section: string; metric: string; palisade: number; floor?: number; ratio?: number; target?: string; unit: string }
const rows: Row[] = [];
const json: Record<string, unknown> = {};
function row(section: string, metric: string, palisade: number, floor: number | undefined, unit: string, target?: string, ratioOf?: 'time' | 'none'): void {
  const ratio = floor !== undefined && ratioOf !== 'none' ? palisade / floor : undefined;
  rows.push({ section, metric, palisade: r2(palisade), floor: floor === undefined ? undefined : r2(floor), ratio: ratio === undefined ? undefined : r2(ratio), target, unit });
}

const SIZES = [1000, 10000, 100000];
const texts = Object.fromEntries(SIZES.map((n) => [n, manifest(n)])) as Record<number, string>;
const DSIZES = [50, 500, 5000];
const dtexts = Object.fromEntries(DSIZES.map((n) => [n, dockerfile(n)])) as Record<number, string>;

/** The engine as it ships: bench/engine-entry.ts bundled with the options of scripts/build.mjs. */
let engine: typeof EngineModule;
async function loadEngine(): Promise<void> {
  const out = path.join(os.tmpdir(), `palisade-bench-engine-${process.pid}.js`);
  await esbuild.build({ entryPoints: [path.join(__dirname, 'engine-entry.ts')], outfile: out, bundle: true, platform: 'node', target: 'node18', format: 'cjs', alias: { yaml: path.join(ROOT, 'node_modules', 'yaml', 'browser', 'index.js') }, define: { PALISADE_VERSION: '"bench"' }, logLevel: 'warning' });
  engine = require(out);
  fs.rmSync(out, { force: true });
}

function engineBench(): void {
  const { Analyzer, parseAllDocuments, DockerfileParser, defaultSettings, splitDocuments, parseChunk, objectsOf, Parser } = engine;
  const settings = defaultSettings();
  settings.budgetMs = 1e9; // measure the whole file
  const out: Record<string, unknown> = {};
  for (const n of SIZES) {
    const t = texts[n];
    const iters = n >= 100000 ? (QUICK ? 2 : 4) : n >= 10000 ? (QUICK ? 6 : 12) : (QUICK ? 20 : 40);
    const r = paired(() => new Analyzer().analyze('bench.yaml', t, { settings }), () => parseAllDocuments(t), iters);
    const eng = median(r.a), floor = median(r.b);
    const findings = new Analyzer().analyze('bench.yaml', t, { settings }).findings.length;
    row('engine', `YAML ${lines(t)} lines (${findings} findings): full analysis`, eng, floor, 'ms', n === 10000 ? 'ratio <= 2' : undefined);
    out[`yaml${n}`] = { lines: lines(t), bytes: t.length, findings, analyzeMs: r2(eng), parseAllDocumentsMs: r2(floor), ratio: r2(eng / floor), linesPerSecond: Math.round(lines(t) / eng * 1000), floorLinesPerSecond: Math.round(lines(t) / floor * 1000) };
  }
  // where the parse floor goes: the analysis's own parse (what is left of the ratio is rules, fixes,
  // findings), and yaml's lexer and CST parser alone (the part no composer of our own could avoid)
  for (const n of [10000]) {
    const t = texts[n];
    const stages = alternate({
      floor: () => parseAllDocuments(t),
      ours: () => { for (const [i, c] of splitDocuments(t).entries()) objectsOf(parseChunk(c, i)); },
      cst: () => { for (const _ of new Parser().parse(t)) { /* tokens only */ } },
    }, QUICK ? 6 : 12);
    const floor = median(stages.floor);
    row('engine', `YAML ${lines(t)} lines: Palisade's parse alone (documents split, parsed with YAML 1.1 and guards, objects listed)`, median(stages.ours), floor, 'ms');
    row('engine', `YAML ${lines(t)} lines: yaml's lexer and CST parser alone (no composer)`, median(stages.cst), floor, 'ms');
    out[`parseStages${n}`] = { parseAllDocumentsMs: r2(floor), palisadeParseMs: r2(median(stages.ours)), lexerAndCstMs: r2(median(stages.cst)) };
  }
  // the incremental path the editor takes: one character changed in one document
  for (const n of [1000, 10000, 100000]) {
    const t = texts[n];
    const a = new Analyzer();
    a.analyze('inc.yaml', t, { settings });
    const at = t.indexOf('tier: backend', t.length >> 1) + 'tier: backend'.length;
    let k = 0;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const edited = t.slice(0, at) + 'x'.repeat(++k % 5) + t.slice(at);
      const s = performance.now(); a.analyze('inc.yaml', edited, { settings }); times.push(performance.now() - s);
    }
    row('engine', `YAML ${lines(t)} lines: re-analysis after a one-char edit (in-process)`, median(times.slice(5)), undefined, 'ms');
    out[`incremental${n}`] = { medianMs: r2(median(times.slice(5))), p95Ms: r2(p95(times.slice(5))) };
  }
  const parser = DockerfileParser;
  for (const n of DSIZES) {
    const t = dtexts[n];
    const r = paired(() => new Analyzer().analyze('Dockerfile', t, { settings }), () => parser.parse(t), n >= 5000 ? 10 : 30);
    const eng = median(r.a), floor = median(r.b);
    const res = new Analyzer().analyze('Dockerfile', t, { settings });
    row('engine', `Dockerfile ${lines(t)} lines (${res.findings.length} findings): full analysis`, eng, floor, 'ms');
    out[`dockerfile${n}`] = { lines: lines(t), findings: res.findings.length, errors: res.errors.length, analyzeMs: r2(eng), dockerfileAstMs: r2(floor), ratio: r2(eng / floor) };
  }
  // dockerfile-ast lexes an instruction's arguments only when asked: its parse alone leaves out work
  // that any check of arguments needs
  for (const n of [5000]) {
    const t = dtexts[n];
    const r = paired(() => { for (const ins of parser.parse(t).getInstructions()) ins.getArguments(); }, () => parser.parse(t), 10);
    row('engine', `Dockerfile ${lines(t)} lines: dockerfile-ast parse with every instruction's arguments read`, median(r.a), median(r.b), 'ms');
    out[`dockerfileArgs${n}`] = { parseAndArgumentsMs: r2(median(r.a)), dockerfileAstMs: r2(median(r.b)) };
  }
  json.engine = out;
}

async function bundleNoop(): Promise<string> {
  const out = path.join(os.tmpdir(), `palisade-bench-noop-${process.pid}.js`);
  await esbuild.build({ entryPoints: [path.join(__dirname, 'noop-server.ts')], outfile: out, bundle: true, platform: 'node', target: 'node18', format: 'cjs', logLevel: 'warning' });
  return out;
}

/** Lines where the edits go: `tier: backend` label values spread across the file. */
function editPoints(t: string, count: number, at = /^\s+tier: backend$/): { line: number; character: number }[] {
  const ls = t.split('\n');
  const cands: { line: number; character: number }[] = [];
  ls.forEach((l, i) => { if (at.test(l)) cands.push({ line: i, character: l.length }); });
  const out: { line: number; character: number }[] = [];
  for (let i = 0; i < count; i++) out.push(cands[Math.floor((i * cands.length) / count + (cands.length / count) / 2) % cands.length]);
  // alternate top and bottom halves so consecutive edits land in different documents
  return out.map((_, i) => out[i % 2 ? count - 1 - (i >> 1) : i >> 1]);
}

/**
 * One-character edits at `pts` (an `x` typed at the end of each line, repeated lines growing), each
 * awaited to its publish, 20 ms apart (a keystroke rhythm, and no overlap between samples); versions
 * from `firstVersion`. Returns each edit's latency.
 */
async function typeAt(c: BenchClient, uri: string, pts: { line: number; character: number }[], firstVersion: number, versioned = true): Promise<number[]> {
  const grow = new Map<number, number>();
  const times: number[] = [];
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    const extra = grow.get(p.line) ?? 0;
    grow.set(p.line, extra + 1);
    const next = versioned ? undefined : c.waitNext(uri);
    const s = performance.now();
    c.change(uri, firstVersion + i, [{ range: { start: { line: p.line, character: p.character + extra }, end: { line: p.line, character: p.character + extra } }, text: 'x' }]);
    times.push((await (next ?? c.waitFor(uri, firstVersion + i))).at - s);
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}

interface EditOptions {
  /** the document's language and file name */
  languageId?: string; file?: string;
  /** lines the edits go to (an `x` typed at their end) */
  at?: RegExp;
  /** false for servers that publish without a version: each edit waits for the next publish */
  versioned?: boolean;
  /** what `workspace/configuration` answers, by section */
  settings?: Record<string, unknown>;
}

/**
 * didOpen, then `edits` one-character edits (after five warm-up ones), each awaited to its publish;
 * the diagnostics published last (what the replay floor replays: the edited file's own), and RSS
 * 0.5 s after the open and 0.5 s after the edits.
 */
async function lspEdits(server: string[], t: string, edits: number, env?: NodeJS.ProcessEnv, o: EditOptions = {}): Promise<{ open: number; changes: number[]; diagnostics: number; published: unknown[]; rssOpenMB: number; rssEditsMB: number }> {
  const c = await startBenchClient(server, null, env, o.settings);
  const versioned = o.versioned ?? true;
  try {
    const uri = pathToFileURL(path.join(os.tmpdir(), o.file ?? `bench-${lines(t)}.yaml`)).toString();
    const first0 = versioned ? undefined : c.waitNext(uri);
    const t0 = performance.now();
    c.open(uri, t, o.languageId);
    const first = await (first0 ?? c.waitFor(uri, 1));
    const open = first.at - t0;
    await new Promise((r) => setTimeout(r, 500));
    const rssOpenMB = c.rssKb().rss / 1024;
    const times = (await typeAt(c, uri, editPoints(t, edits + 5, o.at), 2, versioned)).slice(5); // first five are warm-up
    await new Promise((r) => setTimeout(r, 500));
    const rssEditsMB = c.rssKb().rss / 1024;
    const last = c.published.filter((e) => e.p.uri === uri).at(-1)!;
    return { open, changes: times, diagnostics: last.p.diagnostics.length, published: last.p.diagnostics, rssOpenMB, rssEditsMB };
  } finally { await c.stop(); }
}

/**
 * The documents the edits of `lspEdits` land in, each with an `x` typed as there, parsed by
 * `yaml.parseDocument` and analysed alone (a fresh analyzer), 20 ms apart as the edits are: the part of
 * an edit's time that is one document's parse and rules, whatever the server does around them.
 */
async function editedDocument(t: string, edits: number): Promise<{ lines: number; parseMs: number; analyzeMs: number }> {
  const { Analyzer, parseDocument, splitDocuments, defaultSettings } = engine;
  const settings = defaultSettings();
  const starts: number[] = [0];
  for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
  const chunks = splitDocuments(t);
  const parse: number[] = [], analyze: number[] = [];
  let docLines = 0;
  for (const p of editPoints(t, edits + 5).slice(5)) {
    const at = starts[p.line] + p.character;
    const c = chunks.filter((x) => x.offset <= at).at(-1)!;
    const text = c.text.slice(0, at - c.offset) + 'x' + c.text.slice(at - c.offset);
    docLines = text.split('\n').length;
    await new Promise((r) => setTimeout(r, 20));
    let s = performance.now(); parseDocument(text); parse.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 20));
    s = performance.now(); new Analyzer().analyze('doc.yaml', text, { settings }); analyze.push(performance.now() - s);
  }
  return { lines: docLines, parseMs: median(parse), analyzeMs: median(analyze) };
}

/** The document of `t` that the edits of `lspEdits` land in first (a Deployment of the generated manifest). */
function oneDocument(t: string): string {
  const { splitDocuments } = engine;
  const p = editPoints(t, 1)[0];
  let at = 0;
  for (let l = 0; l < p.line; l++) at = t.indexOf('\n', at) + 1;
  return splitDocuments(t).filter((c) => c.offset <= at).at(-1)!.text.replace(/^---\n/, '');
}

/** Fast typing: `n` keystrokes `gapMs` apart; how many analyses were published and how late the last one was. */
async function lspBurst(server: string[], t: string, n: number, gapMs: number, env?: NodeJS.ProcessEnv): Promise<{ published: number; lastMs: number }> {
  const c = await startBenchClient(server, null, env);
  try {
    const uri = pathToFileURL(path.join(os.tmpdir(), `burst-${lines(t)}.yaml`)).toString();
    c.open(uri, t);
    await c.waitFor(uri, 1);
    const p = editPoints(t, 1)[0];
    const before = c.published.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = performance.now();
      c.change(uri, i + 2, [{ range: { start: { line: p.line, character: p.character + i }, end: { line: p.line, character: p.character + i } }, text: 'x' }]);
      await new Promise((r) => setTimeout(r, gapMs));
    }
    const last = await c.waitFor(uri, n + 1);
    await new Promise((r) => setTimeout(r, 300));
    return { published: c.published.length - before, lastMs: last.at - s };
  } finally { await c.stop(); }
}

async function coldStart(server: string[], t: string, n: number, env?: NodeJS.ProcessEnv): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = await startBenchClient(server, null, env);
    const uri = pathToFileURL(path.join(os.tmpdir(), 'cold.yaml')).toString();
    c.open(uri, t);
    const e = await c.waitFor(uri, 1);
    out.push(e.at - c.spawnedAt);
    await c.stop();
  }
  return out;
}

/**
 * RSS of the server with the file open and after `edits` one-character edits: 0.5 s after the
 * publish (what the work left), and after 4 s idle (the server collects garbage after 2 s idle when
 * it can, `server/src/lsp/idleGc.ts`).
 */
async function rssWith(server: string[], t: string, edits: number, env?: NodeJS.ProcessEnv): Promise<{ rss: number; rssIdle: number; hwm: number; openMs: number; rssAfterEdits: number; rssAfterEditsIdle: number; editMedianMs: number }> {
  const c = await startBenchClient(server, null, env);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    const uri = pathToFileURL(path.join(os.tmpdir(), 'big.yaml')).toString();
    const s = performance.now();
    c.open(uri, t);
    const e = await c.waitFor(uri, 1);
    await sleep(500);
    const m = c.rssKb();
    await sleep(3500);
    const idle = c.rssKb();
    const times = await typeAt(c, uri, editPoints(t, edits), 2);
    await sleep(500);
    const afterEdits = c.rssKb();
    await sleep(3500);
    const afterEditsIdle = c.rssKb();
    return { rss: m.rss / 1024, rssIdle: idle.rss / 1024, hwm: afterEditsIdle.hwm / 1024, openMs: e.at - s, rssAfterEdits: afterEdits.rss / 1024, rssAfterEditsIdle: afterEditsIdle.rss / 1024, editMedianMs: median(times) };
  } finally { await c.stop(); }
}

async function lspBench(): Promise<void> {
  const noop = await bundleNoop();
  const pal = SERVER;
  // the server as `palisade lsp --stdio` runs it, without SERVER's Node options and environment
  const bare = [path.join(ROOT, 'dist', 'server.js'), '--stdio'];
  const nop = [noop, '--stdio'];
  const out: Record<string, unknown> = {};
  try {
    for (const n of [1000, 10000, 100000]) {
      if (n === 100000 && QUICK) continue;
      const t = texts[n];
      const edits = n === 100000 ? 30 : EDITS;
      const a = await lspEdits(pal, t, edits, SERVER_PROCESS_ENV);
      const b = await lspEdits(nop, t, edits);
      // the same no-op server publishing Palisade's diagnostics for the file: the cost of carrying them
      const replay = path.join(os.tmpdir(), `palisade-bench-replay-${process.pid}.json`);
      fs.writeFileSync(replay, JSON.stringify(a.published));
      const r = await lspEdits(nop, t, edits, { ...process.env, PALISADE_NOOP_REPLAY: replay });
      // a second round, Palisade then the replay again, so drift in the machine's load hits both sides
      if (n <= 10000) {
        a.changes.push(...(await lspEdits(pal, t, edits, SERVER_PROCESS_ENV)).changes);
        r.changes.push(...(await lspEdits(nop, t, edits, { ...process.env, PALISADE_NOOP_REPLAY: replay })).changes);
      }
      fs.rmSync(replay, { force: true });
      row('lsp', `${lines(t)} lines: didOpen -> publishDiagnostics`, a.open, b.open, 'ms');
      row('lsp', `${lines(t)} lines: one-char didChange -> publish, median (floor: no-op publishing nothing)`, median(a.changes), median(b.changes), 'ms');
      row('lsp', `${lines(t)} lines: one-char didChange -> publish, p95`, p95(a.changes), p95(b.changes), 'ms');
      row('lsp', `${lines(t)} lines: one-char edit, median, vs no-op publishing the same ${a.diagnostics} diagnostics`, median(a.changes), median(r.changes), 'ms', n === 1000 ? 'ratio <= 2' : n === 10000 ? 'ratio <= 1.5' : undefined);
      // what one edit cannot avoid: the edited document parsed again and its rules run, in the same rhythm
      const doc = await editedDocument(t, edits);
      row('lsp', `${lines(t)} lines: the edited document alone (${doc.lines} lines), 20 ms apart: yaml.parseDocument, median`, doc.parseMs, undefined, 'ms');
      row('lsp', `${lines(t)} lines: the edited document alone: its full analysis (parse, rules, fixes), median`, doc.analyzeMs, undefined, 'ms');
      if (n === 1000) {
        // the document the edits land in, as a file of its own: the same edits, a server that has nothing else to
        // do, against the same floor (how much of the ratio above is that one document, not the rest of the file)
        const one = oneDocument(t);
        const x = await lspEdits(pal, one, edits, SERVER_PROCESS_ENV, { file: 'bench-one.yaml' });
        fs.writeFileSync(replay, JSON.stringify(x.published));
        const y = await lspEdits(nop, one, edits, { ...process.env, PALISADE_NOOP_REPLAY: replay }, { file: 'bench-one.yaml' });
        fs.rmSync(replay, { force: true });
        row('lsp', `that document as a file of its own (${lines(one)} lines, ${x.diagnostics} diagnostics): edit, median, vs the replay floor`, median(x.changes), median(y.changes), 'ms');
        out.oneDocument = { lines: lines(one), diagnostics: x.diagnostics, changeMedianMs: r2(median(x.changes)), replayFloorMs: r2(median(y.changes)) };
      }
      out[`yaml${n}`] = { editedDocumentLines: doc.lines, editedDocumentParseMs: r2(doc.parseMs), editedDocumentAnalyzeMs: r2(doc.analyzeMs), lines: lines(t), diagnostics: a.diagnostics, edits: a.changes.length, openMs: r2(a.open), noopOpenMs: r2(b.open), changeMedianMs: r2(median(a.changes)), changeP95Ms: r2(p95(a.changes)), noopChangeMedianMs: r2(median(b.changes)), noopChangeP95Ms: r2(p95(b.changes)), ratioMedian: r2(median(a.changes) / median(b.changes)), noopSameDiagnosticsChangeMedianMs: r2(median(r.changes)), ratioMedianSameDiagnostics: r2(median(a.changes) / median(r.changes)) };
    }
    // keystrokes faster than an analysis (a held key, a paste in pieces): the server must coalesce them; at 10 ms
    // apart a 10,000-line analysis ends before the next keystroke, and analysing each one is the better answer
    for (const gap of [1, 10]) {
      const burst = await lspBurst(pal, texts[10000], 30, gap, SERVER_PROCESS_ENV);
      row('lsp', `10,000 lines: 30 keystrokes ${gap} ms apart: analyses published`, burst.published, 30, 'count', gap === 1 ? 'fewer than keystrokes' : undefined, 'none');
      row('lsp', `10,000 lines: 30 keystrokes ${gap} ms apart: last keystroke -> its publish`, burst.lastMs, undefined, 'ms');
      out[`burst10000_${gap}ms`] = { keystrokes: 30, intervalMs: gap, published: burst.published, lastMs: r2(burst.lastMs) };
    }

    const rssP = await rssWith(pal, texts[100000], 20, SERVER_PROCESS_ENV);
    const rssN = await rssWith(nop, texts[100000], 20);
    const rssB = await rssWith(bare, texts[100000], 20);
    row('server', `RSS with the 100,000-line file open (0.5 s after its diagnostics)`, rssP.rss, rssN.rss, 'MB', '<= 150 MB');
    row('server', `RSS with the 100,000-line file open, idle 4 s`, rssP.rssIdle, rssN.rssIdle, 'MB', '<= 150 MB');
    row('server', `RSS 0.5 s after 20 one-char edits of the 100,000-line file`, rssP.rssAfterEdits, rssN.rssAfterEdits, 'MB');
    row('server', `RSS after 20 one-char edits, idle 4 s`, rssP.rssAfterEditsIdle, rssN.rssAfterEditsIdle, 'MB');
    row('server', `peak RSS (VmHWM) over the open and the edits`, rssP.hwm, rssN.hwm, 'MB');
    row('server', `RSS with the 100,000-line file open, without ${WITHOUT}`, rssB.rss, rssN.rss, 'MB');
    row('server', `RSS after 20 edits, idle 4 s, without ${WITHOUT}`, rssB.rssAfterEditsIdle, rssN.rssAfterEditsIdle, 'MB');
    if (QUICK) row('lsp', `100002 lines: one-char didChange -> publish, median of 20`, rssP.editMedianMs, rssN.editMedianMs, 'ms');
    out.rss100000 = { rssMB: r2(rssP.rss), rssIdleMB: r2(rssP.rssIdle), peakMB: r2(rssP.hwm), noopRssMB: r2(rssN.rss), noopPeakMB: r2(rssN.hwm), openMs: r2(rssP.openMs), rssAfterEditsMB: r2(rssP.rssAfterEdits), rssAfterEditsIdleMB: r2(rssP.rssAfterEditsIdle), noopRssAfterEditsMB: r2(rssN.rssAfterEdits), editMedianMs: r2(rssP.editMedianMs), nodeFlags: SERVER_NODE_FLAGS, serverEnv: SERVER_ENV, withoutFlags: { rssMB: r2(rssB.rss), rssIdleMB: r2(rssB.rssIdle), rssAfterEditsMB: r2(rssB.rssAfterEdits), rssAfterEditsIdleMB: r2(rssB.rssAfterEditsIdle), editMedianMs: r2(rssB.editMedianMs) } };
    const coldP = await coldStart(pal, texts[1000], QUICK ? 3 : 7, SERVER_PROCESS_ENV);
    const coldN = await coldStart(nop, texts[1000], QUICK ? 3 : 7);
    row('server', `cold start: spawn -> first diagnostics (1,000 lines)`, median(coldP), median(coldN), 'ms', '<= 500 ms');
    out.coldStart = { medianMs: r2(median(coldP)), noopMedianMs: r2(median(coldN)), samples: coldP.map(r2) };
  } finally {
    fs.rmSync(noop, { force: true });
  }
  json.lsp = out;
}

async function scanBench(): Promise<void> {
  const { scanTexts, parseAllDocuments, defaultSettings } = engine;
  const files = workspace(1000);
  const totalLines = files.reduce((s, f) => s + lines(f.text), 0);
  const settings = defaultSettings();
  settings.budgetMs = 1e9;
  const r = paired(() => scanTexts(files.map((f) => ({ file: f.name, text: f.text })), settings), () => { for (const f of files) parseAllDocuments(f.text); }, QUICK ? 3 : 6, 1);
  row('scan', `engine scanTexts, 1,000 files (${totalLines} lines)`, median(r.a), median(r.b), 'ms', 'ratio <= 2');
  const out: Record<string, unknown> = { files: files.length, lines: totalLines, scanTextsMs: r2(median(r.a)), parseFloorMs: r2(median(r.b)) };
  // the CLI as a user runs it: a process over a directory of 1,000 files
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-bench-ws-'));
  try {
    for (const f of files) { fs.mkdirSync(path.join(dir, path.dirname(f.name)), { recursive: true }); fs.writeFileSync(path.join(dir, f.name), f.text); }
    const cli = path.join(ROOT, 'bin', 'palisade.js');
    const times: number[] = [];
    for (let i = 0; i < (QUICK ? 2 : 3); i++) {
      const s = performance.now();
      cp.spawnSync(process.execPath, [cli, 'scan', dir, '--format', 'json', '--output', path.join(os.tmpdir(), `palisade-bench-${process.pid}.json`)], { stdio: 'ignore' });
      times.push(performance.now() - s);
    }
    fs.rmSync(path.join(os.tmpdir(), `palisade-bench-${process.pid}.json`), { force: true });
    row('scan', `CLI process: palisade scan <1,000 files> --format json`, median(times), undefined, 'ms');
    out.cliProcessMs = r2(median(times));
    // the language server's Scan Workspace command, when the server provides it
    const c = await startBenchClient(SERVER, pathToFileURL(dir).toString(), SERVER_PROCESS_ENV);
    try {
      const cmds = c.init.capabilities.executeCommandProvider?.commands ?? [];
      if (cmds.includes('palisade.scanWorkspace')) {
        const s = performance.now();
        await c.exec('palisade.scanWorkspace', []);
        const ms = performance.now() - s;
        row('scan', `LSP palisade.scanWorkspace, 1,000 files`, ms, undefined, 'ms');
        out.lspScanWorkspaceMs = r2(ms);
        await new Promise((r) => setTimeout(r, 500));
        const m = c.rssKb();
        row('scan', `RSS 0.5 s after palisade.scanWorkspace of the 1,000 files`, m.rss / 1024, undefined, 'MB', '< 200 MB');
        row('scan', `peak RSS (VmHWM) over the index and the scan`, m.hwm / 1024, undefined, 'MB', '< 200 MB');
        out.lspScanWorkspaceRssMB = r2(m.rss / 1024);
        out.lspScanWorkspacePeakMB = r2(m.hwm / 1024);
        // the server collects garbage after 2 s idle (server/src/lsp/idleGc.ts)
        await new Promise((r) => setTimeout(r, 3500));
        const idle = c.rssKb().rss / 1024;
        row('scan', `RSS after palisade.scanWorkspace, idle 4 s`, idle, undefined, 'MB', '< 200 MB');
        out.lspScanWorkspaceRssIdleMB = r2(idle);
      } else {
        out.lspScanWorkspaceMs = null;
        out.lspScanWorkspaceNote = 'the server does not provide palisade.scanWorkspace yet';
      }
    } finally { await c.stop(); }
    // typing in a workspace: one-character edits of a 1,000-line manifest opened in the 1,000-file
    // workspace, after the server has indexed it (cross-resource rules span every file)
    const wsStart = performance.now();
    const ws = await startBenchClient(SERVER, pathToFileURL(dir).toString(), SERVER_PROCESS_ENV);
    try {
      for (let i = 0; i < 3000 && !ws.progress.some((p) => p.value.kind === 'end'); i++) await new Promise((r) => setTimeout(r, 10));
      const indexMs = performance.now() - wsStart;
      row('scan', `LSP workspace index of the 1,000 files (spawn -> its progress ends)`, indexMs, undefined, 'ms');
      out.lspIndexMs = r2(indexMs);
      await new Promise((r) => setTimeout(r, 300));
      const indexRssMB = ws.rssKb().rss / 1024;
      row('scan', `RSS after the index`, indexRssMB, undefined, 'MB');
      out.lspIndexRssMB = r2(indexRssMB);
      const t = texts[1000];
      const uri = pathToFileURL(path.join(dir, 'edited.yaml')).toString();
      ws.open(uri, t);
      await ws.waitFor(uri, 1);
      const pts = editPoints(t, EDITS + 5);
      const times: number[] = [];
      const grow = new Map<number, number>();
      for (let i = 0; i < pts.length; i++) {
        const extra = grow.get(pts[i].line) ?? 0;
        grow.set(pts[i].line, extra + 1);
        const s = performance.now();
        ws.change(uri, i + 2, [{ range: { start: { line: pts[i].line, character: pts[i].character + extra }, end: { line: pts[i].line, character: pts[i].character + extra } }, text: 'x' }]);
        await ws.waitFor(uri, i + 2);
        if (i >= 5) times.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 20));
      }
      row('scan', `1,077 lines open in the 1,000-file workspace: one-char edit -> publish, median`, median(times), undefined, 'ms');
      out.workspaceEditMedianMs = r2(median(times));
      out.workspaceEditP95Ms = r2(p95(times));
    } finally { await ws.stop(); }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  json.scan = out;
}

/** The peers, exact versions (yaml-language-server 2.x needs Node 22.13; Palisade supports Node 20). */
const PEERS = { 'yaml-language-server': '1.25.0', 'dockerfile-language-server-nodejs': '0.15.0' } as const;
const PEER_DIR = path.join(ROOT, '.cache', 'bench-peers');

/** Installs the peers into .cache/bench-peers when missing or of another version; false if that fails. */
function ensurePeers(): boolean {
  const have = (name: string) => { try { return JSON.parse(fs.readFileSync(path.join(PEER_DIR, 'node_modules', name, 'package.json'), 'utf8')).version; } catch { return undefined; } };
  if (Object.entries(PEERS).every(([n, v]) => have(n) === v)) return true;
  fs.mkdirSync(PEER_DIR, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = cp.spawnSync(npm, ['install', '--prefix', PEER_DIR, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', ...Object.entries(PEERS).map(([n, v]) => `${n}@${v}`)], { stdio: 'inherit' });
  return r.status === 0 && Object.entries(PEERS).every(([n, v]) => have(n) === v);
}

/**
 * yaml-language-server's settings: validation on, no schema (its Kubernetes schema and the schema
 * store are downloads), every other download refused by a proxy on a closed local port.
 */
const YAML_LS_SETTINGS = {
  yaml: { validate: true, hover: false, completion: false, format: { enable: false }, schemas: {}, schemaStore: { enable: false, url: '' }, kubernetesCRDStore: { enable: false } },
  http: { proxy: 'http://127.0.0.1:9', proxyStrictSSL: true },
};
/** yaml-language-server validates a fixed 200 ms after a change (`validationDelayMs`, not a setting). */
const YAML_LS_DELAY_MS = 200;

async function peersBench(): Promise<void> {
  if (!ensurePeers()) { console.error('peers: npm install into .cache/bench-peers failed; peers left out'); json.peers = { error: 'install failed' }; return; }
  const yamlLs = [path.join(PEER_DIR, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'];
  const dockerLs = [path.join(PEER_DIR, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver'), '--stdio'];
  const noop = await bundleNoop();
  const nop = [noop, '--stdio'];
  const out: Record<string, unknown> = { versions: PEERS };
  try {
    for (const n of [1000, 10000]) {
      const t = texts[n];
      const a = await lspEdits(SERVER, t, EDITS, SERVER_PROCESS_ENV);
      const y = await lspEdits(yamlLs, t, EDITS, undefined, { versioned: false, settings: YAML_LS_SETTINGS });
      const ym = median(y.changes), yw = ym - YAML_LS_DELAY_MS;
      row('peers', `${lines(t)} lines: one-char edit -> publish, median: Palisade (${a.diagnostics} diagnostics) vs yaml-language-server ${PEERS['yaml-language-server']} (${y.diagnostics}, no schema)`, median(a.changes), ym, 'ms');
      row('peers', `${lines(t)} lines: the same, yaml-language-server less its fixed ${YAML_LS_DELAY_MS} ms validation delay`, median(a.changes), yw, 'ms');
      row('peers', `${lines(t)} lines: RSS after the open and ${EDITS + 5} edits: Palisade vs yaml-language-server`, a.rssEditsMB, y.rssEditsMB, 'MB');
      out[`yaml${n}`] = { palisade: { diagnostics: a.diagnostics, openMs: r2(a.open), changeMedianMs: r2(median(a.changes)), changeP95Ms: r2(p95(a.changes)), rssOpenMB: r2(a.rssOpenMB), rssEditsMB: r2(a.rssEditsMB) }, yamlLanguageServer: { diagnostics: y.diagnostics, openMs: r2(y.open), changeMedianMs: r2(ym), changeP95Ms: r2(p95(y.changes)), changeMedianLessDelayMs: r2(yw), rssOpenMB: r2(y.rssOpenMB), rssEditsMB: r2(y.rssEditsMB) } };
    }
    const t = dtexts[5000];
    const o: EditOptions = { languageId: 'dockerfile', file: 'Dockerfile', at: /^ENV APP_/ };
    const a = await lspEdits(SERVER, t, EDITS, SERVER_PROCESS_ENV, o);
    const replay = path.join(os.tmpdir(), `palisade-bench-replay-${process.pid}.json`);
    fs.writeFileSync(replay, JSON.stringify(a.published));
    const r = await lspEdits(nop, t, EDITS, { ...process.env, PALISADE_NOOP_REPLAY: replay }, o);
    fs.rmSync(replay, { force: true });
    const d = await lspEdits(dockerLs, t, EDITS, undefined, { ...o, versioned: false });
    row('lsp', `Dockerfile ${lines(t)} lines: one-char didChange -> publish, median`, median(a.changes), undefined, 'ms', '< 20 ms');
    row('lsp', `Dockerfile ${lines(t)} lines: one-char edit, median, vs no-op publishing the same ${a.diagnostics} diagnostics`, median(a.changes), median(r.changes), 'ms');
    row('peers', `Dockerfile ${lines(t)} lines: one-char edit -> publish, median: Palisade vs dockerfile-language-server-nodejs ${PEERS['dockerfile-language-server-nodejs']} (${d.diagnostics} diagnostics)`, median(a.changes), median(d.changes), 'ms');
    row('peers', `Dockerfile ${lines(t)} lines: RSS after the open and ${EDITS + 5} edits: Palisade vs dockerfile-language-server-nodejs`, a.rssEditsMB, d.rssEditsMB, 'MB');
    out.dockerfile5000 = { palisade: { diagnostics: a.diagnostics, openMs: r2(a.open), changeMedianMs: r2(median(a.changes)), changeP95Ms: r2(p95(a.changes)), rssOpenMB: r2(a.rssOpenMB), rssEditsMB: r2(a.rssEditsMB) }, replayFloor: { changeMedianMs: r2(median(r.changes)) }, dockerLanguageServer: { diagnostics: d.diagnostics, openMs: r2(d.open), changeMedianMs: r2(median(d.changes)), changeP95Ms: r2(p95(d.changes)), rssOpenMB: r2(d.rssOpenMB), rssEditsMB: r2(d.rssEditsMB) } };
  } finally { fs.rmSync(noop, { force: true }); }
  json.peers = out;
}

/**
 * A 30-template chart (bench/gen.ts `chart`) on disk, a template open in the server: one-character
 * edits of it, each re-rendering the chart, analysing what it renders and publishing; and the
 * engine's render alone (`helmTemplate`, in-process) of the edited chart.
 */
async function chartBench(): Promise<void> {
  const files = chart(30);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-bench-chart-'));
  const out: Record<string, unknown> = { templates: 30 };
  try {
    for (const [f, text] of Object.entries(files)) { fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true }); fs.writeFileSync(path.join(dir, f), text); }
    const name = 'templates/deployment-15.yaml';
    const c = await startBenchClient(SERVER, pathToFileURL(dir).toString(), SERVER_PROCESS_ENV);
    try {
      const uri = pathToFileURL(path.join(dir, name)).toString();
      c.open(uri, files[name]);
      const first = await c.waitFor(uri, 1);
      const times = (await typeAt(c, uri, editPoints(files[name], EDITS + 5, /^\s+component: c15$/), 2)).slice(5);
      row('chart', `30-template chart: one-char edit of a template -> its publish (render, analysis, diagnostics), median`, median(times), undefined, 'ms', '< 50 ms');
      row('chart', `30-template chart: the same, p95`, p95(times), undefined, 'ms');
      out.lspEditMedianMs = r2(median(times)); out.lspEditP95Ms = r2(p95(times)); out.diagnostics = first.p.diagnostics.length;
    } finally { await c.stop(); }
    const { helmTemplate } = engine;
    const renders: number[] = [];
    for (let i = 0; i < (QUICK ? 20 : 40) + 3; i++) {
      const edited = { ...files, [name]: files[name].replace('component: c15', `component: c15${'x'.repeat(i % 5)}`) };
      const s = performance.now(); const res = helmTemplate(edited, { now: 0 }); const ms = performance.now() - s;
      if (res.error) throw new Error(res.error);
      if (i >= 3) renders.push(ms);
    }
    row('chart', `30-template chart: the engine's render alone (helmTemplate, in-process), median`, median(renders), undefined, 'ms');
    out.renderMedianMs = r2(median(renders));
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  json.chart = out;
}

function table(): string {
  const head = ['section', 'metric', 'palisade', 'floor', 'ratio', 'unit', 'target'];
  const body = rows.map((r) => [r.section, r.metric, String(r.palisade), r.floor === undefined ? '' : String(r.floor), r.ratio === undefined ? '' : `${r.ratio}x`, r.unit, r.target ?? '']);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(w[i])).join(' | ') + ' |';
  return [fmt(head), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...body.map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js missing: run npm run build');
  await loadEngine();
  if (!ONLY || ONLY === 'engine') engineBench();
  if (!ONLY || ONLY === 'lsp') await lspBench();
  if (!ONLY || ONLY === 'scan') await scanBench();
  if (!ONLY || ONLY === 'peers') await peersBench();
  if (!ONLY || ONLY === 'chart') await chartBench();
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, memoryGB: r2(os.totalmem() / 2 ** 30), loadAverage1m: r2(os.loadavg()[0]) };
  const result = { date: new Date().toISOString(), command: 'npm run bench' + (args.length ? ' -- ' + args.join(' ') : ''), machine, durationS: Math.round((Date.now() - started) / 1000), table: rows, ...json };
  const t = table();
  console.log(`\nPalisade benchmark (${machine.cpus} x ${machine.cpuModel}, node ${machine.node}, load ${machine.loadAverage1m})\n`);
  console.log(t);
  const out = path.join(__dirname, 'results', ONLY ? `latest-${ONLY}.json` : 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, out)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
