/**
 * `npx tsx bench/edit-profile.ts [lines] [edits]`: where a one-character edit's time goes in the
 * language server as `npm run bench` drives it (a child process with the client's Node flags, edits
 * 20 ms apart, each awaited to its publish). Prints the median edit -> publish latency, then the
 * server's CPU time per edit by source module and by function (inclusive), from `node --cpu-prof` of
 * an unminified bundle (the open left out). With CHART=1, the edits go to a template of a generated
 * 30-template Helm chart (the bench's chart row) instead. A developer tool; `npm run bench` gives the figures.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { performance } from 'perf_hooks';
import * as esbuild from 'esbuild';
import { manifest, chart } from './gen';
import { startBenchClient } from './lsp';
import { readProfile } from './cpuprofile';
import { SERVER_NODE_FLAGS, SERVER_ENV } from '../server/src/lsp/nodeFlags';

const ROOT = path.resolve(__dirname, '..');
const n = Number(process.argv[2] ?? 1000);
const edits = Number(process.argv[3] ?? 200);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-edit-prof-'));
  const bundle = path.join(dir, 'server.js');
  await esbuild.build({ entryPoints: [path.join(ROOT, 'server', 'src', 'lsp', 'main.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node18', format: 'cjs', alias: { yaml: path.join(ROOT, 'node_modules', 'yaml', 'browser', 'index.js') }, define: { PALISADE_VERSION: '"bench"' }, logLevel: 'warning' });
  const prof = process.env.NOPROF ? [] : ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '100'];
  let text = manifest(n), docFile = path.join(os.tmpdir(), 'edit-prof.yaml'), at = /^\s+tier: backend$/, rootUri: string | null = null;
  if (process.env.CHART) {
    const files = chart(30);
    for (const [f, t] of Object.entries(files)) { fs.mkdirSync(path.join(dir, 'chart', path.dirname(f)), { recursive: true }); fs.writeFileSync(path.join(dir, 'chart', f), t); }
    rootUri = pathToFileURL(path.join(dir, 'chart')).toString();
    docFile = path.join(dir, 'chart', 'templates/deployment-15.yaml');
    text = files['templates/deployment-15.yaml'];
    at = /^\s+component: c15$/;
  }
  const c = await startBenchClient([...SERVER_NODE_FLAGS, ...prof, bundle, '--stdio'], rootUri, { ...process.env, ...SERVER_ENV });
  const uri = pathToFileURL(docFile).toString();
  c.open(uri, text);
  await c.waitFor(uri, 1);
  const ls = text.split('\n');
  const pts: number[] = [];
  ls.forEach((l, i) => { if (at.test(l)) pts.push(i); });
  const times: number[] = [];
  const editsFrom = Number(process.hrtime.bigint() / 1000n);
  for (let i = 0; i < edits; i++) {
    const line = pts[(i * 7919) % pts.length];
    const ch = ls[line].length;
    ls[line] += 'x';
    const s = performance.now();
    c.change(uri, i + 2, [{ range: { start: { line, character: ch }, end: { line, character: ch } }, text: 'x' }]);
    times.push((await c.waitFor(uri, i + 2)).at - s);
    await new Promise((r) => setTimeout(r, 20));
  }
  await c.stop();
  times.sort((a, b) => a - b);
  console.log(`${process.env.CHART ? '30-template chart' : `${n} lines`}, ${edits} edits: edit -> publish median ${times[times.length >> 1].toFixed(2)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(2)} ms`);
  if (process.env.NOPROF) return;
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const p = readProfile(path.join(dir, file), bundle, editsFrom);
  const perEdit = (us: number) => (us / 1000 / edits).toFixed(3).padStart(7) + ' ms';
  const byMod = new Map<string, number>(), incl = new Map<string, number>(), self = new Map<string, number>();
  for (const [id, us] of p.time) {
    const f = p.frame(id);
    if (f.functionName === '(idle)' || f.functionName === '(program)' || f.functionName === '(root)') continue;
    const m = p.where(f);
    byMod.set(m, (byMod.get(m) ?? 0) + us);
    const sk = `${f.functionName || '(anonymous)'} ${m}`;
    self.set(sk, (self.get(sk) ?? 0) + us);
    const seen = new Set<string>();
    for (const [w, fn] of p.stack(id)) { const k = `${fn || '(anonymous)'} ${w}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + us); } }
  }
  console.log('\nself time by module, per edit (includes the open):');
  for (const [k, us] of [...byMod].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(perEdit(us), k);
  console.log('\nself time by function, per edit:');
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(perEdit(us), k);
  console.log('\ninclusive time by function, per edit:');
  for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 50))) console.log(perEdit(us), k);
}
main().catch((e) => { console.error(e); process.exit(1); });
