/**
 * A keystroke in a large file copies the findings and objects of the documents before and after the
 * edited stretch from the analysis before (engine/analyze.ts, Output): the result must be exactly a
 * fresh analysis's, the objects' offsets must be the new text's, and the copy must really happen (a
 * keystroke visits a few documents, not all of them).
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { Analyzer, analyzeText } from '../../server/src/engine/analyze';
import type { FileResult } from '../../server/src/engine/types';
import { defaultSettings } from '../../server/src/engine/settings';
import { ruleMeta, type Rule } from '../../server/src/engine/rule';
import { allRules } from '../../server/src/engine/rules';

/** Documents of every kind the copy must treat right: findings, a Namespace that sets levels, a suppression, a parse error, a duplicate key (its message names a line), merge keys. */
const KINDS: ((i: number) => string)[] = [
  (i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web${i}\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx\n`,
  (i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n`,
  (i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\ndata:\n  k: v\n`,
  () => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n`,
  (i) => `# palisade-ignore K8S020 -- test\napiVersion: v1\nkind: Pod\nmetadata:\n  name: s${i}\nspec:\n  containers:\n    - name: c\n      image: redis\n`,
  (i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad${i}\ndata: [1, 2\n`,
  (i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup${i}\napiVersion: v1\n`,
  (i) => `base: &b\n  image: nginx\napiVersion: v1\nkind: Pod\nmetadata:\n  name: m${i}\nspec:\n  containers:\n    - <<: *b\n      name: c\n`,
];

function fileOf(kinds: number[]): string {
  return kinds.map((k, i) => KINDS[k % KINDS.length](i)).join('---\n');
}

/** The objects of a file as the analyzer lists them, with their offsets in the file. */
function objectsOf(a: Analyzer, file: string): unknown[] {
  return a.objects(file).map((o) => [o.kind, o.name, o.namespace, o.view.loc, o.headLoc]);
}

function sameAsFresh(got: FileResult, text: string): void {
  const fresh = analyzeText(got.file, text);
  assert.deepStrictEqual(got, fresh);
  if (got.runs) {
    // the runs are the findings, per document, on the documents' lines
    assert.deepStrictEqual(got.runs.flat(), got.findings);
    got.runs.forEach((run, i) => {
      for (const f of run) assert.ok(f.range.start.line >= got.runLines![i] && (i === got.runs!.length - 1 || f.range.start.line < got.runLines![i + 1]), `finding of document ${i} on its lines`);
    });
  }
}

describe('incremental analysis: documents around an edit are copied from the analysis before', () => {
  it('equals a fresh analysis after random edits of a file of many documents', function () {
    this.timeout(120_000);
    const edit = fc.record({ at: fc.nat(), del: fc.nat(4), ins: fc.constantFrom('x', ' ', '\n', '---\n', '#', 'Namespace', '\n  namespace: prod', '"', '') });
    fc.assert(fc.property(fc.array(fc.nat(KINDS.length - 1), { minLength: 8, maxLength: 30 }), fc.array(edit, { minLength: 1, maxLength: 10 }), (kinds, edits) => {
      let text = fileOf(kinds);
      const a = new Analyzer({ compact: true });
      const plain = new Analyzer();
      a.analyze('inc.yaml', text);
      plain.analyze('inc.yaml', text);
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        sameAsFresh(a.analyze('inc.yaml', text), text);
        sameAsFresh(plain.analyze('inc.yaml', text), text);
        const fresh = new Analyzer();
        fresh.analyze('inc.yaml', text);
        assert.deepStrictEqual(objectsOf(a, 'inc.yaml'), objectsOf(fresh, 'inc.yaml'));
      }
    }), { numRuns: 80, seed: 11 });
  });

  it('a keystroke visits only the documents around it, and the others keep their findings arrays', () => {
    const kinds = Array.from({ length: 60 }, (_, i) => [0, 1, 2][i % 3]);
    let text = fileOf(kinds);
    const a = new Analyzer({ compact: true });
    let before = a.analyze('big.yaml', text);
    assert.strictEqual(a.lastVisited, 60);
    assert.ok(before.runs, 'findings per document');
    for (const name of ['web30', 'p1', 'cm59']) {
      const at = text.indexOf(`name: ${name}\n`) + `name: ${name}`.length;
      text = text.slice(0, at) + 'x' + text.slice(at);
      const after = a.analyze('big.yaml', text);
      sameAsFresh(after, text);
      // the edited document, one before it and two after it (splitEdited's window), at most
      assert.ok(a.lastVisited <= 4, `${a.lastVisited} documents visited`);
      assert.strictEqual(a.lastParsed, 1);
      const line = text.slice(0, at).split('\n').length - 1;
      let edited = 0;
      while (edited + 1 < kinds.length && before.runLines![edited + 1] <= line) edited++;
      after.runs!.forEach((run, i) => { if (i < edited - 1 || i > edited + 2) assert.strictEqual(run, before.runs![i], `document ${i} keeps its findings array`); });
      assert.notStrictEqual(after.runs![edited], before.runs![edited]);
      before = after;
    }
    // an edit that moves the documents after it to other lines: they are visited (their positions change)
    const at = text.indexOf('  name: web30x\n');
    assert.ok(at > 0);
    text = text.slice(0, at) + '\n' + text.slice(at);
    sameAsFresh(a.analyze('big.yaml', text), text);
    assert.ok(a.lastVisited > 25, `${a.lastVisited} documents visited`);
    // the same text again: every document copied
    a.analyze('big.yaml', text);
    assert.strictEqual(a.lastVisited, 0);
    // two documents joined on the same lines (a marker commented out): the documents after them change index
    const marker = text.indexOf('---\n', text.length >> 1);
    text = text.slice(0, marker) + '#' + text.slice(marker + 1);
    sameAsFresh(a.analyze('big.yaml', text), text);
    text = text.slice(0, marker) + '-' + text.slice(marker + 1);
    sameAsFresh(a.analyze('big.yaml', text), text);
    // a document broken by an edit is visited again on every keystroke, the others around it are still copied
    const broken = text.indexOf('  name: p1x\n');
    assert.ok(broken > 0);
    text = text.slice(0, broken) + '  name: [' + text.slice(broken + '  name: '.length);
    sameAsFresh(a.analyze('big.yaml', text), text);
    assert.ok(a.analyze('big.yaml', text).errors.length === 1 && a.lastVisited === 1, `${a.lastVisited} documents visited`);
    const far = text.indexOf('name: cm59') + 'name: cm59'.length;
    text = text.slice(0, far) + 'x' + text.slice(far);
    sameAsFresh(a.analyze('big.yaml', text), text);
    assert.ok(a.lastVisited <= 4, `${a.lastVisited} documents visited`);
    // under other settings, every document is checked again
    const other = a.analyze('big.yaml', text, { settings: { ...defaultSettings(), rules: { K8S020: 'off' } } });
    assert.strictEqual(a.lastVisited, 60);
    assert.ok(!other.findings.some((f) => f.ruleId === 'K8S020'));
    sameAsFresh(a.analyze('big.yaml', text), text);
  });

  it('documents that change index are not copied, even when they start on the lines the old ones did', () => {
    // documents of equal length: one inserted makes each later document start where the one before it did
    let text = fileOf(Array.from({ length: 30 }, () => 1));
    const a = new Analyzer({ compact: true });
    a.analyze('same.yaml', text);
    const at = text.indexOf('---\n', text.length >> 1) + 4;
    text = text.slice(0, at) + KINDS[1](99) + '---\n' + text.slice(at);
    sameAsFresh(a.analyze('same.yaml', text), text);
  });

  it('no runs when a document has a finding on the next document\'s first line (a sort by position could mix the two)', () => {
    // a rule reporting at the very end of its document: the start of the next one
    const atEnd: Rule = { meta: ruleMeta({ id: 'TEST990', name: 'test990', title: 'At the end', severity: 'warning', docs: { description: 'd', rationale: 'r', remediation: 'm' } }), target: 'yaml-doc', check: (doc, ctx) => { if (doc.root.get('kind').str === 'ConfigMap') ctx.report({ loc: [doc.pd.offset + doc.length, doc.pd.offset + doc.length], message: 'end' }); } } as Rule;
    const rules = [...allRules, atEnd];
    const text = fileOf([2, 1, 0]);
    const r = new Analyzer({ rules }).analyze('f.yaml', text);
    assert.ok(r.findings.some((f) => f.ruleId === 'TEST990'));
    assert.strictEqual(r.runs, undefined);
    // the same file with the ConfigMap last: its end is the file's end, and the runs are there
    const last = new Analyzer({ rules }).analyze('f.yaml', fileOf([1, 0, 2]));
    assert.ok(last.findings.some((f) => f.ruleId === 'TEST990') && last.runs);
  });
});
