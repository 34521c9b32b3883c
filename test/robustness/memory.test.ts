/**
 * Memory stays bounded while a large file is edited: nothing the analyzer keeps for an unchanged
 * document (its parse, findings, fixes, style) may hold on to the version of the file it came from.
 * Measured with a full garbage collection (gc exposed through v8 flags); a leak of one file text per
 * edit shows as tens of megabytes, far above the allowance.
 */
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/settings';
import { manifest } from '../../bench/gen';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMB = () => { gc(); gc(); return process.memoryUsage().heapUsed / 2 ** 20; };

describe('memory while editing', function () {
  this.timeout(120000);
  it('30 edits of a 20,000-line manifest do not keep old versions of the text alive', () => {
    const base = manifest(20000);
    const settings = { ...defaultSettings(), budgetMs: 1e9 };
    // as the language server keeps it (a one-shot analyzer, the CLI's, makes no copies)
    const a = new Analyzer({ compact: true });
    const ls = base.split('\n');
    const points: number[] = [];
    ls.forEach((l, i) => { if (/tier: backend$/.test(l)) points.push(i); });
    const edit = (i: number) => { ls[points[(i * 7919) % points.length]] += 'x'; return ls.join('\n'); };
    a.analyze('f.yaml', base, { settings });
    // warm up: every kind of edit once, so caches of bounded size are full before the baseline
    for (let i = 0; i < 5; i++) a.analyze('f.yaml', edit(i), { settings });
    const before = heapMB();
    const textMB = base.length / 2 ** 20;
    for (let i = 5; i < 35; i++) assert.ok(a.analyze('f.yaml', edit(i), { settings }).findings.length > 100);
    const grew = heapMB() - before;
    // a leak of one text per edit would be 30 x textMB (about 13 MB); allow a few texts' worth of noise
    assert.ok(grew < 4 * textMB, `heap grew by ${grew.toFixed(1)} MB over 30 edits of a ${textMB.toFixed(2)} MB text`);
  });
});
