/**
 * Conformance with `kustomize build`: the 170 cases of ../shared/corpus/kustomize (Kustomize's own api/krusty tests:
 * a folder of files, the folder to build, and the exact expected output or an expected error). Each case is built by
 * the engine's builder with the options kustomize's test harness uses (krusty.MakeDefaultOptions: no final reordering,
 * load restrictions to the root) and compared with the expectation: the documents parsed, equal and in the same order
 * (semantic agreement), then the text byte for byte (exact agreement). A `wantError` case must fail.
 * Every case that does not agree is listed, with the reason, in disagreements/kustomize.json: an unlisted failure
 * fails the test, and so does a listed case that now agrees (so the list and the measured floor stay exact).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { manifest, CORPUS_DIR } from '../corpus';
import { kustomizeBuild, KustomizeError } from '../../server/src/engine/kustomize/build';
import { diskHost } from '../../server/src/cli/kustomize';

interface Case { name: string; dir: string; run: string; source_path: string; expected?: string; wantError?: boolean }
interface Outcome { semantic: boolean; exact: boolean; detail: string }

const DATA = path.join(__dirname, 'disagreements', 'kustomize.json');
const docsOf = (text: string) => parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS());

function runCase(c: Case): Outcome {
  const dir = path.join(CORPUS_DIR, 'kustomize', c.dir, c.run);
  let out: string | undefined, err: unknown;
  try {
    out = kustomizeBuild(diskHost(), path.resolve(dir), { reorder: 'none' }).yaml;
  } catch (e) {
    err = e;
  }
  if (err !== undefined && !(err instanceof KustomizeError)) throw err; // a crash is never an agreement
  if (c.wantError) {
    return err !== undefined ? { semantic: true, exact: true, detail: 'fails as expected' } : { semantic: false, exact: false, detail: 'builds, but kustomize fails' };
  }
  if (err !== undefined) return { semantic: false, exact: false, detail: `fails: ${(err as Error).message.split('\n')[0]}` };
  const expected = fs.readFileSync(path.join(CORPUS_DIR, 'kustomize', c.expected!), 'utf8');
  if (out === expected) return { semantic: true, exact: true, detail: 'identical' };
  const semantic = JSON.stringify(docsOf(out!)) === JSON.stringify(docsOf(expected));
  return { semantic, exact: false, detail: semantic ? 'same documents, different text' : 'different documents' };
}

describe('conformance: kustomize build (corpus/kustomize, 170 api/krusty cases)', function () {
  this.timeout(60000);
  const cases = manifest<Case>('kustomize');
  const data = JSON.parse(fs.readFileSync(DATA, 'utf8')) as { failing: Record<string, string> };
  const outcomes = new Map<string, Outcome>();
  const outcome = (c: Case) => {
    if (!outcomes.has(c.dir)) outcomes.set(c.dir, runCase(c));
    return outcomes.get(c.dir)!;
  };

  it('has the 170 cases, and every listed failure names a case with a reason', () => {
    assert.strictEqual(cases.length, 170);
    const dirs = new Set(cases.map((c) => c.dir));
    for (const [dir, why] of Object.entries(data.failing)) {
      assert.ok(dirs.has(dir), `${dir} is listed in disagreements/kustomize.json but is not a case`);
      assert.ok(why.length > 20, `${dir}: give a reason`);
    }
  });

  for (const c of cases) {
    const listed = data.failing[c.dir];
    it(`${c.dir}${listed ? ' (listed as not agreeing)' : ''}`, () => {
      const o = outcome(c);
      if (listed) {
        assert.ok(!o.semantic, `${c.dir} now agrees with kustomize (${o.detail}): remove it from disagreements/kustomize.json`);
      } else {
        assert.ok(o.semantic, `${c.dir}: ${o.detail}`);
        assert.ok(o.exact, `${c.dir}: the same documents as kustomize prints, but not the same text`);
      }
    });
  }

  it('agrees with the measured floor (semantic and exact agreement reported)', () => {
    const all = cases.map((c) => outcome(c));
    const semantic = all.filter((o) => o.semantic).length;
    const exact = all.filter((o) => o.exact).length;
    const floor = cases.length - Object.keys(data.failing).length;
    console.log(`      kustomize build agreement: ${semantic}/${cases.length} same documents in the same order (${(100 * semantic / cases.length).toFixed(1)}%), ${exact}/${cases.length} byte-identical; floor ${floor}`);
    assert.ok(semantic >= floor, `semantic agreement ${semantic} is below the floor ${floor}`);
    assert.strictEqual(exact, semantic, 'every semantic agreement is also byte-identical');
  });
});
