/**
 * `npx tsx bench/profile-full.ts [lines] [runs]`: where a full analysis (what the CLI does per file)
 * spends its time. Bundles a loop of `runs` full analyses of a generated manifest of `lines` lines
 * (default 10,000 and 20) with the options of `scripts/build.mjs` (unminified), runs it under
 * `node --cpu-prof`, and prints the time by area: parsing (`yaml`), listing objects, rule checks,
 * the fixes they offer, suppressions, the analyzer itself, the garbage collector; and self time by
 * source file. Each function is placed in its source file by the `// path` comments esbuild writes
 * before every module of an unminified bundle. (Profiling the TypeScript sources under tsx instead
 * misleads: its transform wraps every closure in a naming helper, a fifth of the time here.)
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';

import { readProfile } from './cpuprofile';

const ROOT = path.resolve(__dirname, '..');

/**
 * Each sample goes to the first area of this list that any frame of its stack is in: inclusive
 * time, so that a rule's fix counts as a fix, and the `yaml` calls of a rule count for the rule.
 */
const AREAS: [string, (file: string, fn: string) => boolean][] = [
  ['fixes (edits a rule offers, the file style)', (f) => f.startsWith('server/src/engine/fix/')],
  ['rule checks (other than their fixes)', (f) => f.startsWith('server/src/engine/rules/')],
  ['suppressions', (f) => f.startsWith('server/src/engine/suppress')],
  ['listing objects (objectsOf)', (_f, fn) => fn === 'objectsOf'],
  ['parsing (yaml lexer, parser, composer; guards)', (f, fn) => f.startsWith('node_modules/yaml/') || fn === 'parseChunk'],
];

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10000);
  const runs = Number(process.argv[3] ?? 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-prof-full-'));
  const bundle = path.join(dir, 'loop.js');
  const entry = [
    `import { Analyzer } from ${JSON.stringify(path.join(ROOT, 'server/src/engine/analyze'))};`,
    `import { defaultSettings } from ${JSON.stringify(path.join(ROOT, 'server/src/engine/settings'))};`,
    `import { manifest } from ${JSON.stringify(path.join(ROOT, 'bench/gen'))};`,
    `const text = manifest(${n});`,
    `const settings = { ...defaultSettings(), budgetMs: 1e9 };`,
    `for (let i = 0; i < 3; i++) new Analyzer().analyze('file:///warm.yaml', text, { settings });`,
    `const t0 = performance.now(); let findings = 0;`,
    `for (let i = 0; i < ${runs}; i++) findings = new Analyzer().analyze('file:///profile.yaml', text, { settings }).findings.length;`,
    `console.log(JSON.stringify({ ms: (performance.now() - t0) / ${runs}, findings }));`,
  ].join('\n');
  await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, outfile: bundle, bundle: true, platform: 'node', target: 'node18', format: 'cjs',
    alias: { yaml: path.join(ROOT, 'node_modules', 'yaml', 'browser', 'index.js') }, define: { PALISADE_VERSION: '"bench"' }, logLevel: 'warning',
  });
  const r = cp.spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, bundle], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`profiled run failed: ${r.stderr}`);
  const { ms, findings } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; findings: number };
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const { time, frame, path: up, stack, where } = readProfile(path.join(dir, file), bundle);
  const byArea = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, t] of time) {
    const leaf = frame(id);
    if (['(idle)', '(program)', '(root)'].includes(leaf.functionName)) continue;
    // only the analyses: samples under the analyzer's entry (or the collector)
    const gc = leaf.functionName === '(garbage collector)';
    if (!gc && ![...up(id)].some((x) => frame(x).functionName === 'analyze')) continue;
    total += t;
    let area = gc ? 'garbage collector' : '';
    if (!area) {
      const frames = stack(id);
      area = AREAS.find(([, test]) => frames.some(([f, fn]) => test(f, fn)))?.[0] ?? '';
    }
    area ||= 'the analyzer itself (splitting, matching, findings, positions)';
    byArea.set(area, (byArea.get(area) ?? 0) + t);
    const w = where(leaf);
    byFile.set(w, (byFile.get(w) ?? 0) + t);
  }
  const pct = (t: number) => ((100 * t) / total).toFixed(1).padStart(5) + '%';
  console.log(`full analysis of ${n} lines (${findings} findings): ${ms.toFixed(1)} ms per run (bundled, under the profiler), ${runs} runs; profile in ${dir}`);
  console.log('\ntime by area (inclusive; the first area of the list a stack is in):');
  for (const [k, t] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(pct(t), k);
  console.log('\nself time by source file (top 15):');
  for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(pct(t), k);
}
main().catch((e) => { console.error(e); process.exit(1); });
