/**
 * What rules derive once and share (#23): a Pod Security check's violations kept for the check that
 * overrides it, RBAC policy rules and subjects read once per object, control-plane components, name
 * heuristics. A long-lived analyzer reuses unchanged documents' objects across analyses, so an
 * analysis under other settings, or of a text whose style changed elsewhere, must give what a fresh
 * analyzer gives.
 */
import * as assert from 'assert';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings, Settings } from '../../server/src/engine/settings';
import type { FileResult } from '../../server/src/engine/types';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    seccompProfile:
      type: Unconfined
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          add: ["NET_ADMIN", "CHOWN"]
`;
const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: r
  namespace: shop
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`;
// the second document's sequences are indented under their key: the file's style changes with it
const other = (indented: boolean) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  list: |
    x
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      containers:
${indented ? '        - name: a\n          image: a:1\n        - name: b\n          image: b:1' : '      - name: a\n        image: a:1\n      - name: b\n        image: b:1'}
`;

const settings = (level: 'baseline' | 'restricted', version = 'latest'): Settings => ({ ...defaultSettings(), podSecurity: { level, version }, budgetMs: 1e9 });
const ids = (r: FileResult) => r.findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort();

describe('derived caches (#23)', () => {
  it('one analyzer under several Pod Security levels and versions gives what a fresh analyzer gives, the baseline/restricted split included', () => {
    const text = `${pod}---\n${role}`;
    const a = new Analyzer();
    const runs: [Settings, string[]][] = [];
    for (const s of [settings('restricted'), settings('baseline'), settings('restricted', 'v1.18'), settings('restricted', 'v1.24'), settings('restricted')]) {
      const r = a.analyze('p.yaml', text, { settings: s });
      assert.deepStrictEqual(r, new Analyzer().analyze('p.yaml', text, { settings: s }));
      runs.push([s, ids(r)]);
    }
    // the restricted seccomp check (K8S017) reports nothing the baseline one (K8S011) reports on the same spot
    const at = (i: number, id: string) => runs[i][1].filter((x) => x.startsWith(id + '@'));
    assert.deepStrictEqual(at(0, 'K8S011'), ['K8S011@7']);
    assert.ok(!at(0, 'K8S017').includes('K8S017@7'), 'Unconfined on the pod is the baseline finding only');
    assert.deepStrictEqual(at(1, 'K8S018'), []);
    assert.ok(at(0, 'K8S004').length && at(0, 'K8S018').length, 'baseline and restricted capabilities both report (different additions)');
    assert.ok(runs[0][1].some((x) => x.startsWith('RBAC001@')), 'the wildcard role is reported');
  });

  it('an edit of another document that changes the file\'s style changes the fixes of an unchanged document as for a fresh analysis', () => {
    const a = new Analyzer();
    for (const indented of [false, true, false]) {
      const text = `${pod}---\n${other(indented)}`;
      assert.deepStrictEqual(a.analyze('p.yaml', text, { settings: settings('restricted') }), new Analyzer().analyze('p.yaml', text, { settings: settings('restricted') }));
    }
  });

  it('a role edited in place is read again: its policy rules are not those of the text before', () => {
    const a = new Analyzer();
    const s = settings('restricted');
    assert.ok(ids(a.analyze('r.yaml', role, { settings: s })).some((x) => x.startsWith('RBAC001@')));
    const narrowed = role.replace('verbs: ["*"]', 'verbs: ["get"]').replace('resources: ["*"]', 'resources: ["pods"]').replace('apiGroups: ["*"]', 'apiGroups: [""]');
    const r = a.analyze('r.yaml', narrowed, { settings: s });
    assert.deepStrictEqual(r, new Analyzer().analyze('r.yaml', narrowed, { settings: s }));
    assert.ok(!ids(r).some((x) => x.startsWith('RBAC001@')));
  });
});
