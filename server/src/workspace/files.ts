/**
 * Walks the inputs of a scan (the CLI's arguments, the language server's workspace folders): files and directories, without following symlink loops, and without
 * following symbolic links out of the scanned paths.
 *
 * The scanned roots are the real paths of the named inputs. In a walk, a link (to a file or a
 * directory) is followed only when its target lies inside a root; the others are counted in
 * `linksOutside` (the CLI says how many in a summary line). A named input that is itself a link to a
 * file or directory outside the current directory and outside every other named input is not read:
 * an error entry says so (name the target to scan it). So `palisade scan . --fix` never reads or
 * writes a file outside `.` through a link in the repository.
 *
 * Named inputs that are not regular files or directories (a FIFO, `/dev/stdin`, a process
 * substitution `<(...)`, a character device) are `streams`: read once, as a stream, with the size limit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileKindOf } from '../engine/analyze';
import { isInside } from './read';

export { isInside };

export interface WalkError { file: string; message: string }
export interface Walk {
  /** Regular files to scan, in walk order. */
  files: string[];
  /** Named inputs to read as streams (FIFOs, character devices, sockets, process substitutions). */
  streams: string[];
  errors: WalkError[];
  /** Links met in a walk whose target is outside the scanned roots: not followed. */
  linksOutside: string[];
  /** Real paths of the scanned roots (files are written only inside them). */
  roots: string[];
  /** The walk stopped at `maxFiles` files: the others were not listed. */
  truncated?: boolean;
}
/** Folders a walk does not enter (a named input is always entered): dependencies, VCS data, build output, tools' caches. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.vscode-test']);

function realOf(p: string): string | undefined {
  try { return fs.realpathSync(p); } catch { return undefined; }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

export function collectFiles(inputs: string[], exclude: (p: string) => boolean = () => false, cwd = process.cwd(), opts: { maxFiles?: number } = {}): Walk {
  const out: Walk = { files: [], streams: [], errors: [], linksOutside: [], roots: [] };
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const lst = (p: string) => { try { return fs.lstatSync(p); } catch { return undefined; } };
  // roots: the named inputs that are not links, by their real path; a named link counts as a root
  // when it stays inside the current directory or another root (checked below)
  for (const i of inputs) {
    const l = lst(i);
    const real = realOf(i);
    if (l && !l.isSymbolicLink() && real) out.roots.push(real);
  }
  const cwdReal = realOf(cwd) ?? cwd;
  const inRoots = (real: string) => out.roots.some((r) => isInside(real, r));
  const visit = (p: string, explicit: boolean) => {
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch (e) { out.errors.push({ file: p, message: `cannot read: ${code(e)}` }); return; }
    const link = lst(p)?.isSymbolicLink() ?? false;
    if (link && (st.isFile() || st.isDirectory())) {
      const real = realOf(p);
      if (!real) { out.errors.push({ file: p, message: 'cannot read: the link cannot be resolved' }); return; }
      if (explicit) {
        if (!inRoots(real) && !isInside(real, cwdReal)) {
          out.errors.push({ file: p, message: `skipped: symbolic link to ${real}, outside the scanned paths and the current directory; it was not checked (name its target to scan it)` });
          return;
        }
        out.roots.push(real);
      } else if (!inRoots(real)) {
        out.linksOutside.push(p);
        return;
      }
    }
    if (st.isDirectory()) {
      const real = realOf(p) ?? p;
      if (seenDirs.has(real)) return; // symlink loop or directory given twice
      seenDirs.add(real);
      if (!explicit && SKIP_DIRS.has(path.basename(p))) return;
      let names: string[];
      try { names = fs.readdirSync(p).sort(); } catch (e) { out.errors.push({ file: p, message: `cannot enter directory: ${code(e)}` }); return; }
      for (const n of names) {
        if (out.truncated) return;
        const child = path.join(p, n);
        if (exclude(child)) continue;
        visit(child, false);
      }
    } else if (st.isFile()) {
      if (!explicit && !fileKindOf(p)) return;
      const real = realOf(p) ?? p;
      if (seenFiles.has(real)) return;
      if (opts.maxFiles !== undefined && out.files.length >= opts.maxFiles) { out.truncated = true; return; }
      seenFiles.add(real);
      out.files.push(p);
    } else if (explicit) {
      // a FIFO, /dev/stdin, <(...), a character device or a socket: read once, as a stream
      out.streams.push(p);
    }
    // in a walk, FIFOs and devices are not files of the repository: not read (a FIFO would block)
  };
  for (const i of inputs) visit(i, true);
  return out;
}
