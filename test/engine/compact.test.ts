/**
 * The compact copy of a parsed document (engine/yaml/compact.ts) must read exactly like the parsed
 * document through YView: same kinds, values, locations, entries (merges, duplicates, aliases) and
 * items, for every document of the corpora, the examples, the benchmark's generated manifests and
 * hand-written YAML with every construct the copy handles specially.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { isMap, isScalar, isSeq, isAlias, isPair } from 'yaml';
import { splitDocuments } from '../../server/src/engine/yaml/split';
import { parseChunk, DocModel } from '../../server/src/engine/yaml/parse';
import { compactModel, isCompact } from '../../server/src/engine/yaml/compact';
import { YView } from '../../server/src/engine/yaml/nodes';
import { objectsOf, podSpecOf } from '../../server/src/engine/k8s/model';
import { CORPUS_DIR, requireCorpus } from '../corpus';
import { manifest } from '../../bench/gen';
import { Analyzer } from '../../server/src/engine/analyze';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

/** Walks both views side by side; returns how many views were compared. */
function compare(a: YView, b: YView, where: string, budget = { left: 20000 }, depth = 0): number {
  if (budget.left-- <= 0 || depth > 60) return 0;
  const at = (what: string) => `${where}: ${what}`;
  assert.equal(b.exists, a.exists, at('exists'));
  assert.equal(b.isMap, a.isMap, at('isMap'));
  assert.equal(b.isSeq, a.isSeq, at('isSeq'));
  assert.equal(b.isScalar, a.isScalar, at('isScalar'));
  assert.equal(b.isNull, a.isNull, at('isNull'));
  assert.deepEqual(b.value, a.value, at('value'));
  assert.equal(b.str, a.str, at('str'));
  assert.deepEqual(b.loc, a.loc, at('loc'));
  assert.deepEqual(b.keyLoc, a.keyLoc, at('keyLoc'));
  assert.deepEqual(b.pairLoc, a.pairLoc, at('pairLoc'));
  let n = 1;
  const ea = a.entries(), eb = b.entries();
  assert.deepEqual(eb.map(([k]) => k), ea.map(([k]) => k), at('keys'));
  for (let i = 0; i < ea.length; i++) {
    const k = ea[i][0];
    n += compare(ea[i][1], eb[i][1], `${where}.${k}`, budget, depth + 1);
    assert.deepEqual(b.get(k).loc, a.get(k).loc, at(`get(${k})`));
  }
  assert.equal(b.get('no-such-key').exists, a.get('no-such-key').exists, at('missing key'));
  const ia = a.items(), ib = b.items();
  assert.equal(ib.length, ia.length, at('items'));
  for (let i = 0; i < ia.length; i++) n += compare(ia[i], ib[i], `${where}[${i}]`, budget, depth + 1);
  assert.deepEqual(b.strings(), a.strings(), at('strings'));
  return n;
}

function checkText(text: string, name: string): number {
  let n = 0;
  for (const [i, c] of splitDocuments(text).entries()) {
    const full: DocModel = parseChunk(c, i);
    full.pd.offset = c.offset;
    const small = compactModel(full);
    assert.ok(isCompact(small) && !isCompact(full), name);
    assert.equal(small.index, full.index);
    assert.equal(small.length, full.length);
    assert.equal(small.skipped, full.skipped);
    assert.deepEqual(small.error, full.error);
    n += compare(full.root, small.root, `${name}#${i}`);
    // the Kubernetes objects and pod specs read from each are the same
    const oa = objectsOf(full), ob = objectsOf(small);
    assert.deepEqual(ob.map((o) => [o.ref, o.headLoc, o.startLoc]), oa.map((o) => [o.ref, o.headLoc, o.startLoc]), `${name}#${i} objects`);
    for (let j = 0; j < oa.length; j++) {
      const pa = podSpecOf(oa[j]), pb = podSpecOf(ob[j]);
      assert.deepEqual(pb && pb.containers.map((x) => [x.name, x.kind, x.index, x.headLoc]), pa && pa.containers.map((x) => [x.name, x.kind, x.index, x.headLoc]), `${name}#${i} pod`);
    }
  }
  return n;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out;
}

describe('compact document copy (engine/yaml/compact)', () => {
  it('is recognised by the yaml type guards', () => {
    const [c] = splitDocuments('a: &x [1, {b: c}]\nd: *x\n');
    const m = compactModel(parseChunk(c, 0));
    const root = m.root.node;
    assert.ok(isMap(root));
    const pair = (root as unknown as { items: unknown[] }).items[1];
    assert.ok(isPair(pair));
    assert.ok(isAlias((pair as { value: unknown }).value));
    const seq = m.root.get('d');
    assert.ok(isSeq(seq.node) && isScalar(seq.items()[0].node));
    assert.deepEqual(m.root.get('d').loc, m.root.get('a').loc, 'an alias reads as the anchored node, at its location');
  });

  it('reads like the parsed document: anchors, merges, duplicates, cycles, omap/pairs/set, tags, flow, complex keys', () => {
    const texts = [
      'base: &b {cpu: 1, mem: 2}\nsmall: &s\n  <<: *b\n  cpu: 3\nboth:\n  <<: [*s, *b]\n  extra: x\n',
      'k: 1\nk: 2\nk: {a: 1, a: 2}\n',
      'a: &a [1, *a]\nb: *a\nc: *missing\n',
      'o: !!omap [{x: 1}, {y: 2}]\np: !!pairs [{x: 1}, {x: 2}]\ns: !!set {a, b}\n',
      't: 2001-12-14t21:59:43.10-05:00\nbin: !!binary aGVsbG8=\ny: yes\nn: ~\ne:\noct: 0777\nbig: 123456789012345678901234567890\n',
      '? [a, b]\n: complex\n? {k: v}\n: map key\n"q": \'s\'\n',
      'seq:\n- \n- - nested\n  - &n deep\n- {flow: *n}\n- [x, y]\n',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {containers: [{name: c, image: nginx}]}\n- &p\n  apiVersion: v1\n  kind: Pod\n  metadata:\n    name: b\n  spec:\n    containers: []\n',
      'anchors: &k key\n*k : aliased key\nx: [a: 1, b]\n',
      '--- !!str plain\n--- |\n  block\n--- \n# only a comment\n---\n{{ .Values.x }}: 1\n---\nbad: [\n',
    ];
    let n = 0;
    texts.forEach((t, i) => { n += checkText(t, `text ${i}`); n += checkText(t.replace(/\n/g, '\r\n'), `text ${i} CRLF`); });
    assert.ok(n > 150, `compared ${n} views`);
  });

  it('reads like the parsed document for the examples and the generated benchmark manifests', () => {
    let n = 0;
    for (const f of yamlFiles(path.join(__dirname, '..', '..', 'examples'))) n += checkText(fs.readFileSync(f, 'utf8'), f);
    n += checkText(manifest(3000, 7), 'bench manifest');
    assert.ok(n > 3000, `compared ${n} views`);
  });

  it('reads like the parsed document for every YAML file of the corpora', function () {
    this.timeout(120000);
    requireCorpus('pss');
    const files = yamlFiles(CORPUS_DIR);
    assert.ok(files.length > 1000, `${files.length} corpus files`);
    let n = 0;
    for (const f of files) n += checkText(fs.readFileSync(f, 'utf8'), path.relative(CORPUS_DIR, f));
    assert.ok(n > 100000, `compared ${n} views`);
  });
});

describe('Analyzer({ compact: true })', () => {
  const exampleFiles = () => yamlFiles(path.join(__dirname, '..', '..', 'examples')).map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));

  it('finds what the analyzer without copies finds, cross-resource findings included (examples, corpora)', function () {
    this.timeout(120000);
    requireCorpus('pss');
    const sets = [exampleFiles(), yamlFiles(CORPUS_DIR).slice(0, 1500).map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }))];
    for (const files of sets) {
      // every rule (strict profile): the comparison covers the most findings
      const strict = { ...defaultSettings(), profile: 'strict' as const };
      const want = scanTexts(files, strict, new Analyzer());
      const got = scanTexts(files, strict, new Analyzer({ compact: true }));
      assert.ok(want.reduce((n, r) => n + r.findings.length, 0) > 100);
      assert.deepEqual(got, want);
    }
  });

  it('gives the same findings through edits, and parses again when settings change', () => {
    const file = 'file:///edit.yaml';
    let text = manifest(1500, 3);
    const plain = new Analyzer(), small = new Analyzer({ compact: true });
    const rng = (() => { let x = 42; return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648; })();
    let settings = defaultSettings();
    for (let step = 0; step < 60; step++) {
      if (step === 20) settings = { ...settings, podSecurity: { level: 'baseline', version: 'v1.29' } };
      if (step === 40) settings = { ...settings, rules: { K8S025: 'off', NET052: 'error' } };
      const want = plain.analyze(file, text, { settings });
      const got = small.analyze(file, text, { settings });
      assert.deepEqual(got, want, `step ${step}`);
      if (step === 20 || step === 40) assert.ok(small.lastParsed > 10, `re-check under new settings parsed ${small.lastParsed} documents again`);
      assert.deepEqual(small.objects(file).map((o) => [o.ref, o.headLoc]), plain.objects(file).map((o) => [o.ref, o.headLoc]));
      // an edit: a label value, a new line, or a removed document
      const lines = text.split('\n');
      const at = Math.floor(rng() * lines.length);
      const kind = step % 3;
      if (kind === 0) lines[at] = lines[at].replace(/backend$/, 'frontend').replace(/: web$/, ': api');
      else if (kind === 1) lines.splice(at, 0, lines[at].replace(/\S.*$/, '# note'));
      else { const s = lines.indexOf('---', at); if (s > 0) { const e = lines.indexOf('---', s + 1); if (e > s) lines.splice(s, e - s); } }
      text = lines.join('\n');
    }
  });

  it('indexes objects without running rules (objectsOnly), keeping them parsed for the rules to run later', () => {
    const file = 'file:///index.yaml';
    // a syntax error in one document, the rest a generated manifest
    const text = 'a: [1, 2\n---\n' + manifest(800, 11);
    const settings = defaultSettings();
    const fresh = new Analyzer();
    const want = fresh.analyze(file, text, { settings });
    const docs = splitDocuments(text).length;
    for (const compact of [true, false]) {
      const a = new Analyzer({ compact });
      const idx = a.analyze(file, text, { settings, objectsOnly: true });
      assert.deepEqual(idx.findings, [], 'no rule ran');
      assert.deepEqual(idx.errors, want.errors, 'syntax errors are still reported');
      assert.equal(a.lastParsed, docs);
      assert.deepEqual(a.objects(file).map((o) => [o.ref, o.headLoc, o.startLoc]), fresh.objects(file).map((o) => [o.ref, o.headLoc, o.startLoc]));
      assert.ok(!a.objects(file).some((o) => isCompact(o.doc)), 'unchecked documents stay parsed');
      // the rules run on the full analysis without parsing again; then the copies are made
      assert.deepEqual(a.analyze(file, text, { settings }), want);
      assert.equal(a.lastParsed, 0);
      assert.equal(a.objects(file).every((o) => isCompact(o.doc)), compact);
      // indexing the same text again keeps the checked documents; the next full analysis reuses them
      assert.deepEqual(a.analyze(file, text, { settings, objectsOnly: true }).findings, []);
      assert.equal(a.lastParsed, 0);
      assert.deepEqual(a.analyze(file, text, { settings }), want);
      assert.equal(a.lastParsed, 0);
    }
  });

  it('keeps no parsed document, and markedly less memory', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const text = manifest(20000, 5);
    const retained = (a: Analyzer) => { gc(); const h0 = process.memoryUsage().heapUsed; a.analyze('file:///m.yaml', text); a.analyze('file:///m.yaml', text); gc(); return process.memoryUsage().heapUsed - h0; };
    // warm up on another, small text first: compiled code and module-level state live on the heap too
    const other = manifest(200, 9);
    new Analyzer().analyze('file:///w.yaml', other); new Analyzer({ compact: true }).analyze('file:///w.yaml', other);
    const plain = new Analyzer(), small = new Analyzer({ compact: true });
    const full = retained(plain);
    const compact = retained(small);
    assert.ok(small.objects('file:///m.yaml').every((o) => isCompact(o.doc)) && !plain.objects('file:///m.yaml').some((o) => isCompact(o.doc)));
    // measured: 12-13 MB against 17-18 MB (findings, texts and line indexes are the same in both)
    assert.ok(compact < full * 0.85, `compact ${(compact / 1e6).toFixed(1)} MB, parsed ${(full / 1e6).toFixed(1)} MB`);
  });
});
