/**
 * Edit -> updated diagnostics in a real VS Code: code-server's extension host runs this checkout as
 * the extension under development and bench/editorSuite.ts as its test module, on generated
 * manifests of about 1,000 and 5,000 lines (bench/gen.ts), at default settings. Prints the median and
 * p95 per size and writes bench/results/editor.json. Not part of npm test or npm run bench (it needs
 * code-server and Chromium: test/editors/install.sh).
 *
 * Usage: npm run build && npx tsx bench/editor.ts [--strict] [lines...]   (default: 1000 5000)
 *        --strict: with palisade.profile strict (every rule, no merging: many more diagnostics)
 *        PALISADE_BENCH_EDITS=40 sets the measured edits per file (5 more are warm-up).
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, log, startCodeServer, launchChromium } from '../test/editors/codeServer';
import { manifest } from './gen';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
}
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<number> {
  const strict = process.argv.includes('--strict');
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  if (!sizes.length) sizes.push(1000, 5000);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'client.js'))) throw new Error('dist/ is missing: run npm run build');
  const suite = path.join(ROOT, 'out', 'bench', 'editor-suite.js');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'bench', 'editorSuite.ts')], outfile: suite, bundle: true, platform: 'node', target: 'node18', format: 'cjs', external: ['vscode'], logLevel: 'warning' });

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-bench-editor-'));
  const files = sizes.map((n) => { const f = path.join(workspace, `manifest-${n}.yaml`); fs.writeFileSync(f, manifest(n)); return f; });
  const out = path.join(workspace, 'results.json');
  const env: Record<string, string> = { PALISADE_BENCH_OUT: out, PALISADE_BENCH_FILES: files.join(path.delimiter) };
  for (const k of ['PALISADE_BENCH_EDITS', 'PALISADE_BENCH_WARMUP']) if (process.env[k]) env[k] = process.env[k]!;
  const cs = await startCodeServer({ workspace, env, settings: strict ? { 'palisade.profile': 'strict' } : {} });
  const browser = await launchChromium();
  let code: number | string = 'TIMEOUT';
  try {
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    let resolveExit!: (c: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => { if (type === 'error') process.stdout.write(`[ext:error] ${JSON.stringify(args).slice(0, 300)}\n`); });
    await page.exposeFunction('codeAutomationExit', (c: number) => resolveExit(c));
    const auth = `127.0.0.1:${cs.port}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${auth}${ROOT}`], ['extensionTestsPath', `vscode-remote://${auth}${suite}`]]);
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`, { waitUntil: 'domcontentloaded', timeout: 120000 });
    code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('TIMEOUT'), 900000))]);
  } finally {
    await browser.close();
    await cs.stop();
  }
  if (code !== 0 || !fs.existsSync(out)) { log(`the benchmark in the extension host failed (exit ${code})`); return 1; }
  const results = JSON.parse(fs.readFileSync(out, 'utf8')) as { file: string; lines: number; diagnostics: number; openMs: number; samples: number[]; changeSeen: number[]; events: number[] }[];
  fs.rmSync(workspace, { recursive: true, force: true });
  const rows = results.map((r) => ({
    lines: r.lines, diagnostics: r.diagnostics, edits: r.samples.length, openMs: r1(r.openMs),
    medianMs: r1(quantile(r.samples, 0.5)), p95Ms: r1(quantile(r.samples, 0.95)), minMs: r1(Math.min(...r.samples)), maxMs: r1(Math.max(...r.samples)),
    // the part after the extension host saw the change: language client, server, publish, diagnostics set
    afterChangeMedianMs: r1(quantile(r.samples.map((x, i) => x - r.changeSeen[i]), 0.5)), changeSeenMedianMs: r1(quantile(r.changeSeen, 0.5)),
    eventMedianMs: r1(quantile(r.events, 0.5)),
  }));
  console.log('\n| manifest | diagnostics | open -> diagnostics | edit -> diagnostics set, median | p95 | min | max | of which: edit -> change seen | change seen -> set | edit -> onDidChangeDiagnostics (50 ms debounce), median | edits |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.lines} lines | ${r.diagnostics} | ${r.openMs} ms | ${r.medianMs} ms | ${r.p95Ms} ms | ${r.minMs} ms | ${r.maxMs} ms | ${r.changeSeenMedianMs} ms | ${r.afterChangeMedianMs} ms | ${r.eventMedianMs} ms | ${r.edits} |`);
  const load = os.loadavg()[0].toFixed(2);
  const file = path.join(ROOT, 'bench', 'results', strict ? 'editor-strict.json' : 'editor.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, loadavg1: Number(load), editor: 'code-server 4.100.3 (VS Code 1.100.3) extension host', profile: strict ? 'strict' : 'default', rows }, null, 1) + '\n');
  console.log(`\nload average ${load}; written to ${path.relative(ROOT, file)}`);
  return 0;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(2); });
