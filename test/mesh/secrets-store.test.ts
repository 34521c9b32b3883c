/** Issue #20: Secrets Store CSI driver: missing classes, writable mounts, wrong apiVersion. */
import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

const spc = (name: string, ns = 'shop', apiVersion = 'secrets-store.csi.x-k8s.io/v1') => `apiVersion: ${apiVersion}
kind: SecretProviderClass
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  provider: azure
`;
const pod = (ref: string, ro = '      readOnly: true\n') => `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: shop
spec:
  containers:
  - name: app
    image: app:1
  volumes:
  - name: secrets
    csi:
      driver: secrets-store.csi.k8s.io
${ro}      volumeAttributes:
        secretProviderClass: ${ref}
`;

function cross(files: Record<string, string>): string[] {
  return scanTexts(Object.entries(files).map(([file, text]) => ({ file, text })), defaultSettings())
    .flatMap((r) => r.findings.filter((f) => f.ruleId === 'SEC003').map((f) => `${r.file}:${f.range.start.line + 1} ${f.message}`));
}

describe('SEC003 secret-provider-class-missing (#20)', () => {
  it('reports a reference to a class no file defines in the namespace, naming one of another namespace', () => {
    const got = cross({ 'spc.yaml': spc('db-creds', 'other'), 'pod.yaml': pod('db-creds') });
    assert.strictEqual(got.length, 1);
    assert.match(got[0], /^pod\.yaml:16 .*SecretProviderClass 'db-creds', which no scanned file defines in namespace 'shop' \(there is one in namespace 'other'; classes are namespaced\)/);
  });
  it('is silent when the class exists, or when the scan defines no class at all', () => {
    assert.deepStrictEqual(cross({ 'spc.yaml': spc('db-creds'), 'pod.yaml': pod('db-creds') }), []);
    assert.deepStrictEqual(cross({ 'pod.yaml': pod('db-creds') }), []);
  });
});

runRuleTests('SEC004', {
  valid: [{ code: pod('db') }],
  invalid: [
    { name: 'readOnly not set', code: pod('db', ''), errors: [{ message: "Secrets Store CSI volume 'secrets' is not read-only (csi.readOnly is not set)", line: 12, column: 5 }] },
    { name: 'readOnly: false', code: pod('db', '      readOnly: false\n'), errors: [{ message: 'csi.readOnly is false', line: 14, column: 7 }] },
  ],
});

runRuleTests('SEC005', {
  valid: [{ code: spc('db') }, { name: 'deprecated v1alpha1 still served', code: spc('db', 'shop', 'secrets-store.csi.x-k8s.io/v1alpha1') }],
  invalid: [{ name: "the driver's name as API group", code: spc('db', 'shop', 'secrets-store.csi.k8s.io/v1'), errors: [{ message: /this apiVersion, secrets-store\.csi\.k8s\.io\/v1, does not exist/i, line: 1, column: 13 }] }],
});
