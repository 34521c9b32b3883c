/**
 * `palisade scan --fix [--unsafe-fixes]` and `--diff`. Each file is fixed round after round until
 * no more fixes apply (bounded, see fix/apply.ts). A file that does not parse cleanly is never
 * touched. Files are fixed one at a time (read, fix, write), so memory does not grow with the number
 * of files. `--diff` prints a unified diff and changes nothing. Display-only fixes are never applied.
 *
 * Writes go in place: the file's content is replaced through the file itself (opened without
 * following a link), so its inode, mode, owner and hard links stay; never through a link out of the
 * scanned roots (see files.ts), and never when the file changed on disk since it was read. The
 * write is not atomic (a crash in the middle of it can leave the file partly written); a failed
 * write puts the original bytes back.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Settings } from '../engine/settings';
import { Analyzer, fileKindOf } from '../engine/analyze';
import { fixText } from '../engine/fix/apply';
import { unifiedDiff } from '../engine/fix/diff';
import type { Applicability } from '../engine/types';
import { isInside } from '../workspace/files';
import type { ReadResult } from '../workspace/read';
import { chartGroups, ownedByChart, fixCharts, ChartOptions } from './charts';

export interface FixRun { applied: number; changedFiles: number; diff: string; skipped: { file: string; reason: string }[] }

/** An input of the scan: a file on disk (`path`), or a stream read before (`text`). */
export interface FixInput { file: string; path?: string; text?: string; languageId?: string }

export interface FixOptions {
  unsafe: boolean; write: boolean; diff: boolean;
  read: (f: string) => ReadResult;
  /** Real paths of the scanned roots: nothing outside them is written. */
  roots: string[];
  /** Called with each file's diff as it is made (else collected in `diff`). */
  onDiff?: (d: string) => void;
  /** Helm charts among the inputs are rendered with these options (the scan's) and fixed through their values files
   *  (./charts.ts fixCharts); without it chart files are fixed as loose files (which their templates are not). */
  charts?: { cwd: string; options: ChartOptions };
}

export function runFixes(inputs: FixInput[], settings: Settings, opts: FixOptions): FixRun {
  const run: FixRun = { applied: 0, changedFiles: 0, diff: '', skipped: [] };
  const applicability: Applicability[] = opts.unsafe ? ['safe', 'unsafe'] : ['safe'];
  // the files of a Helm chart are not fixed loose: the chart is rendered and its values files fixed (below)
  const groups = opts.charts ? chartGroups(inputs.filter((i) => i.path !== undefined).map((i) => path.resolve(opts.charts!.cwd, i.path!))) : undefined;
  for (const input of inputs) {
    if (!fileKindOf(input.file, input.languageId)) continue;
    if (groups && input.path !== undefined && ownedByChart(groups, path.resolve(opts.charts!.cwd, input.path))) continue;
    const { text, error } = input.text !== undefined ? { text: input.text, error: undefined } : opts.read(input.path!);
    const rel = input.file;
    if (text === undefined) { run.skipped.push({ file: rel, reason: error ?? 'cannot read' }); continue; }
    const first = new Analyzer().analyze(rel, text, { settings, languageId: input.languageId });
    if (first.errors.length) { run.skipped.push({ file: rel, reason: `not fixed: ${first.errors[0].message}` }); continue; }
    const r = fixText(rel, text, settings, { applicability }, { languageId: input.languageId });
    if (!r.applied || r.text === text) continue;
    const d = opts.diff ? unifiedDiff(`a/${rel.split(path.sep).join('/')}`, `b/${rel.split(path.sep).join('/')}`, text, r.text) : '';
    if (opts.write && !opts.diff) {
      const err = input.path === undefined ? `not fixed: ${rel} is a stream, not a file (use --diff to see the fixes)` : writeInPlace(input.path, text, r.text, opts.roots);
      if (err) { run.skipped.push({ file: rel, reason: err }); continue; }
    }
    run.applied += r.applied;
    run.changedFiles++;
    if (d) { if (opts.onDiff) opts.onDiff(d); else run.diff += d; }
  }
  if (opts.charts && groups && (groups.roots.length || groups.only.size)) fixChartValues(inputs, settings, applicability, opts, run);
  return run;
}

/**
 * The charts' part of --fix/--diff: their values files (values.yaml, a subchart's, -f files, those of
 * .palisade.yaml) get the fixes of the findings reported on them, round after round (./charts.ts fixCharts), and
 * are written in place as any file here, only inside the scanned roots: a -f file elsewhere is not written, and
 * says so. Templates are never written.
 */
function fixChartValues(inputs: FixInput[], settings: Settings, applicability: Applicability[], opts: FixOptions, run: FixRun): void {
  const r = fixCharts(inputs, opts.charts!.cwd, settings, applicability, opts.charts!.options);
  const posix = (f: string) => f.split(path.sep).join('/');
  for (const c of r.changed) {
    const d = opts.diff ? unifiedDiff(`a/${posix(c.file)}`, `b/${posix(c.file)}`, c.before, c.after) : '';
    if (opts.write && !opts.diff) {
      const err = writeInPlace(c.path, c.before, c.after, opts.roots);
      if (err) { run.skipped.push({ file: c.file, reason: err }); continue; }
    }
    run.applied += c.applied;
    run.changedFiles++;
    if (d) { if (opts.onDiff) opts.onDiff(d); else run.diff += d; }
  }
  run.skipped.push(...r.notApplied);
}

/**
 * Replaces the file's content in place (same inode, mode, owner; hard links see the change); returns
 * an error message, or undefined on success. The file is written at its real path, which must lie
 * inside one of `roots`, opened without following a link (a link swapped in since the walk fails).
 */
export function writeInPlace(file: string, expected: string, next: string, roots: string[]): string | undefined {
  let target: string;
  try { target = fs.realpathSync(file); } catch (e) { return `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`; }
  if (!roots.some((r) => isInside(target, r))) return `not fixed: it resolves to ${target}, outside the scanned paths`;
  let fd: number;
  try { fd = fs.openSync(target, fs.constants.O_RDWR | (fs.constants.O_NOFOLLOW ?? 0)); } catch (e) {
    return `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return 'not fixed: not a regular file';
    const raw = Buffer.alloc(st.size);
    let got = 0;
    while (got < raw.length) {
      const n = fs.readSync(fd, raw, got, raw.length - got, got);
      if (n === 0) break;
      got += n;
    }
    const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
    const current = raw.subarray(0, got).toString('utf8').replace(/^\uFEFF/, '');
    if (current !== expected) return 'changed on disk while fixing; left as it is';
    const data = Buffer.from((bom ? '\uFEFF' : '') + next, 'utf8');
    try {
      writeAll(fd, data);
      fs.ftruncateSync(fd, data.length);
      return undefined;
    } catch (e) {
      try { writeAll(fd, raw.subarray(0, got)); fs.ftruncateSync(fd, got); } catch { /* nothing more to do */ }
      return `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done, done);
}
