/**
 * The language server's per-document state of analysis: which version of a document waits to be
 * analysed, which one is being analysed (in slices), how long its last change took to handle.
 *
 * Fast typing never queues work: each change supersedes the analysis scheduled or running for
 * older versions of its document. A change that comes well after the previous one (more than twice
 * the time its analysis and publish took) is analysed at once; a change that comes sooner, or while
 * the previous one waits or is analysed, means the user types faster than the document analyses,
 * and it waits that long (at most the client's debounce) for the next keystroke. An analysis runs in
 * slices of `sliceMs` between which the server answers other requests and documents, and stops when
 * a newer version arrives.
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

export class Scheduler<R> {
  /** Per URI: the analysis waiting to start (a timer or an immediate), cancellable. */
  private readonly pending = new Map<string, { cancel(): void }>();
  /** Per URI: how long handling its last change took (0 after its first analysis). */
  private readonly durations = new Map<string, number>();
  /** Per URI: when its last change arrived. */
  private readonly lastChange = new Map<string, number>();
  /** Per URI: the generation of its newest scheduled analysis (a running one whose generation is older stops). */
  private readonly generation = new Map<string, number>();
  /** URIs whose analysis is running (between its first and last slice). */
  private readonly running = new Set<string>();
  private stopped = false;

  constructor(private readonly host: SchedulerHost<R>, private readonly sliceMs = 15) {}

  /** A new version of `doc` (opened or changed): analyse it, now or after a short wait. */
  schedule(doc: TextDocument): void {
    if (this.stopped) return;
    const uri = doc.uri;
    const gen = this.bump(uri);
    const t = this.pending.get(uri);
    t?.cancel();
    const last = this.durations.get(uri) ?? 0;
    const now = Date.now();
    const since = now - (this.lastChange.get(uri) ?? -Infinity);
    this.lastChange.set(uri, now);
    // busy: this change came while the previous one waits or is analysed, or within twice the time
    // its analysis and encoding took (writing the publish and reading the next messages take about
    // as long again, and messages are read only between analyses, so changes can wait in the pipe)
    const busy = !!t || this.running.has(uri) || since < 2 * last;
    const delay = busy ? Math.min(this.host.debounceMs(), Math.max(1, 2 * last)) : 0;
    // one more turn of the event loop before the analysis: changes already received are handled
    // first and supersede this one (a zero-delay timer would wait a millisecond at least)
    const start = () => { this.pending.delete(uri); if (this.generation.get(uri) === gen) this.run(uri, gen); };
    const soon = () => { const i = setImmediate(start); this.pending.set(uri, { cancel: () => clearImmediate(i) }); };
    if (delay === 0) soon();
    else { const timer = setTimeout(soon, delay); this.pending.set(uri, { cancel: () => clearTimeout(timer) }); }
  }

  /** Records how long a synchronous analysis of `uri` took (a pull request answered at once). */
  took(uri: string, ms: number): void { this.durations.set(uri, ms); }

  /** The document was closed: its waiting or running analysis stops, and what was known of it goes. */
  forget(uri: string): void {
    this.bump(uri);
    this.durations.delete(uri);
    this.lastChange.delete(uri);
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
    const t0 = Date.now();
    const steps = this.host.steps(current);
    this.running.add(uri);
    const step = (): void => {
      if (this.generation.get(uri) !== gen || this.host.document(uri)?.version !== version) {
        steps.return(undefined as R);
        if (this.generation.get(uri) === gen) this.running.delete(uri);
        return;
      }
      const sliceStart = Date.now();
      for (;;) {
        const r = steps.next();
        if (r.done) {
          this.running.delete(uri);
          this.host.done(uri, version, r.value);
          // how long handling a change took: analysis and encoding the publish (the encoder runs
          // synchronously). Not the first analysis: it parses every document, an edit one
          this.durations.set(uri, this.durations.has(uri) ? Date.now() - t0 : 0);
          return;
        }
        if (Date.now() - sliceStart >= this.sliceMs) { setImmediate(step); return; }
      }
    };
    step();
  }
}
