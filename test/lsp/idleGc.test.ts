/** The idle collector: a full collection only after idle time, only when garbage piled up. */
import * as assert from 'assert';
import { IdleCollector } from '../../server/src/lsp/idleGc';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle garbage collection', () => {
  /** A collector over a fake heap: `used` grows with work, a collection brings it back to `live`. */
  function fake(idleMs: number, slack: number) {
    const heap = { used: 100, live: 100, collections: 0 };
    const c = new IdleCollector(() => { heap.collections++; heap.used = heap.live; }, idleMs, slack, () => heap.used);
    return { heap, c };
  }

  it('collects twice once idle after work that left garbage', async () => {
    const { heap, c } = fake(30, 50);
    heap.used = 400;
    c.busy();
    await sleep(10);
    assert.strictEqual(heap.collections, 0, 'not while work may still come');
    await sleep(60);
    assert.strictEqual(heap.collections, 2, 'a collection, and a second one a turn later (pages released)');
    assert.strictEqual(c.collections, 2);
    c.dispose();
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
