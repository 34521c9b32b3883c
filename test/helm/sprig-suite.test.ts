/**
 * Sprig's own test cases (test/helm/fixtures/sprig: every literal runt(template, expected) of Masterminds/sprig's
 * tests, MIT) through the engine's Sprig. The few that cannot agree are listed with their reason; an unlisted
 * mismatch fails, and so does a listed one that now agrees.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TemplateSet } from '../../server/src/engine/helm/exec';
import { sprigFuncs } from '../../server/src/engine/helm/sprig';

interface Case { file: string; tpl: string; expect: string }
const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'sprig', 'cases.json'), 'utf8')) as Case[];

/** template -> why the engine's answer differs from the expected text of the case */
const EXPECTED_DIFFERENT: Record<string, RegExp> = {
  // Helm deletes env and expandenv from the function map (pkg/engine/funcs.go): templates cannot read the environment
  '{{env "FOO"}}': /function "env" not defined/,
  '{{expandenv "Hello $FOO"}}': /function "expandenv" not defined/,
  // sprig's TestSemverCompareErr asserts that these fail (assert.Error), the "false" beside them is never printed
  '{{ semverCompare "badConstraint" "1.2.3" }}': /improper constraint/,
  '{{ semverCompare "1.2.0" "badVersion" }}': /Invalid Semantic Version/,
};

describe("helm engine: Sprig's own tests (fixtures/sprig)", () => {
  it('has the extracted cases', () => assert.ok(cases.length >= 250, `${cases.length}`));
  let agree = 0;
  for (const c of cases) {
    it(`${c.file}: ${c.tpl}`, () => {
      let got: string;
      try {
        const set = new TemplateSet(sprigFuncs({ now: Date.UTC(2020, 0, 1) }));
        set.parse('test', c.tpl);
        got = set.execute('test', {});
      } catch (e) { got = `ERROR ${(e as Error).message}`; }
      const different = EXPECTED_DIFFERENT[c.tpl];
      if (different) {
        assert.notStrictEqual(got, c.expect, 'now agrees: remove it from EXPECTED_DIFFERENT');
        assert.match(got, different);
      } else {
        assert.strictEqual(got, c.expect);
        agree++;
      }
    });
  }
  after(() => console.log(`      sprig's own cases: ${agree}/${cases.length} agree, ${Object.keys(EXPECTED_DIFFERENT).length} differ by design`));
});
