/**
 * Collects garbage when the server goes idle after work that left much of it.
 *
 * Node gives V8 no idle time: after a large file is analysed or edited, the garbage of that work (the
 * parse of every document, the flattened new text, a publish of megabytes) stays in the heap, and
 * in the process's memory, until enough new allocation triggers a collection, which for an editor
 * left open may be never. Browsers collect in idle time; this does the same: once the server has
 * done no work for `idleMs` and the heap holds more than `slackBytes` above what was live after the
 * last collection, a full collection, and a second one a turn of the event loop later if still idle
 * (the first frees the objects, the second lets V8 release the emptied pages: measured with the
 * 100,000-line file after 20 edits, RSS 272 -> 272 -> 229 MB; a third changed nothing). Each takes
 * 50 to 95 ms on that heap, so a message arriving meanwhile waits that long, once, after a pause.
 *
 * It needs `gc` exposed (`--expose-gc`, in the server's Node options, `nodeFlags.ts`); without it,
 * it does nothing.
 */
import * as v8 from 'v8';

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  /** Heap in use after the last collection (at start: when the collector was made). */
  private live: number;
  /** Bumped by `busy()`: a second collection runs only if no work came after the first. */
  private work = 0;
  /** Full collections made. */
  collections = 0;

  constructor(
    /** The collector (null: none; by default `gc` if the process exposes it). */
    private readonly gc: (() => void) | null = (globalThis as { gc?: () => void }).gc ?? null,
    private readonly idleMs = 2000,
    private readonly slackBytes = 24 * 2 ** 20,
    private readonly usedBytes: () => number = () => v8.getHeapStatistics().used_heap_size,
  ) {
    this.live = usedBytes();
  }

  get enabled(): boolean { return !!this.gc; }

  /** Work was done (an analysis published, a workspace indexed): collect after `idleMs` without more. */
  busy(): void {
    if (!this.gc) return;
    this.work++;
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => { this.timer = undefined; this.collectIfWorthIt(); }, this.idleMs);
      this.timer.unref();
    }
  }

  private collectIfWorthIt(): void {
    if (this.usedBytes() - this.live < this.slackBytes) return;
    const work = this.work;
    this.collect();
    setImmediate(() => {
      if (this.work === work && !this.timer) this.collect();
    }).unref();
  }

  private collect(): void {
    this.gc!();
    this.collections++;
    this.live = this.usedBytes();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
