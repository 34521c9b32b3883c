/**
 * Standard output of the CLI when it is a pipe or a file: each chunk written out before the next
 * is made.
 *
 * The scan is synchronous and writes its report one file at a time (./formats.ts). Through
 * `process.stdout`, a pipe on Linux and macOS is written without blocking: once the reader (a CI
 * runner, `| tee`, `| jq`) is a moment behind and the pipe's buffer is full, every later write is
 * queued in memory until the event loop runs again, which is after the scan. So the whole report
 * was held (10,000 small files: 114 MB of JSON, a peak RSS over 1 GB; bench/scan-memory.ts). Here a
 * chunk is written with `fs.writeSync`, and a full pipe (EAGAIN: libuv makes the descriptor
 * non-blocking when `process.stdout` is opened on it) is waited on, briefly, until the reader takes
 * it: the report is held one chunk at a time, whatever the reader's speed.
 *
 * A terminal stays `process.stdout` (Node writes terminals synchronously already).
 */
import * as fs from 'fs';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `s` to `fd` before returning, waiting while the descriptor cannot take more (EAGAIN). */
export function writeAllSync(fd: number, s: string): void {
  const buf = Buffer.from(s, 'utf8');
  let off = 0;
  let wait = 0.05;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off, buf.length - off);
      wait = 0.05;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      // the reader is behind: wait for it (50 us, doubling up to 20 ms while it stays behind)
      Atomics.wait(sleeper, 0, 0, wait);
      wait = Math.min(wait * 2, 20);
    }
  }
}

/**
 * The writer of the CLI's standard output when it is not a terminal. A reader that stops early
 * (`| head`) closes the pipe, which is no error of the scan: the process ends with its exit code so far.
 */
export function syncStdout(fd = 1, onClosed: () => never = () => process.exit(process.exitCode ?? 0)): (s: string) => void {
  return (s) => {
    try {
      writeAllSync(fd, s);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') onClosed();
      throw e;
    }
  };
}
