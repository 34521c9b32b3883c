/** The language server's per-document scheduling (server/src/lsp/scheduler.ts, #19), with a fake host. */
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Scheduler } from '../../server/src/lsp/scheduler';

function host(slices = 1) {
  const docs = new Map<string, TextDocument>();
  const started: string[] = [];
  const done: string[] = [];
  const h = {
    document: (uri: string) => docs.get(uri),
    *steps(doc: TextDocument): Generator<void, string, void> {
      started.push(`${doc.uri}@${doc.version}`);
      for (let i = 0; i < slices; i++) { const t = Date.now(); while (Date.now() - t < 5) { /* work */ } yield; }
      return `${doc.uri}@${doc.version}`;
    },
    done: (_uri: string, _version: number, r: string) => { done.push(r); },
    debounceMs: () => 30,
  };
  const set = (uri: string, version: number) => { const d = TextDocument.create(uri, 'yaml', version, `v${version}`); docs.set(uri, d); return d; };
  return { h, docs, started, done, set };
}
const settle = (ms = 120) => new Promise((r) => setTimeout(r, ms));

describe('Scheduler (lsp/scheduler.ts)', () => {
  it('changes that come while a document waits are coalesced: only its newest version is analysed and published', async () => {
    const t = host();
    const s = new Scheduler(t.h, 15);
    for (let v = 1; v <= 5; v++) s.schedule(t.set('a', v));
    await settle();
    assert.deepStrictEqual(t.done, ['a@5']);
    assert.deepStrictEqual(t.started, ['a@5']);
  });

  it('a newer version stops an analysis running in slices; its result is never published', async () => {
    const t = host(6); // 6 slices of 5 ms, in slices of 1 ms: several turns of the event loop
    const s = new Scheduler(t.h, 1);
    s.schedule(t.set('a', 1));
    await new Promise((r) => setTimeout(r, 8));
    s.schedule(t.set('a', 2));
    await settle(200);
    assert.deepStrictEqual(t.done, ['a@2']);
    assert.ok(t.started.includes('a@1'), 'the first analysis had started');
  });

  it('forget (the document closed) stops its analysis; stop (shutdown) refuses new work', async () => {
    const t = host(6);
    const s = new Scheduler(t.h, 1);
    s.schedule(t.set('a', 1));
    s.schedule(t.set('b', 1));
    s.forget('a');
    await settle(200);
    assert.deepStrictEqual(t.done, ['b@1']);
    s.stop();
    assert.ok(s.isStopped);
    s.schedule(t.set('b', 2));
    await settle();
    assert.deepStrictEqual(t.done, ['b@1']);
  });

  it('a change that finds the server idle is analysed at once; one read as an analysis ends (it waited behind it) waits twice the handling time', async () => {
    // a fake clock: each slice of the analysis takes 10 ms of it
    let clock = 1000;
    const docs = new Map<string, TextDocument>();
    const done: number[] = [];
    const h = {
      document: (uri: string) => docs.get(uri),
      *steps(doc: TextDocument): Generator<void, number, void> { for (let i = 0; i < 4; i++) { clock += 10; yield; } return doc.version; },
      done: (_u: string, v: number) => { done.push(v); },
      debounceMs: () => 150,
    };
    const s = new Scheduler(h, 1, () => clock);
    const change = (v: number) => { const d = TextDocument.create('a', 'yaml', v, `v${v}`); docs.set('a', d); return s.schedule(d); };
    assert.strictEqual(change(1), 0, 'the open: at once');
    await settle(30);
    clock += 500;
    assert.strictEqual(change(2), 0, 'the first change after a pause: at once');
    await settle(30);
    assert.deepStrictEqual(done, [1, 2]);
    // handling v2 took 40 ms of the clock; v3 comes 20 ms after it ended (a key per 60 ms): at once, although it
    // came within twice the 40 ms
    clock += 20;
    assert.strictEqual(change(3), 0);
    await settle(30);
    // v4 is read the moment v3's analysis ends: it waited behind it, the user types faster than the document analyses
    assert.strictEqual(change(4), 80, 'waits twice the last handling time for the next keystroke');
    clock += 5;
    assert.strictEqual(change(5), 80, 'a change while one waits waits too');
    await settle(150);
    assert.deepStrictEqual(done, [1, 2, 3, 5]);
  });
});
