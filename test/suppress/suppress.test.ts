/** Suppressions: comments above a line / block / resource, file-level, annotations (own and peers'), reasons, unknown ids. */
import * as assert from 'assert';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings, Settings } from '../../server/src/engine/settings';
import type { Finding } from '../../server/src/engine/types';
import { parseDirectives } from '../../server/src/engine/suppress';
import { LineIndex } from '../../server/src/engine/text';
import { getRule } from '../../server/src/engine/rules';

const POD = (extra = '', containerComment = '', top = '') => `${top}apiVersion: v1
kind: Pod
metadata:
  name: web
${extra}spec:
  containers:
${containerComment}  - name: app
    image: nginx:1.25
    securityContext:
      privileged: true
  - name: side
    image: busybox:1.36
    securityContext:
      privileged: true
`;

function run(text: string, s: Partial<Settings> = {}): Finding[] {
  return analyzeText('f.yaml', text, { settings: { ...defaultSettings(), ...s } }).findings;
}
const ids = (f: Finding[]) => f.map((x) => x.ruleId);
const at = (f: Finding[], id: string) => f.filter((x) => x.ruleId === id).map((x) => x.range.start.line);

describe('suppressions', () => {
  it('baseline: both containers are privileged (K8S003 on lines 10 and 14)', () => {
    assert.deepStrictEqual(at(run(POD()), 'K8S003'), [9, 13]);
  });

  it('# palisade-ignore on the line above a finding suppresses only that line', () => {
    const text = POD().replace('      privileged: true\n  - name: side', '      # palisade-ignore K8S003 -- the app needs it\n      privileged: true\n  - name: side');
    const f = run(text);
    assert.deepStrictEqual(at(f, 'K8S003'), [14]);
  });

  it('above a `- ` item (a container) it covers the findings inside that container only', () => {
    const f = run(POD('', '  # palisade-ignore K8S003, K8S014 -- legacy init\n'));
    assert.deepStrictEqual(at(f, 'K8S003'), [14]);
    assert.ok(!f.some((x) => x.ruleId === 'K8S014' && x.range.start.line >= 7 && x.range.start.line <= 11), 'K8S014 of container app suppressed');
    assert.ok(f.some((x) => x.ruleId === 'K8S014' && x.range.start.line >= 12), 'K8S014 of container side kept');
  });

  it('at the top of a resource it covers the whole resource, by id or by rule name, several ids comma-separated', () => {
    assert.deepStrictEqual(at(run(POD('', '', '# palisade-ignore K8S003,K8S014 -- reviewed\n')), 'K8S003'), []);
    assert.deepStrictEqual(at(run(POD('', '', `# palisade-ignore ${getRule('K8S003')!.meta.name} -- reviewed\n`)), 'K8S003'), []);
    // without ids: every rule for the resource
    assert.deepStrictEqual(run(POD('', '', '# palisade-ignore -- vendored\n')), []);
    // only the resource below: the next document keeps its findings
    const two = POD('', '', '# palisade-ignore K8S003 -- reviewed\n') + '---\n' + POD();
    assert.deepStrictEqual(at(run(two), 'K8S003'), [25, 29]);
  });

  it('a blank line between the comment and the line breaks the link', () => {
    assert.deepStrictEqual(at(run(POD('', '', '# palisade-ignore K8S003 -- reviewed\n\n')), 'K8S003'), [11, 15]);
  });

  it('above a `- ` item of a kind: List it covers that item', () => {
    const list = `apiVersion: v1
kind: List
items:
# palisade-ignore K8S003 -- reviewed
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec:
    containers:
    - {name: c, image: "x:1", securityContext: {privileged: true}}
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec:
    containers:
    - {name: c, image: "x:1", securityContext: {privileged: true}}
`;
    assert.deepStrictEqual(at(run(list), 'K8S003'), [15]);
  });

  it('# palisade-ignore-file anywhere suppresses the rule in the whole file', () => {
    const text = POD() + '---\n' + POD() + '# palisade-ignore-file K8S003 -- lab cluster\n';
    const f = run(text);
    assert.deepStrictEqual(at(f, 'K8S003'), []);
    assert.ok(ids(f).includes('K8S014'));
  });

  it('the palisade.dev/ignore annotation, on the object or on the pod template', () => {
    const ann = '  annotations:\n    palisade.dev/ignore: "K8S003,K8S014 -- reviewed"\n';
    const f = run(POD(ann));
    assert.deepStrictEqual(at(f, 'K8S003'), []);
    assert.deepStrictEqual(at(f, 'K8S014'), []);
    const deploy = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    metadata:
      annotations:
        palisade.dev/ignore: K8S003
    spec:
      containers:
      - {name: c, image: "x:1", securityContext: {privileged: true}}
`;
    assert.deepStrictEqual(at(run(deploy), 'K8S003'), []);
    assert.deepStrictEqual(at(run(deploy.replace('palisade.dev/ignore: K8S003', 'other: x')), 'K8S003'), [10]);
  });

  it('peers\' annotations: checkov.io/skipN, ignore-check.kube-linter.io, polaris exempt, kube-linter ignore-all', () => {
    const a = (s: string) => `  annotations:\n${s}`;
    // K8S003 references checkov:CKV_K8S_16, kube-linter:privileged-container, polaris:privilegeEscalationAllowed? (whatever its peers are)
    const f0 = run(POD()).find((x) => x.ruleId === 'K8S003')!;
    const peers = f0.references.peers;
    const ck = peers.find((p) => p.startsWith('checkov:'))!.slice(8);
    const kl = peers.find((p) => p.startsWith('kube-linter:'))!.slice(12);
    const po = peers.find((p) => p.startsWith('polaris:'))!.slice(8);
    assert.deepStrictEqual(at(run(POD(a(`    checkov.io/skip1: ${ck}=privileged by design\n`))), 'K8S003'), []);
    assert.deepStrictEqual(at(run(POD(a(`    checkov.io/skip3: CKV_K8S_999=other\n`))), 'K8S003'), [11, 15]);
    assert.deepStrictEqual(at(run(POD(a(`    ignore-check.kube-linter.io/${kl}: "needs host access"\n`))), 'K8S003'), []);
    assert.deepStrictEqual(at(run(POD(a(`    polaris.fairwinds.com/${po}-exempt: "true"\n`))), 'K8S003'), []);
    assert.deepStrictEqual(at(run(POD(a(`    polaris.fairwinds.com/${po}-exempt: "false"\n`))), 'K8S003'), [11, 15]);
    const all = run(POD(a('    kube-linter.io/ignore-all: "vendored"\n')));
    assert.deepStrictEqual(at(all, 'K8S003'), []);
    // a rule without a kube-linter peer is not silenced by kube-linter's ignore-all
    for (const x of all) assert.ok(!x.references.peers.some((p) => p.startsWith('kube-linter:')), `${x.ruleId} should be suppressed`);
    assert.ok(all.length > 0);
    const pol = run(POD(a('    polaris.fairwinds.com/exempt: "true"\n')));
    for (const x of pol) assert.ok(!x.references.peers.some((p) => p.startsWith('polaris:')), `${x.ruleId} should be suppressed`);
  });

  it('requireSuppressionReason: suppressions without a reason still apply but are reported as K8S100 info', () => {
    const text = POD('  annotations:\n    palisade.dev/ignore: K8S014\n', '', '# palisade-ignore K8S003\n');
    const off = run(text);
    assert.ok(!ids(off).includes('K8S100'));
    const on = run(text, { requireSuppressionReason: true });
    assert.deepStrictEqual(at(on, 'K8S003'), []);
    const k100 = on.filter((x) => x.ruleId === 'K8S100');
    assert.deepStrictEqual(k100.map((x) => [x.range.start.line, x.range.start.character, x.range.end.character, x.severity]), [[0, 0, 24, 'info'], [6, 4, 31, 'info']]);
    assert.deepStrictEqual(k100[0].fixes, []);
    assert.match(k100[0].message, /gives no reason/);
    // with reasons nothing is reported
    const ok = run(POD('  annotations:\n    palisade.dev/ignore: K8S014 -- reviewed\n', '', '# palisade-ignore K8S003 -- reviewed\n'), { requireSuppressionReason: true });
    assert.ok(!ids(ok).includes('K8S100'));
    // the rule can be turned off
    assert.ok(!ids(run(text, { requireSuppressionReason: true, rules: { K8S100: 'off' } })).includes('K8S100'));
  });

  it('an unknown rule id in a suppression is reported as K8S102 info (and suppresses nothing)', () => {
    const f = run(POD('', '', '# palisade-ignore K8S0003, not-a-rule -- typo\n'));
    assert.deepStrictEqual(at(f, 'K8S003'), [10, 14]);
    const k = f.filter((x) => x.ruleId === 'K8S102');
    assert.strictEqual(k.length, 2);
    assert.match(k[0].message, /Unknown rule 'K8S0003'/);
    assert.match(k[1].message, /Unknown rule 'not-a-rule'/);
    assert.strictEqual(k[0].severity, 'info');
  });

  it('per-namespace rule settings from configuration exempt or re-grade findings of that namespace', () => {
    const ns = POD('  namespace: lab\n');
    assert.deepStrictEqual(at(run(ns, { namespaceRules: { lab: { K8S003: 'off' } } }), 'K8S003'), []);
    assert.deepStrictEqual(at(run(ns, { namespaceRules: { prod: { K8S003: 'off' } } }), 'K8S003'), [10, 14]);
    assert.deepStrictEqual(run(ns, { namespaceRules: { lab: { [getRule('K8S003')!.meta.name]: 'info' } } }).filter((x) => x.ruleId === 'K8S003').map((x) => x.severity), ['info', 'info']);
    // no namespace = default
    assert.deepStrictEqual(at(run(POD(), { namespaceRules: { default: { K8S003: 'off' } } }), 'K8S003'), []);
  });

  it('comment parsing is language-neutral: a `#` line comment in any text', () => {
    const text = 'FROM alpine:3\n# palisade-ignore DF001 -- builder stage\nUSER root\n  #palisade-ignore-file DF002,DF003\nnot # palisade-ignore X\n';
    const d = parseDirectives(text, new LineIndex(text));
    assert.deepStrictEqual(d.map((x) => [x.file, x.ids, x.reason, x.line]), [[false, ['DF001'], 'builder stage', 1], [true, ['DF002', 'DF003'], '', 3]]);
  });
});
