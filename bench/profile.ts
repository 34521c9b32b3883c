/**
 * `npx tsx bench/profile.ts [lines] [edits]`: runs the language server under `node --cpu-prof`
 * while a client opens a generated manifest and makes one-character edits, then prints where the
 * server's time goes (self time by function, and by module).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as esbuild from 'esbuild';
import { manifest } from './gen';
import { startBenchClient } from './lsp';

const n = Number(process.argv[2] ?? 10000);
const edits = Number(process.argv[3] ?? 60);
const ROOT = path.resolve(__dirname, '..');

interface ProfNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-prof-'));
  // an unminified bundle of the server, so the profile names functions
  const bundle = path.join(dir, 'server.js');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'server', 'src', 'lsp', 'main.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node18', format: 'cjs', alias: { yaml: path.join(ROOT, 'node_modules', 'yaml', 'browser', 'index.js') }, define: { PALISADE_VERSION: '"bench"' }, logLevel: 'warning' });
  const c = await startBenchClient(['--cpu-prof', '--cpu-prof-dir', dir, bundle, '--stdio']);
  const text = manifest(n);
  const uri = pathToFileURL(path.join(os.tmpdir(), 'prof.yaml')).toString();
  c.open(uri, text);
  await c.waitFor(uri, 1);
  const ls = text.split('\n');
  const pts: number[] = [];
  ls.forEach((l, i) => { if (/^\s+tier: backend$/.test(l)) pts.push(i); });
  for (let i = 0; i < edits; i++) {
    const line = pts[(i * 7919) % pts.length];
    const ch = ls[line].length;
    ls[line] += 'x';
    c.change(uri, i + 2, [{ range: { start: { line, character: ch }, end: { line, character: ch } }, text: 'x' }]);
    await c.waitFor(uri, i + 2);
  }
  await c.stop();
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { nodes: ProfNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  const total = prof.samples.length;
  const byFn = new Map<string, number>();
  const byMod = new Map<string, number>();
  const hits = new Map<number, number>();
  for (const s of prof.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  for (const nd of prof.nodes) {
    const h = hits.get(nd.id) ?? 0;
    if (!h) continue;
    const fn = nd.callFrame.functionName || '(anonymous)';
    const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(nd.callFrame.url)?.[1] ?? (nd.callFrame.url ? path.basename(nd.callFrame.url) : fn);
    const key = `${fn} ${path.basename(nd.callFrame.url)}:${nd.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + h);
    byMod.set(mod, (byMod.get(mod) ?? 0) + h);
  }
  const pct = (h: number) => ((100 * h) / total).toFixed(1).padStart(5) + '%';
  console.log(`profile: ${n} lines, ${edits} edits, ${total} samples, ${((prof.endTime - prof.startTime) / 1000).toFixed(0)} ms; saved in ${dir}/${file}`);
  console.log('\nself time by function:');
  for (const [k, h] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(pct(h), k);
  console.log('\nself time by file/module:');
  for (const [k, h] of [...byMod].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(pct(h), k);
}
main().catch((e) => { console.error(e); process.exit(1); });
