/** Shared pieces of the robustness suite: seeds from the shared corpus, run counts, statistics. */
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS_DIR } from '../corpus';

/** `npm run test:fuzz` sets PALISADE_FUZZ=1: many more generated cases and the heaviest inputs. */
export const FUZZ = process.env.PALISADE_FUZZ === '1';
export const runs = (quick: number, fuzz: number) => (FUZZ ? fuzz : quick);

export const stats = { cases: 0, slowest: { name: '', ms: 0 }, peakRssMB: 0 };
export function timed<T>(name: string, f: () => T): T {
  const t = Date.now();
  try { return f(); } finally {
    const ms = Date.now() - t;
    stats.cases++;
    if (ms > stats.slowest.ms) stats.slowest = { name, ms };
    stats.peakRssMB = Math.max(stats.peakRssMB, process.memoryUsage().rss / 1048576);
  }
}

function walk(dir: string, re: RegExp, out: string[], limit: number): void {
  let names: string[];
  try { names = fs.readdirSync(dir).sort(); } catch { return; }
  for (const n of names) {
    if (out.length >= limit) return;
    const p = path.join(dir, n);
    const st = fs.statSync(p);
    if (st.isDirectory()) walk(p, re, out, limit);
    else if (re.test(n)) out.push(p);
  }
}

/** Corpus files as seeds (a spread over the corpus, deterministic). Fails loudly when the corpus is missing. */
export function seeds(kind: 'yaml' | 'dockerfile', count: number): { name: string; text: string }[] {
  if (!fs.existsSync(CORPUS_DIR)) throw new Error(`CORPUS MISSING: ${CORPUS_DIR}`);
  const all: string[] = [];
  walk(CORPUS_DIR, kind === 'yaml' ? /\.ya?ml$/i : /Dockerfile/i, all, 100000);
  const step = Math.max(1, Math.floor(all.length / count));
  const out: { name: string; text: string }[] = [];
  for (let i = 0; i < all.length && out.length < count; i += step) out.push({ name: path.relative(CORPUS_DIR, all[i]), text: fs.readFileSync(all[i], 'utf8') });
  return out;
}

after(() => {
  // the figures for the report: printed once at the end of the run
  // VmHWM: the kernel's high-water mark of the resident set, including peaks between samples
  let hwm = '';
  try { const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8')); if (m) hwm = `, VmHWM ${(+m[1] / 1024).toFixed(0)} MB`; } catch { /* not Linux */ }
  console.log(`\n  robustness: ${stats.cases} generated/hostile cases, slowest ${stats.slowest.name} ${stats.slowest.ms} ms, peak RSS ${stats.peakRssMB.toFixed(0)} MB (sampled after each case)${hwm}`);
});
