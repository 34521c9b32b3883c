/** While a line is half typed: the rest of the document keeps its findings, and the error points at the token (issue 17). */
import * as assert from 'assert';
import { analyzeText } from '../../server/src/engine/analyze';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostPID: true\n  containers:\n  - name: app\n    image: nginx:1.25\n    securityContext:\n      privileged: true\n';

describe('a document with a syntax error on one line', () => {
  const cases: [string, string, [number, number]][] = [
    ['a key typed without its colon', POD + '    ports:\n    - containerPort: 80\n      proto\n', [14, 7]],
    ['an unterminated quote', POD + '    env:\n    - name: A\n      value: "unterminated\n', [14, 26]],
    ['a half-typed key in the middle', POD.replace('  hostPID: true\n', '  hostPID: true\n  serviceAcc\n'), [7, 3]],
  ];
  for (const [name, text, [line, col]] of cases) {
    it(`${name}: the error is at the token, and the other lines keep their findings`, () => {
      const r = analyzeText('pod.yaml', text);
      assert.strictEqual(r.errors.length, 1, JSON.stringify(r.errors));
      const e = r.errors[0];
      assert.deepStrictEqual([e.range.start.line + 1, e.range.start.character + 1], [line, col], e.message);
      assert.match(e.message, /the rest of the document is checked without this line/);
      const ids = r.findings.map((f) => f.ruleId);
      assert.ok(ids.includes('K8S002') && ids.includes('K8S003'), ids.join(' '));
      // nothing is reported on the broken line itself
      assert.ok(r.findings.every((f) => f.range.start.line !== e.range.start.line), JSON.stringify(r.findings.map((f) => f.range)));
    });
  }

  it('an error that blanking its line does not cure leaves the document not analysed, with its error', () => {
    const r = analyzeText('pod.yaml', POD + '    args: [a,\n      b,\n');
    assert.strictEqual(r.errors.length, 1);
    assert.doesNotMatch(r.errors[0].message, /checked without this line/);
    assert.deepStrictEqual(r.findings.filter((f) => f.ruleId === 'K8S003'), []);
  });
});
