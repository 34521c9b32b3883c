/**
 * The language server's per-document state of analysis: which version of a document waits to be
 * analysed, which one is being analysed (in slices), how long its last change took to handle.
 *
 * Fast typing never queues work: each change supersedes the analysis scheduled or running for
 * older versions of its document. A change that comes while the server is idle, after the previous
 * change was handled (analysed and published), is analysed at once: at that pace the analysis ends
 * before the next keystroke. A change that comes while the previous one waits or is analysed, or is
 * read the moment that analysis ends (it waited in the pipe behind it), means the user types faster
 * than the document analyses, and it waits twice the last handling time (at most the client's
 * debounce) for the next keystroke. An analysis runs in slices of `sliceMs` between which the server
 * answers other requests and documents, and stops when a newer version arrives.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';

export interface SchedulerHost<R> {
  /** The open document of a URI (its newest version), if still open. */
  document(uri: string): TextDocument | undefined;
  /** The analysis of a document in steps: yields between slices of work. */
  steps(doc: TextDocument): Generator<void, R, void>;
  /** A complete analysis of `version` of `uri`. */
  done(uri: string, version: number, result: R): void;
  /** The longest wait for the next keystroke, in ms (the client's palisade.debounceMs). */
  debounceMs(): number;
}

/** A change read this soon (ms) after its document's analysis ended waited behind that analysis. */
const QUEUED_MS = 2;

export class Scheduler<R> {
  /** Per URI: the analysis waiting to start (a timer or an immediate), cancellable. */
  private readonly pending = new Map<string, { cancel(): void }>();
  /** Per URI: how long handling its last change took (0 after its first analysis). */
  private readonly durations = new Map<string, number>();
  /** Per URI: when its last change arrived. */
  private readonly lastChange = new Map<string, number>();
  /** Per URI: when handling its last analysed change ended (the publish written). */
  private readonly doneAt = new Map<string, number>();
  /** Per URI: the generation of its newest scheduled analysis (a running one whose generation is older stops). */
  private readonly generation = new Map<string, number>();
  /** URIs whose analysis is running (between its first and last slice). */
  private readonly running = new Set<string>();
  private stopped = false;

  /** `now`: the clock, in ms (tests give their own). */
  constructor(private readonly host: SchedulerHost<R>, private readonly sliceMs = 15, private readonly now: () => number = Date.now) {}

  /** A new version of `doc` (opened or changed): analyse it, now or after a short wait. Returns the wait, in ms. */
  schedule(doc: TextDocument): number {
    if (this.stopped) return 0;
    const uri = doc.uri;
    const gen = this.bump(uri);
    const t = this.pending.get(uri);
    t?.cancel();
    const last = this.durations.get(uri) ?? 0;
    const now = this.now();
    const since = now - (this.lastChange.get(uri) ?? -Infinity);
    this.lastChange.set(uri, now);
    // busy: this change came while the previous one waits or is analysed, or sooner after it than
    // handling it took, or is read within QUEUED_MS of that handling's end: messages are read only
    // between slices of analysis, so a change read then arrived while the server was busy. A change
    // that finds the server idle is analysed at once (waiting whenever a change came within twice
    // the last handling time made a chart re-rendered in 40 ms, typed in at 70 ms a key, wait 80 ms
    // on every keystroke).
    const idleFor = now - (this.doneAt.get(uri) ?? -Infinity);
    const busy = !!t || this.running.has(uri) || since < last || idleFor < QUEUED_MS;
    const delay = busy ? Math.min(this.host.debounceMs(), Math.max(1, 2 * last)) : 0;
    // one more turn of the event loop before the analysis: changes already received are handled
    // first and supersede this one (a zero-delay timer would wait a millisecond at least)
    const start = () => { this.pending.delete(uri); if (this.generation.get(uri) === gen) this.run(uri, gen); };
    const soon = () => { const i = setImmediate(start); this.pending.set(uri, { cancel: () => clearImmediate(i) }); };
    if (delay === 0) soon();
    else { const timer = setTimeout(soon, delay); this.pending.set(uri, { cancel: () => clearTimeout(timer) }); }
    return delay;
  }

  /** Records how long a synchronous analysis of `uri` took (a pull request answered at once). */
  took(uri: string, ms: number): void { this.durations.set(uri, ms); }

  /** The document was closed: its waiting or running analysis stops, and what was known of it goes. */
  forget(uri: string): void {
    this.bump(uri);
    this.durations.delete(uri);
    this.lastChange.delete(uri);
    this.doneAt.delete(uri);
    this.running.delete(uri);
    this.pending.get(uri)?.cancel();
    this.pending.delete(uri);
  }

  /** Shutdown: every waiting and running analysis stops, and nothing is scheduled any more. */
  stop(): void {
    this.stopped = true;
    for (const p of this.pending.values()) p.cancel();
    this.pending.clear();
    for (const uri of [...this.generation.keys()]) this.bump(uri);
  }

  get isStopped(): boolean { return this.stopped; }

  private bump(uri: string): number {
    const gen = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, gen);
    return gen;
  }

  private run(uri: string, gen: number): void {
    const current = this.host.document(uri);
    if (!current) return;
    const version = current.version;
    const t0 = this.now();
    const steps = this.host.steps(current);
    this.running.add(uri);
    const step = (): void => {
      if (this.generation.get(uri) !== gen || this.host.document(uri)?.version !== version) {
        steps.return(undefined as R);
        if (this.generation.get(uri) === gen) this.running.delete(uri);
        return;
      }
      const sliceStart = this.now();
      for (;;) {
        const r = steps.next();
        if (r.done) {
          this.running.delete(uri);
          this.host.done(uri, version, r.value);
          // how long handling a change took: analysis and encoding the publish (the encoder runs
          // synchronously). Not the first analysis: it parses every document, an edit one
          const end = this.now();
          this.durations.set(uri, this.durations.has(uri) ? end - t0 : 0);
          this.doneAt.set(uri, end);
          return;
        }
        if (this.now() - sliceStart >= this.sliceMs) { setImmediate(step); return; }
      }
    };
    step();
  }
}
