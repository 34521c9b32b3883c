/**
 * `palisade scan --fix [--unsafe-fixes]` and `--diff`. Each file is fixed round after round until
 * no more fixes apply (bounded, see fix/apply.ts). A file that does not parse cleanly is never
 * touched. Writes are atomic: a temporary file in the same directory, then a rename over the
 * original (through symlinks to the real file, keeping its mode and byte-order mark). `--diff`
 * prints a unified diff and changes nothing. Display-only fixes are never applied.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Settings } from '../engine/settings';
import { Analyzer, fileKindOf, namespaceLevels } from '../engine/analyze';
import { fixText } from '../engine/fix/apply';
import { unifiedDiff } from '../engine/fix/diff';
import type { Applicability } from '../engine/types';

export interface FixRun { applied: number; changedFiles: number; diff: string; skipped: { file: string; reason: string }[] }

export interface FixOptions { unsafe: boolean; write: boolean; diff: boolean; rel: (f: string) => string; read: (f: string) => { text?: string; error?: string } }

export function runFixes(files: string[], settings: Settings, opts: FixOptions): FixRun {
  const run: FixRun = { applied: 0, changedFiles: 0, diff: '', skipped: [] };
  const applicability: Applicability[] = opts.unsafe ? ['safe', 'unsafe'] : ['safe'];
  // as the scan does: a Namespace's pod-security labels in any input set the level of its namespace
  const texts = new Map<string, string>();
  const index = new Analyzer();
  for (const f of files) {
    if (fileKindOf(f) !== 'yaml') continue;
    const { text } = opts.read(f);
    if (text === undefined) continue;
    texts.set(f, text);
    index.analyze(f, text, { settings });
  }
  settings = { ...settings, namespaces: { ...namespaceLevels(files.flatMap((f) => index.objects(f))), ...settings.namespaces } };
  for (const f of files) {
    if (!fileKindOf(f)) continue;
    const { text, error } = texts.has(f) ? { text: texts.get(f), error: undefined } : opts.read(f);
    if (text === undefined) { run.skipped.push({ file: opts.rel(f), reason: error ?? 'cannot read' }); continue; }
    const rel = opts.rel(f);
    const first = new Analyzer().analyze(rel, text, { settings });
    if (first.errors.length) { run.skipped.push({ file: rel, reason: `not fixed: ${first.errors[0].message}` }); continue; }
    const r = fixText(rel, text, settings, { applicability });
    if (!r.applied || r.text === text) continue;
    run.applied += r.applied;
    run.changedFiles++;
    if (opts.diff) run.diff += unifiedDiff(`a/${rel.split(path.sep).join('/')}`, `b/${rel.split(path.sep).join('/')}`, text, r.text);
    if (opts.write && !opts.diff) {
      const err = writeAtomic(f, text, r.text);
      if (err) { run.skipped.push({ file: rel, reason: err }); run.changedFiles--; run.applied -= r.applied; }
    }
  }
  return run;
}

/** Replaces the file's content atomically; returns an error message, or undefined on success. */
export function writeAtomic(file: string, expected: string, next: string): string | undefined {
  let target = file;
  try { target = fs.realpathSync(file); } catch { /* keep the path */ }
  let st: fs.Stats;
  let raw: Buffer;
  try { st = fs.statSync(target); raw = fs.readFileSync(target); } catch (e) { return `cannot read: ${(e as Error).message}`; }
  const bom = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  const current = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (current !== expected) return 'changed on disk while fixing; left as it is';
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.palisade-${process.pid}-${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(tmp, (bom ? '\uFEFF' : '') + next, { mode: st.mode & 0o7777, flag: 'wx' });
    fs.renameSync(tmp, target);
    return undefined;
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* nothing to clean */ }
    return `cannot write: ${(e as Error).message}`;
  }
}
