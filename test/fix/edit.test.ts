/** The YAML edit library: minimal edits in the file's own style, and declining when unsafe. */
import * as assert from 'assert';
import { parseAllDocuments } from 'yaml';
import { splitDocuments } from '../../server/src/engine/yaml/split';
import { parseChunk } from '../../server/src/engine/yaml/parse';
import type { YView } from '../../server/src/engine/yaml/nodes';
import * as fix from '../../server/src/engine/fix';
import { applyOffsetEdits } from '../../server/src/engine/text';
import type { OffsetEdit } from '../../server/src/engine/types';

function root(text: string, doc = 0): YView {
  const chunks = splitDocuments(text);
  const m = parseChunk(chunks[doc], doc);
  m.pd.offset = chunks[doc].offset;
  return m.root;
}
function apply(text: string, edits: OffsetEdit[] | undefined): string {
  assert.ok(edits, 'expected edits, the library declined');
  const out = applyOffsetEdits(text, edits!);
  const errors = parseAllDocuments(out, { version: '1.1' }).flatMap((d) => d.errors.map((e) => e.message));
  assert.deepStrictEqual(errors, [], `result does not parse:\n${out}`);
  return out;
}

describe('fix library: setPath', () => {
  it('inserts a key into a block map with the sibling indentation', () => {
    const t = 'spec:\n    containers: []\n    securityContext:\n        runAsUser: 1000\n';
    const r = root(t);
    assert.strictEqual(apply(t, fix.setPath(t, r.get('spec'), ['securityContext', 'runAsNonRoot'], true)),
      'spec:\n    containers: []\n    securityContext:\n        runAsUser: 1000\n        runAsNonRoot: true\n');
  });
  it('creates a nested path with the file indentation step', () => {
    const t = 'spec:\n  containers:\n  - name: a\n    image: x # the image\n';
    const c = root(t).get('spec').get('containers').items()[0];
    assert.strictEqual(apply(t, fix.setPath(t, c, ['securityContext', 'seccompProfile', 'type'], 'RuntimeDefault')),
      'spec:\n  containers:\n  - name: a\n    image: x # the image\n    securityContext:\n      seccompProfile:\n        type: RuntimeDefault\n');
  });
  it("writes new strings and lists in the document's style, found at any depth", () => {
    // strings mostly double-quoted (in a list of maps, under a key), lists of scalars in flow style
    const t = 'spec:\n  containers:\n  - name: "a"\n    image: "x:1"\n    args: ["--a", "--b"]\n    env:\n    - {name: "K", value: "v"}\n';
    const c = root(t).get('spec').get('containers').items()[0];
    assert.strictEqual(apply(t, fix.setPath(t, c, ['securityContext', 'capabilities', 'drop'], ['ALL'])),
      t + '    securityContext:\n      capabilities:\n        drop: ["ALL"]\n');
    // booleans and numbers are written plain whatever the style
    assert.strictEqual(apply(t, fix.setPath(t, c, ['securityContext', 'runAsUser'], 1000)), t + '    securityContext:\n      runAsUser: 1000\n');
    // plain strings and block lists
    const p = 'spec:\n  containers:\n  - name: a\n    args:\n    - --a\n';
    const pc = root(p).get('spec').get('containers').items()[0];
    assert.strictEqual(apply(p, fix.setPath(p, pc, ['securityContext', 'capabilities', 'drop'], ['ALL'])),
      p + '    securityContext:\n      capabilities:\n        drop:\n        - ALL\n');
  });
  it('replaces an existing scalar, keeping its quotes', () => {
    const t = 'a:\n  type: "Unconfined" # why\n';
    assert.strictEqual(apply(t, fix.setPath(t, root(t).get('a'), ['type'], 'RuntimeDefault')), 'a:\n  type: "RuntimeDefault" # why\n');
  });
  it('returns no edit when the value is already set', () => {
    const t = 'a:\n  b: true\n';
    assert.deepStrictEqual(fix.setPath(t, root(t).get('a'), ['b'], true), []);
  });
  it('fills a null value (`key:` with a comment, `key: ~`)', () => {
    const t = 'a:\n  securityContext: # later\n  b: 1\n';
    assert.strictEqual(apply(t, fix.setPath(t, root(t).get('a'), ['securityContext', 'runAsNonRoot'], true)),
      'a:\n  securityContext: # later\n    runAsNonRoot: true\n  b: 1\n');
    const t2 = 'a:\n  securityContext: ~\n';
    assert.strictEqual(apply(t2, fix.setPath(t2, root(t2).get('a'), ['securityContext', 'runAsNonRoot'], true)),
      'a:\n  securityContext:\n    runAsNonRoot: true\n');
  });
  it('inserts into flow maps, empty or not', () => {
    const t = 'securityContext: {privileged: true}\n';
    const r = root(t);
    const e1 = fix.setPath(t, r.get('securityContext'), ['privileged'], false)!;
    const e2 = fix.setPath(t, r.get('securityContext'), ['runAsNonRoot'], true)!;
    assert.strictEqual(apply(t, [...e1, ...e2]), 'securityContext: {privileged: false, runAsNonRoot: true}\n');
    const t2 = 'c:\n  securityContext: {}\n';
    assert.strictEqual(apply(t2, fix.setPath(t2, root(t2).get('c'), ['securityContext', 'capabilities', 'drop'], ['ALL'])),
      'c:\n  securityContext: {capabilities: {drop: [ALL]}}\n');
  });
  it('keeps CRLF line endings', () => {
    const t = 'a:\r\n  b: 1\r\n';
    assert.strictEqual(apply(t, fix.setPath(t, root(t).get('a'), ['c', 'd'], 'x')), 'a:\r\n  b: 1\r\n  c:\r\n    d: x\r\n');
  });
  it('works in the second document of a stream', () => {
    const t = 'a: 1\n---\nb:\n  c: 1\n---\nd: 2\n';
    assert.strictEqual(apply(t, fix.setPath(t, root(t, 1).get('b'), ['e'], false)), 'a: 1\n---\nb:\n  c: 1\n  e: false\n---\nd: 2\n');
  });
  it('appends at the end of a file without a final newline', () => {
    const t = 'a:\n  b: 1';
    assert.strictEqual(apply(t, fix.setPath(t, root(t).get('a'), ['c'], true)), 'a:\n  b: 1\n  c: true\n');
  });
  it('declines to edit a value shared through an alias or merge key', () => {
    const t = 'x: &sc\n  privileged: true\ny:\n  securityContext: *sc\nz:\n  <<: {securityContext: {privileged: true}}\n';
    const r = root(t);
    assert.strictEqual(fix.setPath(t, r.get('y'), ['securityContext', 'privileged'], false), undefined);
    assert.strictEqual(fix.setPath(t, r.get('x'), ['privileged'], false), undefined, 'the anchored node is used elsewhere');
    assert.strictEqual(fix.setPath(t, r.get('z'), ['securityContext', 'privileged'], false), undefined);
    // an anchor nobody refers to may be edited
    const t2 = 'x: &sc\n  privileged: true\n';
    assert.strictEqual(apply(t2, fix.setPath(t2, root(t2).get('x'), ['privileged'], false)), 'x: &sc\n  privileged: false\n');
  });
  it('uses the file quoting for new strings', () => {
    const t = 'a:\n  b: "x"\n  c: "y"\n';
    assert.strictEqual(apply(t, fix.setPath(t, root(t).get('a'), ['type'], 'RuntimeDefault')), 'a:\n  b: "x"\n  c: "y"\n  type: "RuntimeDefault"\n');
  });
});

describe('fix library: sequences', () => {
  it('merges into a flow list', () => {
    const t = 'caps:\n  drop: [NET_RAW]\n';
    assert.strictEqual(apply(t, fix.ensureInSeq(t, root(t).get('caps'), ['drop'], 'ALL')), 'caps:\n  drop: [NET_RAW, ALL]\n');
    const t2 = 'caps:\n  drop: []\n';
    assert.strictEqual(apply(t2, fix.ensureInSeq(t2, root(t2).get('caps'), ['drop'], 'ALL')), 'caps:\n  drop: [ALL]\n');
  });
  it('merges into a block list with its dash column and quoting', () => {
    const t = 'caps:\n  drop:\n    - "NET_RAW" # raw\n  add: []\n';
    assert.strictEqual(apply(t, fix.ensureInSeq(t, root(t).get('caps'), ['drop'], 'ALL')), 'caps:\n  drop:\n    - "NET_RAW" # raw\n    - "ALL"\n  add: []\n');
    const t2 = 'caps:\n  drop:\n  - NET_RAW\n';
    assert.strictEqual(apply(t2, fix.ensureInSeq(t2, root(t2).get('caps'), ['drop'], 'ALL')), 'caps:\n  drop:\n  - NET_RAW\n  - ALL\n');
  });
  it('creates a list in the file sequence style (indentless)', () => {
    const t = 'spec:\n  containers:\n  - name: a\n';
    const c = root(t).get('spec').get('containers').items()[0];
    assert.strictEqual(apply(t, fix.ensureInSeq(t, c, ['securityContext', 'capabilities', 'drop'], 'ALL')),
      'spec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        drop:\n        - ALL\n');
  });
  it('removes items from block and flow lists, keeping other comments', () => {
    const t = 'add:\n# keep me\n- SYS_ADMIN # admin\n- CHOWN\n- NET_RAW\n';
    assert.strictEqual(apply(t, fix.removeItems(t, root(t).get('add'), [0, 2])), 'add:\n# keep me\n- CHOWN\n');
    const t2 = 'add: [SYS_ADMIN, CHOWN, NET_RAW]\n';
    assert.strictEqual(apply(t2, fix.removeItems(t2, root(t2).get('add'), [0, 2])), 'add: [CHOWN]\n');
    assert.strictEqual(apply(t2, fix.removeItems(t2, root(t2).get('add'), [0, 1, 2])), 'add: []\n');
  });
});

describe('fix library: removing pairs', () => {
  it('removes whole lines, with the comment of the line, keeping own-line comments', () => {
    const t = 'spec:\n  # about host network\n  hostNetwork: true # yes\n  containers: []\n';
    assert.strictEqual(apply(t, fix.removePair(t, root(t).get('spec').get('hostNetwork'))), 'spec:\n  # about host network\n  containers: []\n');
  });
  it('removes the first pair of a list item by moving the next key up', () => {
    const t = 'ports:\n- hostPort: 80\n  containerPort: 80\n';
    const p = root(t).get('ports').items()[0];
    assert.strictEqual(apply(t, fix.removePair(t, p.get('hostPort'))), 'ports:\n- containerPort: 80\n');
    const t2 = 'ports:\n- hostPort: 80\n';
    assert.strictEqual(apply(t2, fix.removePair(t2, root(t2).get('ports').items()[0].get('hostPort'))), 'ports:\n- {}\n');
  });
  it('removes pairs from flow maps', () => {
    const t = 'a: {hostPID: true, hostIPC: true}\n';
    const a = root(t).get('a');
    assert.strictEqual(apply(t, fix.removePair(t, a.get('hostPID'))), 'a: {hostIPC: true}\n');
    assert.strictEqual(apply(t, fix.removePair(t, a.get('hostIPC'))), 'a: {hostPID: true}\n');
  });
  it('removes a pair with a block value and keeps comments inside it', () => {
    const t = 'v:\n  hostPath:\n    # the data dir\n    path: /data\n  name: x\n';
    assert.strictEqual(apply(t, fix.replacePair(t, root(t).get('v').get('hostPath'), 'emptyDir', '{}')), 'v:\n  emptyDir: {}\n  # the data dir\n  name: x\n');
  });
});

describe('fix library: suppression comments', () => {
  const { suppressionEdit } = require('../../server/src/engine/fix/suppress') as typeof import('../../server/src/engine/fix/suppress');
  const { analyzeText } = require('../../server/src/engine/analyze') as typeof import('../../server/src/engine/analyze');
  const { LineIndex } = require('../../server/src/engine/text') as typeof import('../../server/src/engine/text');
  const t = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\nspec:\r\n  hostNetwork: true\r\n  containers:\r\n  - name: app\r\n    image: nginx:1.25\r\n    securityContext:\r\n      privileged: true\r\n';
  it('are written above the line, indented like it, in the file line ending, and the engine honours them', () => {
    const f = analyzeText('a.yaml', t).findings.find((x) => x.ruleId === 'K8S003')!;
    const e = suppressionEdit(t, new LineIndex(t).offset(f.range.start), 'K8S003');
    assert.strictEqual(e.newText, '      # palisade-ignore K8S003 -- ${1:reason}\r\n');
    const out = applyOffsetEdits(t, [suppressionEdit(t, new LineIndex(t).offset(f.range.start), 'K8S003', false)]);
    assert.ok(!analyzeText('a.yaml', out).findings.some((x) => x.ruleId === 'K8S003'));
    assert.ok(analyzeText('a.yaml', out).findings.some((x) => x.ruleId === 'K8S002'));
  });
  it('at the top of the resource suppress the rule for the whole resource', () => {
    const out = applyOffsetEdits(t, [suppressionEdit(t, 0, 'K8S002', false)]);
    assert.ok(out.startsWith('# palisade-ignore K8S002 -- reason: TODO\r\napiVersion'));
    assert.ok(!analyzeText('a.yaml', out).findings.some((x) => x.ruleId === 'K8S002'));
  });
});
