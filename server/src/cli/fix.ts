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
}

export function runFixes(inputs: FixInput[], settings: Settings, opts: FixOptions): FixRun {
  const run: FixRun = { applied: 0, changedFiles: 0, diff: '', skipped: [] };
  const applicability: Applicability[] = opts.unsafe ? ['safe', 'unsafe'] : ['safe'];
  for (const input of inputs) {
    if (!fileKindOf(input.file, input.languageId)) continue;
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
  return run;
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
