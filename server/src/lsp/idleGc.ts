/**
 * Collects garbage when the server goes idle after work that left much of it.
 *
 * Node gives V8 no idle time: after a large file is analysed or edited, the garbage of that work (the
 * parse of every document, the flattened new text, a publish of megabytes) stays in the heap, and
 * in the process's memory, until enough new allocation triggers a collection, which for an editor
 * left open may be never. Browsers collect in idle time; this does the same: once the server has
 * done no work for `idleMs` and the heap holds more than `slackBytes` above what was live after the
 * last collection, or keeps more than `slackBytes` of pages beyond what it uses (a collection of V8's
 * own at the end of the work left the pages fragmented: RSS stayed at 186 MB after the edits, idle,
 * in one bench run, with 24 MB of garbage not reached), a full collection, and a second one a turn of the event loop later if still idle
 * (the first frees the objects, the second lets V8 release the emptied pages: measured with the
 * 100,000-line file after 20 edits, RSS 272 -> 272 -> 229 MB; a third changed nothing).
 *
 * The second one also compacts the old generation. A full collection frees dead objects where they
 * lie, and V8 moves live objects off a page only when the page is mostly empty: after the edits of a
 * large file the live objects (69 MB) were spread over 90 to 141 MB of pages, depending on the run,
 * and those pages stay in the process. Compacting packs them into 58 MB: with the 100,000-line file
 * after 20 edits, RSS 147-214 MB (five runs) -> 136-139 MB (eight runs). Compacting in the second
 * collection rather than the first keeps the peak where it was: evacuating live objects while the
 * garbage still holds its pages would add their size to the peak (measured, 273 -> 330 MB). V8
 * compacts everything only under `--compact-on-every-full-gc`, which is set around that collection
 * alone. The two take 80 to 200 ms on that heap (up to 450 ms with the machine loaded; 50 to 95 ms
 * without compacting), so a message arriving meanwhile waits that long, once, after a pause; a
 * message arriving during the first cancels the second (the server calls `busy()` on every change).
 *
 * Large work also grows the young generation to its largest (two semi-spaces of 4 MB, `nodeFlags.ts`),
 * and V8 shrinks it only in a collection that finds little allocated over the last 5 s, which the
 * two above never do (they come 2 s after the work). So a young collection (a millisecond or two:
 * the young generation is empty then) follows `shrinkMs` later if still idle: 8 -> 1 MB, RSS about
 * 7 MB less (the 100,000-line file after 20 edits, idle 8 s). It grows again with the next work.
 *
 * An analysis in slices is work, not idle time: the server tells the collector at each of its steps
 * (`busyWhile`), else a long analysis (over the 2 s idle time, as the first analyses of a large
 * file are) was interrupted by the two collections.
 *
 * Between keystrokes (`betweenWork`, which the server asks for): the young generation is collected
 * 5 ms after each publish when it holds 1 MB or more, so that a keystroke's garbage (mostly the
 * parse of the edited document) is collected in the pause after it, not during the next keystroke.
 * Measured in-process on the 10,013-line manifest, edits 20 ms apart: an edit's median 4.4-5.5 ->
 * 3.2-4.1 ms. It about doubles the number of young collections, in the pauses (175 against 87 over
 * 200 edits, 1 ms each, measured with a 512 KB threshold).
 *
 * It needs `gc` exposed (`--expose-gc`, in the server's Node options, `nodeFlags.ts`); without it,
 * it does nothing.
 */
import * as v8 from 'v8';

/**
 * A collection: `full`, `compacting` (full, moving every live object of the old generation
 * together) or `young` (the young generation only).
 */
export type Collect = (kind: 'full' | 'compacting' | 'young') => void;

type ExposedGc = (options?: { type?: 'major' | 'minor' }) => void;

/**
 * The collections of the exposed `gc`; null when `gc` is not exposed. `compactable`: whether a V8 flag
 * may be changed at run time to compact. Node starts V8 with its flags unfrozen and says so; under
 * Electron's Node (VS Code desktop runs the server with it) that is not tested here, and a refusal
 * there would be a fatal V8 check, not an exception: a plain full collection instead.
 */
export function exposedCollector(gc: ExposedGc | null | undefined = (globalThis as { gc?: ExposedGc }).gc, compactable = !process.versions.electron): Collect | null {
  if (typeof gc !== 'function') return null;
  return (kind) => {
    if (kind === 'young') return gc({ type: 'minor' });
    if (kind === 'full' || !compactable) return gc();
    // read by V8 when a full collection starts (it picks the pages to evacuate): every page here
    try { v8.setFlagsFromString('--compact-on-every-full-gc'); } catch { return gc(); }
    try { gc(); } finally { v8.setFlagsFromString('--no-compact-on-every-full-gc'); }
  };
}

/**
 * The steps of an analysis, telling `idle` of work at each one; the analysis is ended with the
 * wrapper (`return()` ends it too, so that it keeps what it parsed).
 */
export function* busyWhile<T>(idle: IdleCollector, steps: Generator<void, T, void>): Generator<void, T, void> {
  try {
    for (;;) {
      idle.busy();
      const r = steps.next();
      if (r.done) return r.value;
      yield;
    }
  } finally {
    steps.return(undefined as T);
  }
}

/** The young generation's bytes in use. */
export function youngUsedBytes(): number {
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_used_size;
  return 0;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private shrinkTimer: NodeJS.Timeout | undefined;
  private youngTimer: NodeJS.Timeout | undefined;
  /** See `betweenWork`. */
  private young: { afterMs: number; minBytes: number; used: () => number } | undefined;
  /** Heap in use after the last collection (at start: when the collector was made). */
  private live: number;
  /** Bumped by `busy()`: a second collection runs only if no work came after the first. */
  private work = 0;
  /** Full collections made. */
  collections = 0;
  /** Compacting collections made (of `collections`). */
  private compactions = 0;

  constructor(
    /** The collector (null: none; by default `gc` if the process exposes it). */
    private readonly gc: Collect | null = exposedCollector(),
    private readonly idleMs = 2000,
    private readonly slackBytes = 24 * 2 ** 20,
    private readonly usedBytes: () => number = () => v8.getHeapStatistics().used_heap_size,
    /** After the two full collections, the wait before the young one (V8 shrinks the young generation after 5 s of little allocation). */
    private readonly shrinkMs = 4500,
    /** The heap's pages in memory (used or not). */
    private readonly heldBytes: () => number = () => v8.getHeapStatistics().total_physical_size,
  ) {
    this.live = usedBytes();
  }

  get enabled(): boolean { return !!this.gc; }

  /**
   * Also collect the young generation between keystrokes: `afterMs` after work, if no work came
   * meanwhile and it holds at least `minBytes`. A keystroke's analysis of a large file allocates about
   * 1.5 MB (most of it the parse of the edited document, garbage once the document's compact copy is
   * kept), so V8 collects the young generation during every second or third keystroke, for 1 to 2 ms
   * of its latency; collected in the pause after the publish instead, the next keystroke starts with an
   * empty young generation. The collection costs about what it would have cost during the keystroke
   * (its work is the surviving objects, not the garbage), at a time nobody waits for it.
   */
  betweenWork(afterMs: number, minBytes: number, used: () => number = youngUsedBytes): this {
    this.young = { afterMs, minBytes, used };
    return this;
  }

  /** Work was done (an analysis published, a workspace indexed): collect after `idleMs` without more. */
  busy(): void {
    if (!this.gc) return;
    this.work++;
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => { this.timer = undefined; this.collectIfWorthIt(); }, this.idleMs);
      this.timer.unref();
    }
    if (!this.young) return;
    if (this.youngTimer) this.youngTimer.refresh();
    else {
      this.youngTimer = setTimeout(() => {
        this.youngTimer = undefined;
        if (this.young!.used() >= this.young!.minBytes) this.gc!('young');
      }, this.young.afterMs);
      this.youngTimer.unref();
    }
  }

  /**
   * Large work just ended (a workspace scan, which the user asked for and waits on, not a keystroke):
   * a full collection `afterMs` later, if it left garbage enough and no work came meanwhile, so that
   * the memory of the work is given back at once rather than after the idle time; then, `compactMs`
   * after that, the compacting one, unless work came or the idle pair compacted first. `afterMs` lets
   * the command's answer go out first. Compacting at once, with the work's garbage still holding its
   * pages, raised the peak (270 -> 352 MB); once the full collection's sweeping has given them back,
   * less so: the 1,000-file scan's RSS 0.5 s after it 232-256 -> 171-173 MB, peak 278-283 -> 308-310 MB
   * (`npx tsx bench/run.ts --quick --only scan`).
   */
  afterLargeWork(afterMs = 100, compactMs = 300): void {
    if (!this.gc) return;
    this.busy();
    const work = this.work;
    const t = setTimeout(() => {
      if (this.work !== work) return;
      const used = this.usedBytes();
      if (used - this.live < this.slackBytes) return;
      this.collect('full');
      const compactions = this.compactions;
      const c = setTimeout(() => { if (this.work === work && this.compactions === compactions) this.collect('compacting'); }, compactMs);
      c.unref();
    }, afterMs);
    t.unref();
  }

  private collectIfWorthIt(): void {
    const used = this.usedBytes();
    if (used - this.live < this.slackBytes && this.heldBytes() - used < this.slackBytes) return;
    const work = this.work;
    this.collect('full');
    // two turns of the event loop later, so that a message that came during the first collection (a
    // keystroke: read in the next turn, handled in an immediate of its own, which calls busy()) is
    // handled first and the second is not made. Referenced immediates: an unreferenced one runs only
    // when something else wakes the event loop (the next keystroke, which then waited for it).
    const later = (f: () => void) => setImmediate(() => setImmediate(f));
    later(() => {
      if (this.work !== work || this.timer) return;
      this.collect('compacting');
      if (this.shrinkTimer) clearTimeout(this.shrinkTimer);
      this.shrinkTimer = setTimeout(() => {
        this.shrinkTimer = undefined;
        if (this.work === work && !this.timer) this.gc!('young');
      }, this.shrinkMs);
      this.shrinkTimer.unref();
    });
  }

  private collect(kind: 'full' | 'compacting'): void {
    this.gc!(kind);
    this.collections++;
    if (kind === 'compacting') this.compactions++;
    this.live = this.usedBytes();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.shrinkTimer) clearTimeout(this.shrinkTimer);
    if (this.youngTimer) clearTimeout(this.youngTimer);
    this.timer = this.shrinkTimer = this.youngTimer = undefined;
  }
}
