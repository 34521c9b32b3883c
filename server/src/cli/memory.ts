/**
 * A full garbage collection at the one point of a CLI scan where most of its heap dies at once.
 *
 * The streamed scan (./scan.ts) holds the compact objects of every input while the cross-resource
 * rules run (about 120 MB for 10,000 small manifests), then drops them all and analyses the inputs
 * one at a time. V8 sizes the old generation from the live size at its last full collection, by a
 * factor of up to 4 when collections are cheap: that collection happened while the objects were
 * being gathered, so without a hint the heap grew to about four times that model before the next
 * one (peak RSS 400-630 MB for 10,000 files, bench/scan-memory.ts), the dead model and the per-file
 * analyses' garbage filling it. Collecting when the model is dropped sizes the heap from what the
 * per-file phase keeps (the cross-resource findings, tens of MB): peak RSS is then that of the
 * model itself (about 237 MB for those 10,000 files), at the cost of a collection of a small heap
 * (tens of ms); `collectDropped` asks again when the model was still held (see there).
 *
 * `gc` is V8's own function; a process started without `--expose-gc` gets it from a new context
 * made while the flag is set (as jest's leak detector does), and the flag is reset at once. Where
 * that is not available, nothing is collected early: the results never depend on it.
 */
import * as v8 from 'v8';
import * as vm from 'vm';

let gc: (() => void) | null | undefined;

function resolveGc(): (() => void) | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const f: unknown = vm.runInNewContext('gc');
    return typeof f === 'function' ? (f as () => void) : null;
  } catch {
    return null;
  } finally {
    try { v8.setFlagsFromString('--no-expose-gc'); } catch { /* as before */ }
  }
}

/** Collects garbage now, in full; false when the runtime does not let the process ask. */
export function collectGarbage(): boolean {
  if (gc === undefined) gc = resolveGc();
  if (!gc) return false;
  gc();
  return true;
}

/** Heap in use above which, after the model was dropped, it is taken to be still held. */
const STILL_HELD = 64 * 1024 * 1024;

/**
 * Collects now, what the caller just dropped (`collectGarbage`); returns a function to call once per
 * later unit of work (a file of pass 2). Now and then the dropped model is still held when the
 * collection runs, by something V8 releases a little later (on a loaded machine about one run in
 * six: 145 -> 129 MB after the collection, 136 MB after a second one at once; the heap was then
 * sized from it and the peak reached 656 MB). So while the heap in use stays above 64 MB after a
 * collection, another one is asked for after 16, 128 and 1,024 more units (tens of ms each); a
 * scan whose findings alone are that large pays those three collections and nothing else.
 */
export function collectDropped(heapUsed: () => number = () => process.memoryUsage().heapUsed, collect: () => boolean = collectGarbage): () => void {
  if (!collect()) return () => {};
  let units = 0;
  let next = 16;
  let held = heapUsed() > STILL_HELD;
  return () => {
    if (!held || ++units < next) return;
    collect();
    next *= 8;
    held = next <= 1024 && heapUsed() > STILL_HELD;
  };
}
