/**
 * Reading the CLI's inputs: regular files, and streams (standard input with `-`, FIFOs, `/dev/stdin`,
 * process substitutions) read once to their end, both with the size limit (`--max-file-size`).
 */
import * as fs from 'fs';

/** Largest input read, in bytes (default; `--max-file-size` raises it). */
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
