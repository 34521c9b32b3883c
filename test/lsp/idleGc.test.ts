/** The idle collector: a full collection only after idle time, only when garbage piled up. */
import * as assert from 'assert';
import * as cp from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { IdleCollector, busyWhile, exposedCollector } from '../../server/src/lsp/idleGc';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle garbage collection', () => {
  /** A collector over a fake heap: `used` grows with work, a collection brings it back to `live`. */
  function fake(idleMs: number, slack: number, shrinkMs = 60000) {
    /** `held`: pages beyond `used` (a compacting collection gives them back). */
    const heap = { used: 100, live: 100, held: 0, collections: 0, kinds: [] as string[] };
    const c = new IdleCollector((kind) => {
      heap.kinds.push(kind);
      if (kind !== 'young') { heap.collections++; heap.used = heap.live; }
      if (kind === 'compacting') heap.held = 0;
    }, idleMs, slack, () => heap.used, shrinkMs, () => heap.used + heap.held);
    return { heap, c };
  }

  it('collects twice once idle after work that left garbage, compacting in the second', async () => {
    const { heap, c } = fake(30, 50);
    heap.used = 400;
    c.busy();
    await sleep(10);
    assert.strictEqual(heap.collections, 0, 'not while work may still come');
    await sleep(60);
    assert.strictEqual(heap.collections, 2, 'a collection, and a second one a turn later (pages released)');
    assert.deepStrictEqual(heap.kinds, ['full', 'compacting'], 'the garbage freed first, then the live objects packed');
    assert.strictEqual(c.collections, 2);
    c.dispose();
  });

  it('a change handled right after the first collection (it came meanwhile) cancels the second', async () => {
    const heap = { used: 100, kinds: [] as string[] };
    // the change is read once the first collection is over, and handled in an immediate of its own
    // (as vscode-jsonrpc handles messages): queued after whatever the collector queued
    const c: IdleCollector = new IdleCollector((kind) => {
      heap.kinds.push(kind);
      heap.used = 100;
      if (kind === 'full') process.nextTick(() => setImmediate(() => c.busy()));
    }, 20, 50, () => heap.used, 60000, () => heap.used);
    heap.used = 400;
    c.busy();
    await sleep(60);
    assert.deepStrictEqual(heap.kinds, ['full'], 'no compaction in front of the change');
    c.dispose();
  });

  it('a young collection follows the pair later, if still idle', async () => {
    const { heap, c } = fake(20, 50, 60);
    heap.used = 400;
    c.busy();
    await sleep(50);
    assert.deepStrictEqual(heap.kinds, ['full', 'compacting']);
    await sleep(80);
    assert.deepStrictEqual(heap.kinds, ['full', 'compacting', 'young'], 'the young generation shrunk once allocation stopped');
    heap.used = 400;
    c.busy();
    await sleep(50);
    assert.deepStrictEqual(heap.kinds.slice(3), ['full', 'compacting']);
    c.busy(); // work before the young collection: none, until idle again
    await sleep(45);
    assert.deepStrictEqual(heap.kinds.slice(3), ['full', 'compacting'], 'not after work came');
    c.dispose();
  });

  it('an analysis in steps is work: no collection while it runs longer than the idle time', async () => {
    const { heap, c } = fake(30, 50);
    heap.used = 400;
    c.busy();
    let done = false;
    function* analysis(): Generator<void, string, void> {
      // 8 slices 10 ms apart: 80 ms, past the idle time of 30 ms
      for (let i = 0; i < 8; i++) { heap.used += 10; yield; }
      return 'result';
    }
    const steps = busyWhile(c, analysis());
    for (;;) {
      const r = steps.next();
      if (r.done) { assert.strictEqual(r.value, 'result'); done = true; break; }
      await sleep(10);
    }
    assert.ok(done);
    assert.strictEqual(heap.collections, 0, 'none in the middle of the analysis');
    await sleep(80);
    assert.strictEqual(heap.collections, 2, 'collected once idle after it');
    c.dispose();
  });

  it('an analysis ended through its steps ends, and runs its own cleanup', () => {
    const { c } = fake(1000, 50);
    let cleaned = false;
    function* analysis(): Generator<void, number, void> {
      try { for (;;) yield; } finally { cleaned = true; }
    }
    const steps = busyWhile(c, analysis());
    steps.next(); steps.next();
    steps.return(0);
    assert.strictEqual(cleaned, true, 'the analysis keeps what it parsed when abandoned');
    c.dispose();
  });

  it('the second collection runs a turn after the first even when nothing else wakes the process', function () {
    this.timeout(60000);
    // a child whose event loop waits on a pipe (as the server waits for messages) and one timer, 1.5 s
    // away, that reports when the collections ran
    const tsx = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
    const script = `
      const { IdleCollector } = require(${JSON.stringify(path.resolve(__dirname, '../../server/src/lsp/idleGc.ts'))});
      process.stdin.resume();
      const t0 = Date.now();
      const times = [];
      const c = new IdleCollector(() => { times.push(Date.now() - t0); }, 20, 0, () => 1e9);
      c.busy();
      setTimeout(() => { console.log(JSON.stringify(times)); process.exit(0); }, 1500);
    `;
    const out = cp.execFileSync(process.execPath, ['--import', tsx, '-e', script], { encoding: 'utf8', input: '', stdio: ['pipe', 'pipe', 'inherit'] });
    const times = JSON.parse(out.trim().split('\n').pop()!) as number[];
    assert.strictEqual(times.length, 2, `both collections before the report at 1.5 s (ran at ${times.join(', ')} ms)`);
    assert.ok(times[1] - times[0] < 500, `the second right after the first (${times.join(', ')} ms)`);
  });

  it('the exposed collector compacts only when asked: a fragmented old generation is packed, and later ones are not; the young collection shrinks the young generation once idle', function () {
    this.timeout(60000);
    // a child with gc exposed: half of a million old objects die, leaving every page half full, which
    // a plain full collection leaves as it is; the compacting one packs them (measured: 38 -> 23 MB
    // of pages for 22 MB of objects); the flag is off again after it
    const tsx = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
    const script = `
      const v8 = require('v8');
      const { exposedCollector } = require(${JSON.stringify(path.resolve(__dirname, '../../server/src/lsp/idleGc.ts'))});
      const collect = exposedCollector();
      const slack = () => { const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'old_space'); return (s.physical_space_size - s.space_used_size) / 2 ** 20; };
      const fragment = (n) => { let a = []; for (let i = 0; i < n; i++) a.push({ i, j: i + 1 }); gc(); gc(); const keep = a.filter((_, i) => i % 2 === 0); a = null; return keep; };
      let keep = fragment(1e6);
      collect('full'); collect('full');
      const plain = slack();
      collect('compacting');
      const compacted = slack();
      const keep2 = fragment(1e6);
      collect('full'); collect('full');
      const after = slack();
      // the young generation, grown by allocation, shrinks in a young collection once 5 s passed
      // with little allocation (not sooner)
      const young = () => v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size / 2 ** 20;
      const junk = []; for (let i = 0; i < 2e6; i++) { junk.push({ i }); if (junk.length > 3e5) junk.length = 0; }
      junk.length = 0;
      const grown = young();
      collect('young');
      const soon = young();
      setTimeout(() => {
        collect('young');
        console.log(JSON.stringify({ plain, compacted, after, n: keep.length + keep2.length, grown, soon, later: young() }));
      }, 5500);
    `;
    const out = cp.execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=4', '--import', tsx, '-e', script], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { plain: number; compacted: number; after: number; n: number; grown: number; soon: number; later: number };
    assert.strictEqual(r.n, 1e6);
    assert.ok(r.grown >= 4 && r.soon >= 4, `the young generation grown by the allocation, and kept right after it (${r.grown}, ${r.soon} MB)`);
    assert.ok(r.later <= 2, `shrunk by a young collection 5.5 s later (${r.later} MB)`);
    assert.ok(r.plain > 8, `plain collections leave the half-empty pages (${r.plain.toFixed(1)} MB free in old space)`);
    assert.ok(r.compacted < r.plain - 8, `the compacting one packs them (${r.plain.toFixed(1)} -> ${r.compacted.toFixed(1)} MB free)`);
    assert.ok(r.after > 8, `later plain collections do not compact (${r.after.toFixed(1)} MB free)`);
  });

  it('the exposed collector is null without gc, and runs the given gc once per collection (young: a minor one)', () => {
    assert.strictEqual(exposedCollector(null), null);
    const calls: unknown[] = [];
    const collect = exposedCollector((options) => { calls.push(options); })!;
    collect('full');
    collect('compacting');
    collect('young');
    assert.deepStrictEqual(calls, [undefined, undefined, { type: 'minor' }]);
  });

  it('compacts by setting a V8 flag around the collection, except under Electron (a refused flag there is fatal): a plain collection', () => {
    const v8 = require('v8') as typeof import('v8');
    const original = v8.setFlagsFromString;
    const flags: string[] = [];
    v8.setFlagsFromString = (f: string) => { flags.push(f); };
    try {
      const calls: unknown[] = [];
      exposedCollector((o) => { calls.push(o); }, true)!('compacting');
      assert.deepStrictEqual(flags, ['--compact-on-every-full-gc', '--no-compact-on-every-full-gc']);
      flags.length = 0;
      exposedCollector((o) => { calls.push(o); }, false)!('compacting');
      assert.deepStrictEqual(flags, []);
      assert.deepStrictEqual(calls, [undefined, undefined]);
    } finally { v8.setFlagsFromString = original; }
  });

  it('after large work (a workspace scan) collects at once, and compacts shortly after, unless work comes first or the idle pair compacted', async () => {
    // the idle time long: a full collection 5 ms after the work, the compacting one 40 ms after that
    let { heap, c } = fake(60000, 50);
    heap.used = 400;
    c.afterLargeWork(5, 40);
    await sleep(30);
    assert.deepStrictEqual(heap.kinds, ['full'], 'the garbage freed first');
    for (let waited = 0; heap.kinds.length < 2 && waited < 2000; waited += 10) await sleep(10);
    assert.deepStrictEqual(heap.kinds, ['full', 'compacting'], 'then the live objects packed');
    c.dispose();
    // a keystroke between the two: no compacting (it waits for the idle time)
    ({ heap, c } = fake(60000, 50));
    heap.used = 400;
    c.afterLargeWork(5, 60);
    await sleep(30);
    c.busy();
    await sleep(80);
    assert.deepStrictEqual(heap.kinds, ['full']);
    c.dispose();
    // the idle pair (150 ms) before the delayed compaction (300 ms): the pair compacts, and once only
    ({ heap, c } = fake(150, 50));
    heap.used = 400;
    c.afterLargeWork(5, 300);
    await sleep(60);
    assert.deepStrictEqual(heap.kinds, ['full'], 'well before the idle time');
    heap.used = 400;
    // (waited for up to 2 s: a loaded machine's timers run late)
    for (let waited = 0; heap.kinds.length < 3 && waited < 2000; waited += 20) await sleep(20);
    await sleep(300);
    assert.deepStrictEqual(heap.kinds, ['full', 'full', 'compacting'], 'then the idle pair, and no second compaction');
    heap.used = 400;
    heap.kinds.length = 0;
    c.afterLargeWork(20);
    c.busy(); // a keystroke meanwhile
    await sleep(60);
    assert.deepStrictEqual(heap.kinds, [], 'work came: the collection waits for the idle time');
    c.dispose();
  });

  it('between keystrokes: a young collection shortly after work, when the young generation holds enough; none while work keeps coming', async () => {
    const kinds: string[] = [];
    let young = 3e6;
    const c = new IdleCollector((kind) => { kinds.push(kind); if (kind === 'young') young = 0; }, 60000, 50, () => 0, 60000, () => 0).betweenWork(20, 1e6, () => young);
    c.busy();
    await sleep(5);
    c.busy(); // the analysis's next step: the pause starts again
    await sleep(10);
    assert.deepStrictEqual(kinds, [], 'not during work');
    await sleep(40);
    assert.deepStrictEqual(kinds, ['young'], 'once the work paused');
    // a keystroke that left little in the young generation: no collection
    young = 1000;
    c.busy();
    await sleep(60);
    assert.deepStrictEqual(kinds, ['young']);
    young = 2e6;
    c.busy();
    await sleep(60);
    assert.deepStrictEqual(kinds, ['young', 'young']);
    c.dispose();
    // not asked for (betweenWork not called): none
    const other: string[] = [];
    const d = new IdleCollector((kind) => { other.push(kind); }, 60000, 50, () => 0, 60000, () => 0);
    d.busy();
    await sleep(40);
    assert.deepStrictEqual(other, []);
    d.dispose();
  });

  it('waits while work keeps coming', async () => {
    const { heap, c } = fake(40, 50);
    heap.used = 400;
    for (let i = 0; i < 6; i++) { c.busy(); await sleep(15); }
    assert.strictEqual(heap.collections, 0, 'every busy() restarts the idle time');
    await sleep(60);
    assert.strictEqual(heap.collections, 2);
    c.dispose();
  });

  it('does not collect when little garbage piled up since the last collection', async () => {
    const { heap, c } = fake(20, 50);
    heap.used = 400;
    c.busy();
    await sleep(50);
    assert.strictEqual(heap.collections, 2);
    heap.used += 30; // under the slack above what was live after the last one
    c.busy();
    await sleep(50);
    assert.strictEqual(heap.collections, 2, 'not worth a pause');
    heap.used += 30;
    c.busy();
    await sleep(50);
    assert.strictEqual(heap.collections, 4);
    c.dispose();
  });

  it('collects when the heap keeps many pages beyond what it uses, garbage or not', async () => {
    const { heap, c } = fake(20, 50);
    heap.held = 30; // V8 collected at the end of the work itself: little garbage, fragmented pages
    c.busy();
    await sleep(50);
    assert.strictEqual(heap.collections, 0, 'under the slack');
    heap.held = 80;
    c.busy();
    await sleep(50);
    assert.deepStrictEqual(heap.kinds, ['full', 'compacting'], 'the pages packed');
    c.busy();
    await sleep(50);
    assert.strictEqual(heap.collections, 2, 'not again once packed');
    c.dispose();
  });

  it('does nothing without gc exposed', async () => {
    const c = new IdleCollector(null, 5, 0, () => 1e9);
    assert.strictEqual(c.enabled, false);
    c.busy();
    await sleep(20);
    assert.strictEqual(c.collections, 0);
  });

  it('the collector the server gets is the one exposed by --expose-gc, if any', () => {
    const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
    assert.strictEqual(new IdleCollector().enabled, exposed);
  });
});
