/** Walks the CLI's inputs: files and directories, without following symlink loops. */
import * as fs from 'fs';
import * as path from 'path';
import { fileKindOf } from '../engine/analyze';

export interface WalkError { file: string; message: string }
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);

export function collectFiles(inputs: string[], exclude: (p: string) => boolean = () => false): { files: string[]; errors: WalkError[] } {
  const files: string[] = [];
  const errors: WalkError[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const visit = (p: string, explicit: boolean) => {
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch (e) { errors.push({ file: p, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }); return; }
    if (st.isDirectory()) {
      let real: string;
      try { real = fs.realpathSync(p); } catch { real = p; }
      if (seenDirs.has(real)) return; // symlink loop or directory given twice
      seenDirs.add(real);
      if (!explicit && SKIP_DIRS.has(path.basename(p))) return;
      let names: string[];
      try { names = fs.readdirSync(p).sort(); } catch (e) { errors.push({ file: p, message: `cannot enter directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }); return; }
      for (const n of names) {
        const child = path.join(p, n);
        if (exclude(child)) continue;
        visit(child, false);
      }
    } else if (st.isFile()) {
      if (!explicit && !fileKindOf(p)) return;
      const real = (() => { try { return fs.realpathSync(p); } catch { return p; } })();
      if (seenFiles.has(real)) return;
      seenFiles.add(real);
      files.push(p);
    }
  };
  for (const i of inputs) visit(i, true);
  return { files, errors };
}
