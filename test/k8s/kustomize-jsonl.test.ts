/** Issue #20: Kustomize patches, JSON Lines and YAML the spec and Kubernetes' decoder read differently are never analysed wrongly or lost silently. */
import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { analyzeText } from '../../server/src/engine/analyze';

const deploymentPatch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          $patch: replace
          image: registry.example.com/web:2.0.0
`;

runRuleTests('K8S104', {
  valid: [
    { name: '$patch: delete of a whole object deploys nothing', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: legacy\n$patch: delete\n' },
    { name: 'an ordinary object', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n' },
  ],
  invalid: [
    { name: 'a strategic-merge fragment', code: deploymentPatch, errors: [{ message: "strategic-merge patch ('$patch: replace')", line: 10, column: 11, endLine: 10, endColumn: 17 }] },
    { name: '$setElementOrder', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      $setElementOrder/containers:\n        - name: app\n', errors: [{ message: "'$setElementOrder/containers'", line: 8, column: 7 }] },
  ],
});

describe('Kustomize patches are not analysed as objects (#20)', () => {
  it('no object rule speaks on a patch fragment (it would read missing fields as unset)', () => {
    const ids = analyzeText('patch.yaml', deploymentPatch).findings.map((f) => f.ruleId);
    assert.deepStrictEqual(ids, ['K8S104']);
  });
  it('a $patch: delete document is not an object either', () => {
    assert.deepStrictEqual(analyzeText('p.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n$patch: delete\n').findings, []);
  });
  it('a directive key written with an escape is one too (a text without $ or an escape is not walked for one)', () => {
    for (const key of ['"\\x24patch"', '"\\u0024patch"', '"\\U00000024patch"']) {
      assert.deepStrictEqual(analyzeText('p.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n${key}: delete\n`).findings, [], key);
      const ids = analyzeText('p.yaml', deploymentPatch.replace('$patch', key)).findings.map((f) => f.ruleId);
      assert.deepStrictEqual(ids, ['K8S104'], key);
    }
  });
});

describe('JSON Lines (#20)', () => {
  const pod = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"c","image":"nginx:1.25","securityContext":{"privileged":true}}]}}';
  it('reads one JSON value per line instead of reporting a YAML syntax error', () => {
    const r = analyzeText('audit.json', `${pod}\n\n{"kind":"Event","level":"Metadata"}\n${pod.replace('"a"', '"b"')}\n`);
    assert.deepStrictEqual(r.errors, []);
    const priv = r.findings.filter((f) => f.ruleId === 'K8S003');
    assert.deepStrictEqual(priv.map((f) => f.range.start.line), [0, 3]);
  });
  it('a pretty-printed JSON file is still one document', () => {
    const r = analyzeText('pod.json', JSON.stringify(JSON.parse(pod), null, 2));
    assert.deepStrictEqual(r.errors, []);
    assert.strictEqual(r.findings.filter((f) => f.ruleId === 'K8S003').length, 1);
  });
});

describe('YAML that Kubernetes accepts and the specification does not (#20)', () => {
  it('a quoted string continued at its key\'s indentation (Gatekeeper library httpsonly) is an error that says why', () => {
    const text = `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: k8shttpsonly
spec:
  crd:
    spec:
      validation:
        openAPIV3Schema:
          properties:
            tlsOptional:
              type: boolean
              description: "When set to true the TLS {} is optional, defaults
              to false."
`;
    const r = analyzeText('template.yaml', text);
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /continues on the next line without being indented more than its key\. Kubernetes' YAML decoder \(go-yaml\) accepts this, the YAML specification does not, so this document was not analysed/);
    assert.strictEqual(r.errors[0].range.start.line, 12);
  });
  it('an ordinary unclosed quote keeps the parser\'s message', () => {
    const r = analyzeText('x.yaml', 'a: "never closed\n');
    assert.match(r.errors[0].message, /^YAML syntax error: Missing closing "quote/);
  });
});
