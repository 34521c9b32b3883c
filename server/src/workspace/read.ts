/**
 * Reading workspace files, for the CLI and the language server alike (one size limit, one policy):
 * regular files, and (CLI) streams (standard input with `-`, FIFOs, `/dev/stdin`, process
 * substitutions) read once to their end, all with the size limit (`--max-file-size` in the CLI); and,
 * for files the language server reads on its own (the index, Scan Workspace, commands on documents
 * that are not open, `.palisade.yaml`), only regular files whose real path is inside the given roots,
 * opened without blocking.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Largest file read, in bytes (default; the CLI's `--max-file-size` raises it). */
export const MAX_BYTES = 20 * 1024 * 1024;

export interface ReadResult { text?: string; error?: string }

const mb = (n: number) => `${(n / 1048576).toFixed(1).replace(/\.0$/, '')} MB`;

function decode(buf: Buffer): ReadResult {
  if (buf.subarray(0, 8192).includes(0)) return { error: 'skipped: binary file (contains NUL bytes); it was not checked' };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

export function readText(file: string, maxBytes = MAX_BYTES): ReadResult {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return readStream(file, maxBytes);
    if (st.size > maxBytes) return { error: `skipped: file is ${mb(st.size)}, over the ${mb(maxBytes)} limit (--max-file-size); it was not checked` };
    buf = fs.readFileSync(file);
  } catch (e) {
    return { error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  return decode(buf);
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Reads a stream to its end: a path (opened for reading; a FIFO waits for its writer) or a file
 * descriptor (0: standard input). More than `maxBytes` is an error, not a truncated text.
 */
export function readStream(source: string | number, maxBytes = MAX_BYTES): ReadResult {
  let fd: number;
  let own = typeof source !== 'number';
  try { fd = typeof source === 'number' ? source : fs.openSync(source, 'r'); } catch (e) {
    // /dev/stdin, /dev/fd/N, /proc/self/fd/N of a socket (the standard input a parent process gave as a
    // socket pair) cannot be opened again (ENXIO): read the descriptor itself
    const m = typeof source === 'string' ? /^\/(?:dev\/stdin$|dev\/fd\/(\d+)$|proc\/self\/fd\/(\d+)$)/.exec(source) : null;
    if (!m || (e as NodeJS.ErrnoException).code !== 'ENXIO') return { error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    fd = Number(m[1] ?? m[2] ?? 0);
    own = false;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      let n: number;
      try { n = fs.readSync(fd, buf, 0, buf.length, null); } catch (e) {
        const c = (e as NodeJS.ErrnoException).code;
        // a non-blocking descriptor (standard input of some parents) has no data yet: wait a little
        if (c === 'EAGAIN') { Atomics.wait(sleeper, 0, 0, 5); continue; }
        if (c === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { error: `skipped: the stream is longer than the ${mb(maxBytes)} limit (--max-file-size); it was not checked` };
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch (e) {
    return { error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  } finally {
    if (own) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
  return decode(Buffer.concat(chunks, total));
}

/** Whether `p` (a real path) is `root` or inside it. */
export function isInside(p: string, root: string): boolean {
  if (p === root) return true;
  const rel = path.relative(root, p);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The index of the innermost of `roots` (workspace folders) holding `p`, or -1; the first of equal
 * ones. A root given with a trailing separator holds its own path too.
 */
export function innermostRoot(roots: readonly string[], p: string): number {
  let best = -1;
  roots.forEach((r, i) => {
    const rel = path.relative(r, p);
    if (!rel.startsWith('..') && !path.isAbsolute(rel) && (best < 0 || r.length > roots[best].length)) best = i;
  });
  return best;
}

/**
 * A regular text file whose real path (symlinks resolved) is inside one of `roots`, with the size
 * limit: its text, or why it was not read. It is opened without blocking and checked on the open
 * descriptor, so a FIFO or a device (which a plain read would wait on for ever) is never read, even if
 * it replaces the file between the check of the path and the open.
 */
export function readInside(roots: readonly string[], file: string, maxBytes = MAX_BYTES): ReadResult {
  let fd: number | undefined;
  try {
    const real = fs.realpathSync(file);
    const inside = roots.some((r) => { try { const root = fs.realpathSync(r); return real !== root && isInside(real, root); } catch { return false; } });
    if (!inside) return { error: `skipped: ${file} resolves outside the workspace (${roots.join(', ')}) to ${real}; it was not read` };
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { error: 'skipped: not a regular file; it was not checked' };
    if (st.size > maxBytes) return { error: `skipped: file is ${mb(st.size)}, over the ${mb(maxBytes)} limit; it was not checked` };
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (let r; n < buf.length && (r = fs.readSync(fd, buf, n, buf.length - n, null)) > 0;) n += r;
    if (n > maxBytes) return { error: `skipped: file is over the ${mb(maxBytes)} limit; it was not checked` };
    return decode(buf.subarray(0, n));
  } catch (e) {
    return { error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* closed */ }
  }
}
