/**
 * Issue 18, item 1: names from the user's files and settings (namespaces, rule ids, label and
 * annotation keys) that are also `Object.prototype` properties are read as data, never as the
 * prototype's members.
 */
import * as assert from 'assert';
import { analyzeText } from '../../server/src/engine/analyze';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings, mergeSettings, Settings } from '../../server/src/engine/settings';
import { parseConfig } from '../../server/src/engine/config';
import { hardenText } from '../../server/src/engine/fix/harden';

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const RESTRICTED = ['K8S014', 'K8S015', 'K8S017', 'K8S018'];

const pod = (ns: string, name = 'p') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${JSON.stringify(ns)}}
spec:
  containers: [{name: c, image: "nginx:1.25"}]
`;
const namespace = (name: string, level: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${JSON.stringify(name)}
  labels: {pod-security.kubernetes.io/enforce: ${level}}
`;
const withConfig = (yaml: string): Settings => {
  const cfg = parseConfig(yaml);
  assert.deepStrictEqual(cfg.errors, []);
  return mergeSettings(defaultSettings(), cfg.settings);
};
/** Rule ids per Pod name, of one file scanned as the CLI scans. */
function idsByPod(text: string, settings = defaultSettings()): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of scanTexts([{ file: 'm.yaml', text }], settings)[0].findings) {
    const k = f.resource?.name ?? '';
    out.set(k, [...(out.get(k) ?? []), f.ruleId]);
  }
  return out;
}

describe('security: prototype property names as user data (#18 item 1)', () => {
  for (const ns of PROTO_NAMES) {
    it(`a Pod in namespace '${ns}' gets the restricted checks`, () => {
      const ids = analyzeText('p.yaml', pod(ns)).findings.map((f) => f.ruleId);
      for (const id of RESTRICTED) assert.ok(ids.includes(id), `${id} missing for namespace ${ns}: ${ids}`);
      const scanned = scanTexts([{ file: 'p.yaml', text: pod(ns) }], defaultSettings())[0].findings.map((f) => f.ruleId);
      for (const id of RESTRICTED) assert.ok(scanned.includes(id), `${id} missing (scan) for namespace ${ns}`);
    });
  }

  it('a Namespace object named after a prototype property sets the level of that namespace only', () => {
    for (const ns of PROTO_NAMES) {
      const text = `${namespace(ns, 'privileged')}---\n${pod(ns, 'inside')}---\n${pod('other', 'outside')}`;
      const ids = idsByPod(text);
      for (const id of RESTRICTED) {
        assert.ok(!(ids.get('inside') ?? []).includes(id), `${ns}: ${id} reported in a privileged namespace`);
        assert.ok((ids.get('outside') ?? []).includes(id), `${ns}: ${id} missing in namespace other`);
      }
    }
  });

  it('.palisade.yaml namespaces keyed by prototype property names apply to those namespaces only', () => {
    for (const ns of PROTO_NAMES) {
      const s = withConfig(`namespaces:\n  ${JSON.stringify(ns)}: {level: privileged}\n`);
      const text = `${pod(ns, 'inside')}---\n${pod('default', 'outside')}`;
      const ids = idsByPod(text, s);
      for (const id of RESTRICTED) {
        assert.ok(!(ids.get('inside') ?? []).includes(id), `${ns}: ${id} reported in a privileged namespace`);
        assert.ok((ids.get('outside') ?? []).includes(id), `${ns}: ${id} missing in namespace default`);
      }
    }
  });

  it('per-namespace rule settings for a namespace named __proto__ or constructor apply to it, not to others', () => {
    for (const ns of ['__proto__', 'constructor']) {
      const s = withConfig(`namespaces:\n  ${JSON.stringify(ns)}:\n    rules: {K8S014: off}\n`);
      const ids = idsByPod(`${pod(ns, 'inside')}---\n${pod('default', 'outside')}`, s);
      assert.ok(!(ids.get('inside') ?? []).includes('K8S014'), `${ns}: K8S014 not turned off`);
      assert.ok((ids.get('outside') ?? []).includes('K8S014'), `${ns}: K8S014 turned off elsewhere`);
      assert.ok((ids.get('inside') ?? []).includes('K8S015'), `${ns}: other rules stay on`);
    }
  });

  it('an annotation named constructor does not make a LoadBalancer internal', () => {
    for (const key of ['constructor', 'toString', '__proto__']) {
      const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations: {${JSON.stringify(key)}: "true"}\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n`;
      assert.ok(analyzeText('s.yaml', text).findings.some((f) => f.ruleId === 'NET006'), key);
    }
  });

  it('hardening a Pod in namespace __proto__ or constructor still fixes it to the level', () => {
    for (const ns of ['__proto__', 'constructor']) {
      const r = hardenText('p.yaml', pod(ns), 'restricted', defaultSettings());
      const ids = analyzeText('p.yaml', r.text).findings.map((f) => f.ruleId);
      for (const id of RESTRICTED) assert.ok(!ids.includes(id), `${ns}: ${id} left after hardening:\n${r.text}`);
    }
  });
});
