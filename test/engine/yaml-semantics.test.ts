/** The engine reads manifests as Kubernetes does: YAML 1.1, anchors, merges, duplicate keys, Lists, JSON. */
import * as assert from 'assert';
import { analyzeText, Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/settings';
import { splitDocuments } from '../../server/src/engine/yaml/split';
import { parseChunk, SURELY_DECIMAL, SURELY_STRING } from '../../server/src/engine/yaml/parse';
import { isScalar, parseDocument, visit } from 'yaml';

const ids = (text: string, file = 'm.yaml') => analyzeText(file, text).findings.map((f) => f.ruleId);
const at = (text: string, id: string, file = 'm.yaml') => analyzeText(file, text).findings.filter((f) => f.ruleId === id).map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);

const pod = (sc: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: c
    image: nginx:1.25
    securityContext:
${sc}`;

describe('YAML 1.1 values as Kubernetes reads them', () => {
  for (const v of ['yes', 'Yes', 'YES', 'on', 'On', 'true', 'True', 'TRUE', 'y', 'Y']) {
    it(`privileged: ${v} is true`, () => assert.ok(ids(pod(`      privileged: ${v}\n`)).includes('K8S003')));
  }
  for (const v of ['no', 'off', 'false', 'n', '"yes"', "'true'"]) {
    it(`privileged: ${v} is not true`, () => assert.ok(!ids(pod(`      privileged: ${v}\n`)).includes('K8S003')));
  }
  it('hostNetwork: on at pod level', () => {
    const t = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: on\n  containers: [{name: c, image: x}]\n`;
    assert.deepStrictEqual(at(t, 'K8S002'), ['5:3']);
  });
  it('octal and sexagesimal-looking numbers do not crash, runAsUser: 0x0 is root', () => {
    assert.ok(ids(pod(`      runAsUser: 0x0\n`)).includes('K8S016'));
    assert.ok(!ids(pod(`      runAsUser: 010\n`)).includes('K8S016'));
  });
});

describe('plain scalars: the engine reads each as the YAML 1.1 schema does', () => {
  /** Type and value of every scalar of a text, keys and values in order: as the engine parses it, and as `yaml` alone does. */
  const scalars = (doc: Parameters<typeof visit>[0]) => {
    const out: string[] = [];
    visit(doc, { Scalar(_k, n) { const v = n.value; out.push(`${v instanceof Date ? 'date' : typeof v}:${String(v)}:${n.type}:${n.tag ?? ''}:${n.format ?? ''}`); } });
    return out;
  };
  const engine = (text: string) => scalars(parseChunk({ offset: 0, text }, 0).pd.doc as Parameters<typeof visit>[0]);
  const yaml11 = (text: string) => scalars(parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false }));
  const same = (words: string[]) => {
    // each word as a value, as a key, and as an item of a flow sequence
    const text = words.map((w, i) => `k${i}: ${w}\n${w}: v\nf${i}: [${w}]\n`).join('');
    assert.deepStrictEqual(engine(text), yaml11(text));
  };
  const special = ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
    'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL', '~', 'e5', 'E5', 'e+5', 'E-10', 'e', 'e5x', 'nan', '.nan', '.NaN', '.inf', '-.inf',
    '0b101', '0o17', '017', '0x1F', '1_000', '1e3', '1.5', '.5', '190:20:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', 'yES', 'tRUE', 'nULL', 'Onn', 'nO', '_true', '/on',
    '0', '00', '8080', '10_000', '10001', '1:30', '12345678901234567890', '+10', '-10', '9.', '1e', '10e2'];
  it('on every null, boolean, number and time word and its near misses', () => same(special));
  it('on random plain scalars', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'yYnNtTfFoOeEuUlLrRsSaA0123456789_.-+:/~';
    const words: string[] = [];
    for (let i = 0; i < 4000; i++) {
      let w = '';
      for (let j = 1 + Math.floor(rnd() * 6); j > 0; j--) w += alphabet[Math.floor(rnd() * alphabet.length)];
      // plain scalars that are valid YAML here: no indicator or colon at the start, no trailing colon
      if (!/^[-?:,\[\]{}#&*!|>'"%@`~]|:$/.test(w) || w === '~') words.push(w);
    }
    same(words);
    // (the shortcut is taken for most of them: the test covers it)
    assert.ok(words.filter((w) => SURELY_STRING.test(w)).length > 1000);
    assert.ok(words.filter((w) => SURELY_DECIMAL.test(w)).length > 50);
  });
  it('a %YAML 1.2 directive still chooses the YAML 1.2 schema for its document', () => {
    const values = (text: string) => {
      const vals: unknown[] = [];
      visit(parseChunk({ offset: 0, text }, 0).pd.doc as Parameters<typeof visit>[0], { Scalar(_k, n) { vals.push(n.value); } });
      return vals;
    };
    assert.deepStrictEqual(values('%YAML 1.2\n---\na: yes\nb: 0o17\n'), ['a', 'yes', 'b', 15]);
    assert.deepStrictEqual(values('a: yes\nb: 017\n'), ['a', true, 'b', 15]);
  });
  it('an explicit !!str or !!int still reads as its tag says', () => {
    const doc = parseChunk({ offset: 0, text: 'a: !!str yes\nb: !!str 10\nc: !!int 10\nd: !!int 010\n' }, 0).pd.doc;
    const vals: unknown[] = [];
    visit(doc as Parameters<typeof visit>[0], { Scalar(_k, n) { if (isScalar(n)) vals.push(n.value); } });
    assert.deepStrictEqual(vals, ['a', 'yes', 'b', '10', 'c', 10, 'd', 8]);
  });
});

describe('anchors, aliases and merge keys', () => {
  it('a privileged securityContext shared by anchor is reported where the anchor is defined', () => {
    const t = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: a
    image: x
    securityContext: &sc
      privileged: true
  - name: b
    image: x
    securityContext: *sc
`;
    const f = analyzeText('m.yaml', t).findings.filter((x) => x.ruleId === 'K8S003');
    assert.strictEqual(f.length, 2);
    assert.ok(f.every((x) => x.range.start.line === 9));
    assert.ok(f.some((x) => x.message.includes("container 'b'")));
  });
  it('merge keys apply, and own keys override merged ones', () => {
    const base = `x-base: &base\n  privileged: true\n  runAsUser: 0\n`;
    const t = (sc: string) => `${base}---\n` + pod(sc);
    // merged privileged: true is seen
    assert.ok(ids(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: x
    securityContext:
      <<: {privileged: true}
`).includes('K8S003'));
    assert.ok(!ids(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: x
    securityContext:
      <<: {privileged: true}
      privileged: false
`).includes('K8S003'));
    void t;
  });
  it('an alias bomb does not hang or explode', () => {
    let t = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 30; i++) t += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const t0 = Date.now();
    const r = analyzeText('bomb.yaml', t);
    assert.ok(Date.now() - t0 < 2000);
    assert.deepStrictEqual(r.findings, []);
  });
});

describe('duplicate keys', () => {
  it('the later key wins and the duplicate is a finding', () => {
    const t = pod(`      privileged: false\n      privileged: true\n`);
    assert.deepStrictEqual(at(t, 'K8S003'), ['11:7']);
    assert.deepStrictEqual(at(t, 'YAML001'), ['11:7']);
    const t2 = pod(`      privileged: true\n      privileged: false\n`);
    assert.deepStrictEqual(at(t2, 'K8S003'), []);
    assert.match(analyzeText('m.yaml', t2).findings.find((f) => f.ruleId === 'YAML001')!.message, /first on line 10/);
  });
});

describe('object recognition', () => {
  const spec = `    spec:\n      hostPID: true\n      containers: [{name: c, image: x}]\n`;
  const workloads: [string, string][] = [
    ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['v1', 'ReplicationController'], ['batch/v1', 'Job'], ['argoproj.io/v1alpha1', 'Rollout'],
  ];
  for (const [api, kind] of workloads) {
    it(`finds the pod template of a ${kind}`, () => {
      const t = `apiVersion: ${api}\nkind: ${kind}\nmetadata:\n  name: w\nspec:\n  template:\n${spec}`;
      const f = analyzeText('m.yaml', t).findings.filter((x) => x.ruleId === 'K8S002');
      assert.strictEqual(f.length, 1);
      assert.deepStrictEqual(f[0].resource, { apiVersion: api, kind, name: 'w', namespace: '', document: 0 });
      assert.ok(f[0].message.startsWith(`${kind} 'w'`));
    });
  }
  it('CronJob jobTemplate', () => {
    const t = `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostIPC: true\n          containers: [{name: c, image: x}]\n`;
    assert.deepStrictEqual(at(t, 'K8S002'), ['10:11']);
  });
  it('PodTemplate', () => {
    const t = `apiVersion: v1\nkind: PodTemplate\nmetadata: {name: pt}\ntemplate:\n  spec:\n    hostPID: true\n    containers: [{name: c, image: x}]\n`;
    assert.deepStrictEqual(at(t, 'K8S002'), ['6:5']);
  });
  it('kind: List items are objects of their own', () => {
    const t = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    hostNetwork: true\n    containers: [{name: c, image: x}]\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers: [{name: c, image: x}]\n`;
    const f = analyzeText('m.yaml', t).findings.filter((x) => x.ruleId === 'K8S002');
    assert.strictEqual(f.length, 1);
    assert.strictEqual(f[0].resource!.name, 'a');
  });
  it('JSON manifests', () => {
    const t = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] } }, null, '\t');
    const f = analyzeText('pod.json', t).findings.filter((x) => x.ruleId === 'K8S003');
    assert.strictEqual(f.length, 1);
    assert.strictEqual(f[0].range.start.line, 12);
  });
  it('init and ephemeral containers are checked', () => {
    const t = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: i\n    image: x\n    securityContext: {privileged: true}\n  ephemeralContainers:\n  - name: e\n    image: x\n    securityContext: {privileged: true}\n  containers: [{name: c, image: x}]\n`;
    const msgs = analyzeText('m.yaml', t).findings.filter((x) => x.ruleId === 'K8S003').map((f) => f.message);
    assert.ok(msgs.some((m) => m.includes("init container 'i'")) && msgs.some((m) => m.includes("ephemeral container 'e'")));
  });
});

describe('content that is not a Kubernetes object', () => {
  it('a Helm template is not analysed, and one error says it is a template that was not rendered (#18)', () => {
    const t = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-web
  labels:
{{ include "chart.labels" . | indent 4 }}
spec:
  {{- if .Values.hostNetwork }}
  hostNetwork: true
  {{- end }}
  containers:
  - name: web
    image: "{{ .Values.image }}"
    securityContext:
      privileged: true
`;
    const r = analyzeText('templates/pod.yaml', t);
    assert.deepStrictEqual(r.findings, []);
    assert.deepStrictEqual(r.errors.map((e) => [e.message, e.range.start.line, e.range.start.character]), [[
      "This document is a template that was not rendered (template syntax '{{ .Release.Name }}'), so it was not analysed. Render it (for example with helm template) and scan the output.", 3, 8,
    ]]);
  });
  it('braces in a plain scalar that are no template action are data: the manifest is analysed (#18)', () => {
    const t = pod(`      privileged: true\n`).replace('metadata:', 'metadata:\n  annotations:\n    note: see{{docs}}');
    assert.ok(t.includes('note: see{{docs}}'));
    assert.ok(ids(t).includes('K8S003'));
    assert.deepStrictEqual(analyzeText('m.yaml', t).errors, []);
  });
  it('Jinja-style {{ name }} and {{ item.name }} in a plain scalar are templates; see{{docs}} and ${{ x }} are not (#18)', () => {
    const tpl = (v: string) => analyzeText('m.yaml', pod(`      privileged: true\n`).replace('image: ', `image: ${v}`)).errors.map((e) => e.message.slice(0, 49));
    const msg = 'This document is a template that was not rendered';
    assert.deepStrictEqual(tpl('repo/{{ image }} #'), [msg]);
    assert.deepStrictEqual(tpl('repo/{{item.name}} #'), [msg]);
    assert.deepStrictEqual(tpl('repo/{{docs}} #'), []);
    assert.deepStrictEqual(tpl('repo/${{ image }} #'), []);
  });
  it('a syntax error with {{ only in a comment is a syntax error, not a skipped template (#18)', () => {
    const t = pod(`      privileged: true\n`) + `  bad: [unclosed\n# see {{ .Values.x }}\n`;
    const r = analyzeText('m.yaml', t);
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /^YAML syntax error/);
  });
  it('a template that does not parse as YAML is reported as a template, not as a syntax error (#18)', () => {
    const t = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ include "x" . }}-web\nspec:\n  {{- if .Values.x }}\n  hostNetwork: true\n  {{- end }}\n`;
    const r = analyzeText('m.yaml', t);
    assert.deepStrictEqual(r.errors.map((e) => [e.message.slice(0, 60), e.range.start.line]), [['This document is a template that was not rendered (template ', 3]]);
  });
  it('braces inside quoted strings and block scalars are data, not templates', () => {
    const t = pod(`      privileged: true\n`) + `    env:\n    - name: TPL\n      value: "{{ not a template }}"\n`;
    assert.ok(ids(t).includes('K8S003'));
  });
  it('a manifest inside ConfigMap data is not analysed', () => {
    const t = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata:\n  pod.yaml: |\n    apiVersion: v1\n    kind: Pod\n    metadata: {name: inner}\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: x, securityContext: {privileged: true}}]\n`;
    const f = analyzeText('m.yaml', t).findings;
    assert.deepStrictEqual(f.filter((x) => x.references.pss || x.message.includes('inner') || x.resource?.kind !== 'ConfigMap'), []);
  });
  it('YAML of other tools gives nothing', () => {
    assert.deepStrictEqual(ids(`name: build\nsteps:\n  - run: echo hi\nprivileged: true\nhostNetwork: true\n`, 'other.yaml'), []);
    assert.deepStrictEqual(analyzeText('package.json', '{"name": "x", "version": "1.0.0"}').findings, []);
  });
});

describe('syntax errors', () => {
  it('one clear diagnostic at its position; other documents still analysed', () => {
    const t = `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c, image: x\n---\n` + pod(`      privileged: true\n`);
    const r = analyzeText('m.yaml', t);
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /^YAML syntax error/);
    assert.strictEqual(r.errors[0].range.start.line, 4);
    assert.deepStrictEqual(r.findings.filter((f) => f.ruleId === 'K8S003').map((f) => f.range.start.line), [15]);
  });
  it('tabs used as indentation', () => {
    const r = analyzeText('m.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n');
    assert.strictEqual(r.errors.length, 1);
    assert.strictEqual(r.errors[0].range.start.line, 3);
  });
});

describe('document splitting and incremental analysis', () => {
  it('splits at --- and ... at the start of a line only', () => {
    const t = 'a: 1\n---\nb: |\n  --- not a marker\n---\nc: 3\n...\n';
    const chunks = splitDocuments(t);
    assert.deepStrictEqual(chunks.map((c) => c.text), ['a: 1\n', '---\nb: |\n  --- not a marker\n', '---\nc: 3\n...\n']);
    assert.strictEqual(chunks.map((c) => c.text).join(''), t);
  });
  it('comments before the first --- stay with the first document', () => {
    const chunks = splitDocuments('# header\n---\na: 1\n');
    assert.strictEqual(chunks.length, 1);
  });
  it('an edit re-parses only the edited document and gives the same result as a fresh analysis', () => {
    const docs = Array.from({ length: 20 }, (_, i) => pod(`      privileged: ${i % 2 ? 'true' : 'false'}\n`).replace('name: p', `name: p${i}`));
    const text = docs.join('---\n');
    const a = new Analyzer();
    a.analyze('m.yaml', text);
    assert.strictEqual(a.lastParsed, 20);
    const edited = text.replace('name: p7', 'name: p7x');
    const inc = a.analyze('m.yaml', edited);
    assert.strictEqual(a.lastParsed, 1);
    assert.deepStrictEqual(inc, analyzeText('m.yaml', edited));
  });
  it('CRLF line endings give the same positions', () => {
    const t = pod(`      privileged: true\n`);
    const crlf = t.replace(/\n/g, '\r\n');
    assert.deepStrictEqual(at(crlf, 'K8S003'), at(t, 'K8S003'));
  });
});

describe('Pod Security level and version', () => {
  const t = pod(`      allowPrivilegeEscalation: true\n`);
  it('restricted by default, baseline on request, privileged checks nothing', () => {
    assert.ok(ids(t).includes('K8S014'));
    const s = defaultSettings();
    s.podSecurity = { level: 'baseline', version: 'latest' };
    assert.ok(!analyzeText('m.yaml', t, { settings: s }).findings.some((f) => f.ruleId === 'K8S014'));
    s.podSecurity = { level: 'privileged', version: 'latest' };
    assert.deepStrictEqual(analyzeText('m.yaml', t, { settings: s }).findings.filter((f) => f.references.pss), []);
  });
  it('a Namespace with enforce labels sets the level for its workloads', () => {
    const ns = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.20\n---\n`;
    const inNs = t.replace('name: p', 'name: p\n  namespace: legacy');
    const f = analyzeText('m.yaml', ns + inNs).findings;
    assert.ok(!f.some((x) => x.ruleId === 'K8S014'), 'baseline in namespace legacy');
    const other = analyzeText('m.yaml', ns + t).findings;
    assert.ok(other.some((x) => x.ruleId === 'K8S014'), 'restricted elsewhere');
  });
  it('a Namespace later in the file, in a List, or with its kind spelled by an escape, sets the level too', () => {
    const inNs = t.replace('name: p', 'name: p\n  namespace: legacy');
    const labels = `  labels:\n    pod-security.kubernetes.io/enforce: baseline\n`;
    const shapes = [
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n${labels}`,
      `apiVersion: v1\nkind: "Name\\x73pace"\nmetadata:\n  name: legacy\n${labels}`,
      `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: legacy, labels: {pod-security.kubernetes.io/enforce: baseline}}\n`,
    ];
    for (const ns of shapes) {
      for (const text of [`${inNs}---\n${ns}`, `${inNs}---\n${ns}---\n${inNs.replace('name: p', 'name: q')}`]) {
        const a = new Analyzer();
        for (let pass = 0; pass < 2; pass++) {
          const f = a.analyze('m.yaml', text).findings;
          assert.ok(!f.some((x) => x.ruleId === 'K8S014'), `baseline in namespace legacy (pass ${pass}): ${ns}`);
          assert.ok(f.some((x) => x.resource?.name === 'p'), 'the pods are checked');
        }
      }
    }
  });
  it('versions select variants: runAsUser exists from v1.23, host probes from v1.34', () => {
    const s = defaultSettings();
    const root = pod(`      runAsUser: 0\n`);
    s.podSecurity = { level: 'restricted', version: 'v1.22' };
    assert.ok(!analyzeText('m.yaml', root, { settings: s }).findings.some((f) => f.ruleId === 'K8S016'));
    s.podSecurity = { level: 'restricted', version: 'v1.23' };
    assert.ok(analyzeText('m.yaml', root, { settings: s }).findings.some((f) => f.ruleId === 'K8S016'));
  });
});
