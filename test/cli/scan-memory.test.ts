/**
 * Memory of `palisade scan` on large workspaces (#18, item 14). No timing or RSS threshold here
 * (bench/scan-memory.ts measures those): these tests check the behaviour that keeps the peak down.
 *
 * - The compact objects held for the cross-resource rules are the largest part of the heap, and die
 *   all at once when pass 1 ends; the scan has them collected there, before the first result, so V8
 *   sizes the heap of the per-file pass from what that pass keeps (server/src/cli/memory.ts). Seen
 *   as a forced full collection (a `gc` performance entry) between the last read of pass 1 and the
 *   first result handed out.
 * - The report is written while the scan runs, and no input's text is held from one pass to the
 *   next: a file changed on disk after the first result was written is analysed as changed.
 * - Standard output that is a pipe is written synchronously: a reader behind the scan holds the
 *   scan up; the report is not queued in memory (process.stdout queued every write once the pipe
 *   was full, until the scan ended: over 1 GB for 10,000 files).
 */
import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PerformanceObserver, PerformanceEntry, constants } from 'perf_hooks';
import { streamScan, ScanInput } from '../../server/src/cli/scan';
import { collectDropped } from '../../server/src/cli/memory';
import { main, Io } from '../../server/src/cli/main';
import { defaultSettings } from '../../server/src/engine/settings';

const ROOT = path.resolve(__dirname, '..', '..');
/** The CLI from source in a child process with its own standard output (as test/cli/inputs.test.ts runs it). */
const TSX = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json', { paths: [ROOT] })), 'dist', 'loader.mjs')).href;
const cli = (args: string[], cwd: string) => cp.spawn(process.execPath, ['--import', TSX, path.join(__dirname, 'run-cli.ts'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

const deployment = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 3}
spec:
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}}
    spec:
      serviceAccountName: app-${i}
      containers:
      - name: main
        image: registry.example.com/app-${i}:1.0
        securityContext: {allowPrivilegeEscalation: true}
`;
const service = (i: number) => `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 3}
spec:
  selector: {app: app-${i - 1}}
  ports: [{port: 80}]
`;

/** The forced full collections (`gc()`) reported while `f` runs, with their start times. */
async function forcedMajorGcs(f: () => void): Promise<number[]> {
  const entries: PerformanceEntry[] = [];
  const obs = new PerformanceObserver((list) => { entries.push(...list.getEntries()); });
  obs.observe({ entryTypes: ['gc'] });
  try {
    f();
    // gc entries are queued from the collector and delivered on a later turn of the event loop
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    obs.disconnect();
  }
  return entries
    .filter((e) => {
      const d = (e as PerformanceEntry & { detail?: { kind: number; flags: number } }).detail;
      return d !== undefined && d.kind === constants.NODE_PERFORMANCE_GC_MAJOR && (d.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
    })
    .map((e) => e.startTime);
}

describe('CLI: scan memory on large workspaces (#18)', () => {
  it('collects the cross-resource model once pass 1 ends, before the first result is handed out', async () => {
    const n = 400;
    const texts = new Map<string, string>();
    for (let i = 0; i < n; i++) texts.set(`/ws/f${String(i).padStart(4, '0')}.yaml`, i % 3 === 2 ? service(i) : deployment(i));
    const inputs: ScanInput[] = [...texts.keys()].map((p) => ({ file: path.basename(p), path: p }));
    let reads = 0;
    let endOfPass1 = Infinity;
    let firstResult = Infinity;
    let results = 0;
    const gcs = await forcedMajorGcs(() => {
      streamScan(inputs, defaultSettings(), (p) => {
        // pass 1 reads every YAML input once, then pass 2 reads each again
        if (++reads === n) endOfPass1 = performance.now();
        return { text: texts.get(p)! };
      }, (r) => {
        if (!results++) firstResult = performance.now();
        assert.deepStrictEqual(r.errors, []);
      });
    });
    assert.strictEqual(reads, 2 * n);
    assert.strictEqual(results, n);
    assert.ok(gcs.some((t) => t > endOfPass1 && t < firstResult),
      `a forced full collection between the end of pass 1 (${endOfPass1.toFixed(1)} ms) and the first result (${firstResult.toFixed(1)} ms); forced collections at ${gcs.map((t) => t.toFixed(1)).join(', ') || 'none'}`);
  });

  it('collects the dropped model again after 16, 128 and 1,024 files while the heap stays large (something held it a while)', () => {
    const MB = 1024 * 1024;
    const run = (heapAfter: (collections: number) => number, units: number): number[] => {
      const at: number[] = [];
      let unit = 0;
      let collections = 0;
      const tick = collectDropped(() => heapAfter(collections), () => { collections++; at.push(unit); return true; });
      for (unit = 1; unit <= units; unit++) tick();
      return at;
    };
    // released at once: one collection
    assert.deepStrictEqual(run(() => 20 * MB, 3000), [0]);
    // still held after the first, released by the second
    assert.deepStrictEqual(run((c) => (c < 2 ? 130 * MB : 20 * MB), 3000), [0, 16]);
    // held for long (or findings that large): three more, then no more
    assert.deepStrictEqual(run(() => 130 * MB, 5000), [0, 16, 128, 1024]);
    // a runtime that does not let the process collect: nothing later either
    const none: number[] = [];
    const tick = collectDropped(() => 130 * MB, () => { none.push(0); return false; });
    for (let i = 0; i < 2000; i++) tick();
    assert.deepStrictEqual(none, [0]);
  });

  it('forces no collection when no input holds an object (nothing was held for the cross-resource rules)', async () => {
    const inputs: ScanInput[] = [{ file: 'Dockerfile', text: 'FROM alpine:3.20\nUSER 1000\n' }, { file: 'values.yaml', text: 'replicas: 2\n' }];
    let results = 0;
    const gcs = await forcedMajorGcs(() => { streamScan(inputs, defaultSettings(), () => ({ error: 'not read' }), () => { results++; }); });
    assert.strictEqual(results, 2);
    assert.deepStrictEqual(gcs, []);
  });

  it('writes the JSON report while it scans: a file changed after the first result was written is analysed as changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-scan-memory-'));
    try {
      for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, `f${i}.yaml`), deployment(i));
      fs.writeFileSync(path.join(dir, 'z.yaml'), 'note: nothing here\n');
      const chunks: string[] = [];
      let changed = false;
      const io: Io = {
        out: (s) => {
          chunks.push(s);
          if (!changed && s.includes('"file": "f0.yaml"')) {
            // the report already holds f0.yaml's result: z.yaml has not been read for its analysis yet
            fs.writeFileSync(path.join(dir, 'z.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: late\nspec:\n  hostPID: true\n  containers:\n  - name: c\n    image: nginx:1.25\n');
            changed = true;
          }
        },
        err: () => {},
        cwd: dir,
        isTTY: false,
      };
      const code = await main(['scan', '.', '--format', 'json'], io);
      assert.strictEqual(code, 1);
      assert.ok(changed, 'f0.yaml was written before the scan ended');
      const report = JSON.parse(chunks.join(''));
      assert.deepStrictEqual(report.results.map((r: { file: string }) => r.file), ['f0.yaml', 'f1.yaml', 'f2.yaml', 'f3.yaml', 'f4.yaml', 'f5.yaml', 'z.yaml']);
      // the head, one chunk per file, the end
      assert.strictEqual(chunks.length, 1 + 7 + 1);
      const z = report.results[6];
      const rules = (f: { ruleId: string; parts?: { ruleId: string }[] }): string[] => [f.ruleId, ...(f.parts ?? []).map((p) => p.ruleId)];
      assert.ok(z.findings.flatMap(rules).includes('K8S002'), `z.yaml analysed with the text written during the scan: ${JSON.stringify(z.findings.flatMap(rules))}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pipe read slowly holds the scan up: the report is in the pipe, not queued in memory, before the scan goes on', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-scan-pipe-'));
    try {
      // one file with a report of some MB (one chunk), then a file that fails the scan: its line on
      // standard error is written after the whole report
      fs.writeFileSync(path.join(dir, 'a.yaml'), Array.from({ length: 300 }, (_, i) => deployment(i)).join('---\n'));
      fs.writeFileSync(path.join(dir, 'z.yaml'), 'a: [\n');
      const child = cli(['scan', '.', '--format', 'json'], dir);
      // the reader takes at most 64 KB every 20 ms, and counts what it took
      let taken = 0;
      const chunks: Buffer[] = [];
      // a 'readable' listener marks the stream as read by us: without one, Node resumes a paused child
      // stdout when the child exits (child_process flushStdio), and what was still in the pipe is dropped
      child.stdout.on('readable', () => undefined);
      const reader = setInterval(() => { const d = child.stdout.read() as Buffer | null; if (d) { taken += d.length; chunks.push(d); } }, 20);
      let takenAtSummary = -1;
      let err = '';
      child.stderr.on('data', (d) => { err += d; if (takenAtSummary < 0 && /not fully analysed/.test(err)) takenAtSummary = taken; });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearInterval(reader);
      for (let d; (d = child.stdout.read() as Buffer | null);) { taken += d.length; chunks.push(d); }
      assert.strictEqual(code, 1, err);
      const report = Buffer.concat(chunks).toString('utf8');
      assert.deepStrictEqual(JSON.parse(report).results.map((r: { file: string }) => r.file), ['a.yaml', 'z.yaml']);
      assert.ok(taken > 2 * 1024 * 1024, `a report of some MB (${taken} bytes)`);
      // what the reader had not taken when the scan went on is at most what the pipe and the
      // reader's stream buffer hold (64 KB each on Linux), not the report
      assert.ok(takenAtSummary >= taken - 512 * 1024, `the reader had taken ${takenAtSummary} of ${taken} bytes when the scan wrote its last line`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reader that stops early (| head) ends the scan quietly, with exit code 0 as before', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-scan-head-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), Array.from({ length: 100 }, (_, i) => deployment(i)).join('---\n'));
      const child = cli(['scan', '.', '--format', 'json'], dir);
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.strictEqual(err, '');
      assert.strictEqual(code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
