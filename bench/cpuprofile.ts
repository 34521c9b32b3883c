/**
 * Reading a V8 CPU profile (`node --cpu-prof`, or the inspector's Profiler) of an unminified esbuild
 * bundle made with the options of `scripts/build.mjs`: each frame of the bundle is placed in its
 * source module by the `// path` comments esbuild writes before every module. Used by
 * bench/profile-full.ts and bench/dockerfile-edit.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

interface ProfNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CallFrame { functionName: string; url: string; lineNumber: number }

export interface ProfileReader {
  /** Self time (microseconds) of each sampled node, by node id. */
  time: Map<number, number>;
  frame(id: number): CallFrame;
  /** The node and its ancestors, up to the root. */
  path(id: number): Generator<number>;
  /** The frames from a node up to the root, as [where, function name]. */
  stack(id: number): [string, string][];
  /** Where a frame is: the source module of the bundle (`server/src/...`, `node_modules/...`), else its URL or name. */
  where(f: CallFrame): string;
}

/**
 * `fromUs`: only the samples taken from that time on (microseconds of the monotonic clock, which V8's
 * profile timestamps and `process.hrtime` share), to leave out what came before (a document's open).
 */
export function readProfile(profileFile: string, bundle: string, fromUs = 0): ProfileReader {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as { nodes: ProfNode[]; samples: number[]; timeDeltas: number[]; startTime: number };
  // the module of every line of the bundle
  const moduleOf: string[] = [];
  let current = '(bundle)';
  for (const line of fs.readFileSync(bundle, 'utf8').split('\n')) {
    const m = /^\/\/ ((?:server|node_modules|bench)\/\S+)$/.exec(line);
    if (m) current = m[1];
    moduleOf.push(current);
  }
  const name = path.basename(bundle);
  const where = (f: CallFrame) => (f.url.endsWith(name) ? moduleOf[f.lineNumber] ?? '(bundle)' : f.url || f.functionName);
  const parent = new Map<number, number>();
  for (const nd of profile.nodes) for (const ch of nd.children ?? []) parent.set(ch, nd.id);
  const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
  const time = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((s, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= fromUs) time.set(s, (time.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const frame = (id: number) => byId.get(id)!.callFrame;
  function* pathOf(id: number): Generator<number> { for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) yield x; }
  const stack = (id: number): [string, string][] => [...pathOf(id)].map((x) => { const f = frame(x); return [where(f), f.functionName]; });
  return { time, frame, path: pathOf, stack, where };
}
