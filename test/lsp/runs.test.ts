/**
 * Findings per document (FileResult.runs): merging cross-resource findings per document
 * (engine/scan.ts mergeFindings) and presenting and converting per document (lsp/convert.ts
 * toDiagnostics) must give exactly what the whole-file path gives.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { Analyzer } from '../../server/src/engine/analyze';
import { mergeFindings } from '../../server/src/engine/scan';
import type { FileResult, Finding } from '../../server/src/engine/types';
import { toDiagnostics } from '../../server/src/lsp/convert';

const DOCS = [
  (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx\n        - name: side\n          image: busybox:1.36\n`,
  (i: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: redis\n      securityContext:\n        privileged: true\n`,
  (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm${i}\ndata:\n  k: v\n`,
  (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup${i}\napiVersion: v1\n`,
];

function resultOf(kinds: number[]): FileResult {
  const text = kinds.map((k, i) => DOCS[k](i)).join('---\n');
  const r = new Analyzer().analyze('f.yaml', text);
  assert.ok(r.runs, 'findings per document');
  return r;
}

/** A cross-resource finding at a place: often exactly where a document's finding starts (ties decide the order). */
function crossAt(line: number, character: number, ruleId: string): Finding {
  return { ruleId, name: ruleId.toLowerCase(), severity: 'warning', message: `cross ${ruleId} ${line}:${character}`, range: { start: { line, character }, end: { line, character: character + 1 } }, references: { peers: [] }, fixes: [] } as unknown as Finding;
}

const whole = (r: FileResult): FileResult => ({ file: r.file, findings: r.findings, errors: r.errors });

describe('findings per document', () => {
  it('merging cross-resource findings per document equals sorting them all in', () => {
    fc.assert(fc.property(
      fc.array(fc.nat(DOCS.length - 1), { minLength: 1, maxLength: 12 }),
      fc.array(fc.record({ pick: fc.nat(), line: fc.nat(200), ch: fc.nat(12), rule: fc.constantFrom('K8S001', 'K8S014', 'XR001', 'ZZ999', 'A0') }), { minLength: 1, maxLength: 12 }),
      (kinds, xs) => {
        const r = resultOf(kinds);
        // half at a document finding's exact start, half anywhere (also past the file's end)
        const extra = xs.map((x, i) => {
          const f = r.findings[x.pick % Math.max(1, r.findings.length)];
          return i % 2 && f ? crossAt(f.range.start.line, f.range.start.character, x.rule) : crossAt(x.line, x.ch, x.rule);
        });
        const got = mergeFindings(r, extra);
        const want = mergeFindings(whole(r), extra);
        assert.deepStrictEqual(got.findings, want.findings);
        assert.ok(got.runs);
        assert.deepStrictEqual(got.runs.flat(), got.findings);
      }), { numRuns: 200, seed: 5 });
  });

  it('diagnostics per document equal the whole file\'s, under both profiles, with and without cross-resource findings', () => {
    const r = resultOf([0, 1, 2, 3, 0, 1, 3, 2, 1]);
    const extra = [crossAt(r.findings[3].range.start.line, r.findings[3].range.start.character, 'A0'), crossAt(40, 0, 'XR001')];
    for (const profile of ['default', 'strict'] as const) {
      assert.deepStrictEqual(toDiagnostics(r, profile), toDiagnostics(whole(r), profile));
      const m = mergeFindings(r, extra);
      assert.deepStrictEqual(toDiagnostics(m, profile), toDiagnostics(whole(m), profile));
    }
    // findings on one spot are merged under the default profile: the per-document path merges them too
    assert.ok(toDiagnostics(r, 'default').length < toDiagnostics(r, 'strict').length);
  });

  it('a result copied with other findings is not read by its stale runs', () => {
    const r = resultOf([0, 1, 2]);
    const copied = { ...r, findings: r.findings.map((f) => ({ ...f, message: `remapped: ${f.message}` })) };
    assert.ok(toDiagnostics(copied, 'strict').every((d) => d.message.startsWith('remapped: ')));
    assert.deepStrictEqual(mergeFindings(copied, [crossAt(0, 0, 'A0')]).findings.filter((f) => f.ruleId !== 'A0').map((f) => f.message), [...copied.findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)).map((f) => f.message));
    const fewer = { ...r, findings: r.findings.slice(1) };
    assert.strictEqual(toDiagnostics(fewer, 'strict').length, r.findings.length - 1);
  });

  it('through random edits and changing cross-resource findings, merged runs and diagnostics equal the whole file\'s (what is copied from the last call is right)', () => {
    const edit = fc.record({ doc: fc.nat(), what: fc.constantFrom('name', 'newline', 'add', 'remove', 'break'), cross: fc.array(fc.record({ pick: fc.nat(), keep: fc.boolean(), rule: fc.constantFrom('A0', 'XR001', 'ZZ999') }), { maxLength: 4 }) });
    fc.assert(fc.property(fc.array(fc.nat(DOCS.length - 1), { minLength: 4, maxLength: 16 }), fc.array(edit, { minLength: 1, maxLength: 10 }), fc.constantFrom('default', 'strict'), (kinds, edits, profile) => {
      const docs = kinds.map((k, i) => DOCS[k](i));
      const a = new Analyzer({ compact: true });
      let extra: Finding[] = [];
      for (const e of [{ doc: 0, what: 'none', cross: [] }, ...edits]) {
        const d = e.doc % docs.length;
        if (e.what === 'name') docs[d] = docs[d].replace(/name: (\w+)/, 'name: $1x');
        else if (e.what === 'newline') docs[d] = '\n' + docs[d];
        else if (e.what === 'add') docs.splice(d, 0, DOCS[d % DOCS.length](100 + d));
        else if (e.what === 'remove' && docs.length > 1) docs.splice(d, 1);
        else if (e.what === 'break') docs[d] = docs[d].replace('metadata:', 'metadata: [');
        const r = a.analyze('seq.yaml', docs.join('---\n'));
        // cross-resource findings: some kept from the last step (the same objects), some new at a finding's place
        extra = e.cross.map((x, i) => (x.keep && extra[i]) || (r.findings.length ? crossAt(r.findings[x.pick % r.findings.length].range.start.line, 0, x.rule) : crossAt(0, 0, x.rule)));
        const m = mergeFindings(r, extra);
        assert.deepStrictEqual(m.findings, mergeFindings(whole(r), extra).findings);
        assert.deepStrictEqual(toDiagnostics(m, profile), toDiagnostics(whole(m), profile));
        assert.deepStrictEqual(toDiagnostics(r, profile), toDiagnostics(whole(r), profile));
      }
    }), { numRuns: 150, seed: 9 });
  });

  it('an unchanged document keeps its diagnostics objects across analyses', () => {
    const text = [0, 1, 2, 0].map((k, i) => DOCS[k](i)).join('---\n');
    const a = new Analyzer({ compact: true });
    const d1 = toDiagnostics(a.analyze('f.yaml', text), 'default');
    const at = text.indexOf('name: web3') + 'name: web3'.length;
    const d2 = toDiagnostics(a.analyze('f.yaml', text.slice(0, at) + 'x' + text.slice(at)), 'default');
    assert.strictEqual(d2.length, d1.length);
    const kept = d2.filter((d) => d1.includes(d)).length;
    // every diagnostic but the edited Deployment's (its messages name web3x)
    assert.ok(kept > 0 && d2.filter((d) => !d1.includes(d)).every((d) => /web3x/.test(d.message)), `${kept} of ${d2.length} kept`);
  });
});
