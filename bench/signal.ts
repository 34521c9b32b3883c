/**
 * Signal on manifests nobody here wrote (issue 17): findings per workload and diagnostics per
 * position, as a person sees them (default profile, merged) and under the strict profile.
 *
 *   npx tsx bench/signal.ts DIR...   (e.g. checkouts of kubernetes/examples, istio/samples,
 *                                     kube-prometheus, microservices-demo, spire-tutorials)
 *
 * Targets (default profile): median findings per workload <= 5, p90 <= 10; at most 2 diagnostics
 * starting at one position in 95% of positions, never more than 3. A measurement, not a test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { scanTexts, SourceFile } from '../server/src/engine/scan';
import { defaultSettings } from '../server/src/engine/settings';
import { presentFindings } from '../server/src/engine/present';
import type { Profile } from '../server/src/engine/profiles';

const WORKLOADS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (!e.name.startsWith('.') && e.name !== 'node_modules') walk(p, out); }
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
}

const pct = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : 0; };

function measure(files: SourceFile[], profile: Profile) {
  const results = scanTexts(files, { ...defaultSettings(), profile });
  const perWorkload = new Map<string, number>();
  const perPosition = new Map<string, number>();
  let notAnalysed = 0;
  for (const r of results) {
    if (r.errors.length) notAnalysed++;
    for (const f of presentFindings(r.file, r.findings, profile)) {
      const pos = `${r.file}:${f.range.start.line}:${f.range.start.character}`;
      perPosition.set(pos, (perPosition.get(pos) ?? 0) + 1);
      const res = f.resource;
      if (res && WORKLOADS.has(res.kind)) {
        const key = `${r.file}#${res.document}/${res.kind}/${res.namespace}/${res.name}`;
        perWorkload.set(key, (perWorkload.get(key) ?? 0) + 1);
      }
    }
  }
  // workloads without any finding count as 0
  let workloads = 0;
  for (const f of files) {
    for (const m of f.text.matchAll(/^kind:\s*(\w+)\s*$/gm)) if (WORKLOADS.has(m[1])) workloads++;
  }
  const counts = [...perWorkload.values()];
  while (counts.length < workloads) counts.push(0);
  const stacks = [...perPosition.values()];
  const atMost2 = stacks.filter((n) => n <= 2).length / Math.max(1, stacks.length);
  return {
    profile, files: files.length, filesNotFullyAnalysed: notAnalysed, workloads: counts.length,
    findingsPerWorkload: { median: pct(counts, 0.5), p90: pct(counts, 0.9), max: Math.max(0, ...counts) },
    positions: stacks.length, positionsWithAtMost2: `${(100 * atMost2).toFixed(1)}%`, maxAtOnePosition: Math.max(0, ...stacks),
  };
}

const dirs = process.argv.slice(2);
if (!dirs.length) { console.error('usage: npx tsx bench/signal.ts DIR...'); process.exit(2); }
const paths: string[] = [];
for (const d of dirs) walk(path.resolve(d), paths);
const files: SourceFile[] = paths.map((p) => ({ file: p, text: fs.readFileSync(p, 'utf8') }));
for (const profile of ['default', 'strict'] as const) console.log(JSON.stringify(measure(files, profile)));
