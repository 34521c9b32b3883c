/**
 * Conformance with `kustomize build`: the 170 cases of ../shared/corpus/kustomize (Kustomize's own api/krusty tests:
 * a folder of files, the folder to build, and the exact expected output or an expected error). Each case is built by
 * the engine's builder with the options kustomize's test harness uses (krusty.MakeDefaultOptions: no final reordering,
 * load restrictions to the root) and compared with the expectation: the documents parsed, equal and in the same order
 * (semantic agreement), then the text byte for byte (exact agreement). A `wantError` case must fail.
 * For 41 cases the corpus lacks files its Go test writes through helper functions; kustomize-supplement/ restores them
 * from the same commit's test source (see its README), read only where the corpus has no such file. The agreement is
 * measured both with those inputs restored (the figure asserted case by case) and on the corpus as given (a floor).
 * Every case that does not agree is listed, with the reason, in disagreements/kustomize.json: an unlisted failure
 * fails the test, and so does a listed case that now agrees (so the list and the measured floor stay exact).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { manifest, CORPUS_DIR } from '../corpus';
import { kustomizeBuild, KustomizeError, KustomizeHost } from '../../server/src/engine/kustomize/build';
import { diskHost } from '../../server/src/cli/kustomize';

interface Case { name: string; dir: string; run: string; source_path: string; expected?: string; wantError?: boolean }
interface Outcome { semantic: boolean; exact: boolean; detail: string }

const DATA = path.join(__dirname, 'disagreements', 'kustomize.json');
const SUPPLEMENT = path.join(__dirname, 'kustomize-supplement');

/** The disk, with a case's missing inputs read from kustomize-supplement/ when the corpus has no such file. */
function supplementedHost(caseRoot: string, suppRoot: string): KustomizeHost {
  const disk = diskHost();
  const alt = (p: string) => (p.startsWith(caseRoot + '/') ? path.join(suppRoot, p.slice(caseRoot.length + 1)) : undefined);
  return {
    readFile: (p) => disk.readFile(p) ?? (alt(p) !== undefined ? disk.readFile(alt(p)!) : undefined),
    isDirectory: (p) => disk.isDirectory(p) || (alt(p) !== undefined && disk.isDirectory(alt(p)!)),
  };
}
const docsOf = (text: string) => parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS());

function runCase(c: Case, supplemented: boolean): Outcome {
  const caseRoot = path.resolve(CORPUS_DIR, 'kustomize', c.dir);
  const dir = path.resolve(caseRoot, c.run);
  const host = supplemented ? supplementedHost(caseRoot, path.join(SUPPLEMENT, c.dir)) : diskHost();
  let out: string | undefined, err: unknown;
  try {
    out = kustomizeBuild(host, dir, { reorder: 'none' }).yaml;
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
  const data = JSON.parse(fs.readFileSync(DATA, 'utf8')) as { failing: Record<string, string>; supplemented: Record<string, string>; floorAsGiven: number };
  const outcomes = new Map<string, Outcome>();
  const outcome = (c: Case) => {
    if (!outcomes.has(c.dir)) outcomes.set(c.dir, runCase(c, true));
    return outcomes.get(c.dir)!;
  };

  it('has the 170 cases, and every listed failure names a case with a reason', () => {
    assert.strictEqual(cases.length, 170);
    const dirs = new Set(cases.map((c) => c.dir));
    for (const [dir, why] of Object.entries(data.failing)) {
      assert.ok(dirs.has(dir), `${dir} is listed in disagreements/kustomize.json but is not a case`);
      assert.ok(why.length > 20, `${dir}: give a reason`);
    }
    for (const dir of Object.keys(data.supplemented)) {
      assert.ok(dirs.has(dir), `${dir} is listed as supplemented but is not a case`);
      assert.ok(fs.existsSync(path.join(SUPPLEMENT, dir, 'in')), `${dir}: no restored inputs in kustomize-supplement/`);
    }
    const folders = fs.readdirSync(SUPPLEMENT).filter((f) => f.includes('__'));
    assert.deepStrictEqual(folders.sort(), Object.keys(data.supplemented).sort(), 'kustomize-supplement/ and the "supplemented" list name the same cases');
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

  it('agrees with at least 95% of the cases (semantic and exact agreement reported)', () => {
    const all = cases.map((c) => outcome(c));
    const semantic = all.filter((o) => o.semantic).length;
    const exact = all.filter((o) => o.exact).length;
    const floor = cases.length - Object.keys(data.failing).length;
    const pct = (n: number) => (100 * n / cases.length).toFixed(1);
    console.log(`      kustomize build agreement (missing inputs restored): ${semantic}/${cases.length} same documents in the same order (${pct(semantic)}%), ${exact}/${cases.length} byte-identical`);
    assert.ok(semantic >= floor, `semantic agreement ${semantic} is below the floor ${floor}`);
    assert.strictEqual(exact, semantic, 'every semantic agreement is also byte-identical');
    assert.ok(semantic >= Math.ceil(0.95 * cases.length), `agreement ${semantic}/${cases.length} is below 95%`);
  });

  it('on the corpus as given (without the restored inputs), agrees at least as often as measured', () => {
    const asGiven = cases.map((c) => runCase(c, false));
    const semantic = asGiven.filter((o) => o.semantic).length;
    const exact = asGiven.filter((o) => o.exact).length;
    console.log(`      kustomize build agreement (corpus as given): ${semantic}/${cases.length} same documents (${(100 * semantic / cases.length).toFixed(1)}%), ${exact}/${cases.length} byte-identical`);
    assert.ok(semantic >= data.floorAsGiven, `agreement on the corpus as given ${semantic} is below the floor ${data.floorAsGiven}`);
    cases.forEach((c, i) => {
      if (!asGiven[i].semantic && !data.failing[c.dir]) assert.ok(data.supplemented[c.dir], `${c.dir} fails on the corpus as given (${asGiven[i].detail}) but is not listed as supplemented`);
    });
  });
});
