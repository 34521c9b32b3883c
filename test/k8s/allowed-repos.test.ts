/** Issue #20: images checked against the K8sAllowedRepos constraints of the workspace (K8S105). */
import * as assert from 'assert';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

const constraint = (repos: string, match = '') => `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sAllowedRepos
metadata:
  name: trusted
spec:
${match}  parameters:
    repos: ${repos}
`;
const dep = (image: string, ns = 'shop', init = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  template:
    spec:
${init}      containers:
      - name: app
        image: ${image}
`;

function k8s105(files: Record<string, string>): string[] {
  return scanTexts(Object.entries(files).map(([file, text]) => ({ file, text })), defaultSettings())
    .flatMap((r) => r.findings.filter((f) => f.ruleId === 'K8S105').map((f) => `${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`));
}

describe('K8S105 image-not-from-allowed-repos (#20)', () => {
  it('reports an image outside the allowed prefixes, pointing at the image and relating the constraint', () => {
    const got = k8s105({ 'c.yaml': constraint('["registry.example.com/"]'), 'd.yaml': dep('docker.io/library/nginx:1.27', 'shop', '      initContainers:\n      - name: init\n        image: registry.example.com/tools/init:1\n') });
    assert.deepStrictEqual(got.map((x) => x.split(' ')[0]), ['d.yaml:14:16']);
    assert.match(got[0], /image 'docker\.io\/library\/nginx:1\.27' of container 'app' is not from a registry that K8sAllowedRepos 'trusted' allows \(registry\.example\.com\/\)/);
  });
  it('honours the constraint scope (namespaces, excludedNamespaces, kinds)', () => {
    const scoped = constraint('["registry.example.com/"]', '  match:\n    namespaces: ["prod-*"]\n    excludedNamespaces: ["prod-legacy"]\n    kinds:\n    - apiGroups: ["apps"]\n      kinds: ["Deployment"]\n');
    assert.strictEqual(k8s105({ c: scoped, d: dep('nginx:1.27', 'prod-eu') }).length, 1);
    assert.deepStrictEqual(k8s105({ c: scoped, d: dep('nginx:1.27', 'staging') }), []);
    assert.deepStrictEqual(k8s105({ c: scoped, d: dep('nginx:1.27', 'prod-legacy') }), []);
  });
  it('is silent without a constraint, and for allowed images', () => {
    assert.deepStrictEqual(k8s105({ d: dep('nginx:1.27') }), []);
    assert.deepStrictEqual(k8s105({ c: constraint('["registry.example.com/", "ghcr.io/acme/"]'), d: dep('ghcr.io/acme/web:2') }), []);
  });
});
