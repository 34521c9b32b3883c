/**
 * Differential check of the kustomize builder against a real kustomize: for every folder under DIR holding a
 * kustomization.yaml that the builder builds with nothing left unanalysed (no remote base), compare
 * `palisade render` with `kubectl kustomize` (or `kustomize build`, with KUSTOMIZE=kustomize) byte for byte.
 * A development tool (needs the binary; the test suite does not): `npx tsx scripts/kustomize-differential.ts DIR`.
 * Folders with remote bases are skipped, so that kustomize does not reach the network either.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { kustomizeBuild } from '../server/src/engine/kustomize/build';
import { diskHost } from '../server/src/cli/kustomize';

const root = path.resolve(process.argv[2] ?? '.');
const dirs: string[] = [];
const walk = (d: string) => {
  for (const n of fs.readdirSync(d)) {
    const p = path.join(d, n);
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch { continue; }
    if (st.isDirectory() && n !== '.git' && n !== 'node_modules') walk(p);
    else if (n === 'kustomization.yaml') dirs.push(d);
  }
};
walk(root);
const tool = process.env.KUSTOMIZE === 'kustomize' ? ['kustomize', ['build']] as const : ['kubectl', ['kustomize']] as const;
let same = 0, differ = 0, skipped = 0, toolFails = 0;
for (const d of dirs) {
  let mine: string;
  try {
    const r = kustomizeBuild(diskHost(), d);
    if (r.notAnalysed.length) { skipped++; continue; }
    mine = r.yaml;
  } catch { skipped++; continue; }
  let theirs: string;
  try {
    theirs = cp.execFileSync(tool[0], [...tool[1], d], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000, maxBuffer: 512 * 1024 * 1024 });
  } catch (e) {
    toolFails++;
    console.log(`${tool[0]} fails where palisade builds: ${path.relative(root, d)}: ${String((e as { stderr?: string }).stderr ?? e).split('\n')[0]}`);
    continue;
  }
  if (mine === theirs) same++;
  else { differ++; console.log(`differs: ${path.relative(root, d)}`); }
}
console.log(`${same} identical, ${differ} different, ${toolFails} built only by palisade, ${skipped} not compared (remote bases or build errors) of ${dirs.length} kustomizations`);
process.exitCode = differ || toolFails ? 1 : 0;
