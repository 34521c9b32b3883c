/** Resource rules: K8S038 (CPU requests), K8S039 (CPU limits), K8S040 (memory requests), K8S041 (memory limits). */
import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { parseQuantity } from '../../server/src/engine/rules/shared/pod';
import { YView } from '../../server/src/engine/yaml/nodes';
import { parseDocument, Scalar } from 'yaml';

const full = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
        limits:
          cpu: "1"
          memory: 1Gi
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`;

const partial = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 0
        limits:
          memory: 512Mi
    - name: side
      image: envoy:1.30
      resources: {}
`;

runRuleTests('K8S038', {
  valid: [{ name: 'set; ephemeral containers cannot have resources', code: full }, { name: 'a CPU limit is also the request', code: full.replace('          cpu: 100m\n', '') }],
  invalid: [{
    code: partial,
    errors: [
      { line: 7, column: 7, endLine: 7, endColumn: 17, message: "Pod 'p', init container 'init': resources.requests.cpu is not set" },
      { line: 14, column: 11, endLine: 14, endColumn: 17, message: "container 'app': resources.requests.cpu is 0" },
      { line: 19, column: 7, endLine: 19, endColumn: 16, message: "container 'side': resources.requests.cpu is not set" },
    ],
    output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      resources:
        requests:
          cpu: \${1:100m}
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: \${1:100m}
        limits:
          memory: 512Mi
    - name: side
      image: envoy:1.30
      resources: {requests: {cpu: \${1:100m}}}
`,
  }],
});

runRuleTests('K8S039', {
  valid: [{ code: full }],
  invalid: [{
    code: partial,
    errors: [
      { line: 7, column: 7, message: "init container 'init': resources.limits.cpu is not set" },
      { line: 15, column: 9, endLine: 15, endColumn: 15, message: "container 'app': resources.limits.cpu is not set" },
      { line: 19, column: 7, message: "container 'side': resources.limits.cpu is not set" },
    ],
    output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      resources:
        limits:
          cpu: \${1:500m}
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 0
        limits:
          memory: 512Mi
          cpu: \${1:500m}
    - name: side
      image: envoy:1.30
      resources: {limits: {cpu: \${1:500m}}}
`,
  }],
});

runRuleTests('K8S040', {
  valid: [{ code: full }],
  invalid: [{
    name: 'the memory limit of app defaults its request',
    code: partial,
    errors: [
      { line: 7, column: 7, message: "init container 'init': resources.requests.memory is not set" },
      { line: 19, column: 7, message: "container 'side': resources.requests.memory is not set" },
    ],
    output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      resources:
        requests:
          memory: \${1:128Mi}
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 0
        limits:
          memory: 512Mi
    - name: side
      image: envoy:1.30
      resources: {requests: {memory: \${1:128Mi}}}
`,
  }],
});

runRuleTests('K8S041', {
  valid: [{ code: full }],
  invalid: [{
    code: partial.replace('          memory: 512Mi', '          memory: "0"'),
    errors: [
      { line: 7, column: 7, message: "init container 'init': resources.limits.memory is not set" },
      { line: 16, column: 11, endLine: 16, endColumn: 22, message: "container 'app': resources.limits.memory is 0" },
      { line: 19, column: 7, message: "container 'side': resources.limits.memory is not set" },
    ],
    output: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      resources:
        limits:
          memory: \${1:256Mi}
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 0
        limits:
          memory: \${1:256Mi}
    - name: side
      image: envoy:1.30
      resources: {limits: {memory: \${1:256Mi}}}
`,
  }],
});

describe('resource quantities', () => {
  const q = (src: string) => {
    const doc = parseDocument(`v: ${src}`);
    const node = (doc.get('v', true) as Scalar);
    return parseQuantity(new YView(node, { doc, offset: 0 }));
  };
  it('parses decimal and binary suffixes, millicores and exponents', () => {
    assert.strictEqual(q('100m'), 0.1);
    assert.strictEqual(q('"1"'), 1);
    assert.strictEqual(q('1Gi'), 2 ** 30);
    assert.strictEqual(q('1e3'), 1000);
    assert.strictEqual(q('2k'), 2000);
    assert.strictEqual(q('lots'), undefined);
  });
});
