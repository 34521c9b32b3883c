/** Image rules: K8S035 (tag), K8S036 (digest), K8S037 (pull policy). */
import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { parseImage } from '../../server/src/engine/rules/k8s/image';

const D = 'sha256:' + 'a'.repeat(64);
const pod = (containers: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
${containers}`;

runRuleTests('K8S035', {
  valid: [
    { name: 'version tags, registry with port, digest-pinned latest, templated image', code: pod(`    - name: a
      image: nginx:1.27.3
    - name: b
      image: registry.example.com:5000/team/app:2024-05-01
    - name: c
      image: nginx:latest@${D}
    - name: d
      image: $(IMAGE)
`) },
  ],
  invalid: [
    {
      name: 'untagged (port is not a tag), :latest in an init container, and no image at all',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:latest
  containers:
    - name: a
      image: registry.example.com:5000/team/app
    - name: b
`,
      errors: [
        { line: 8, column: 7, endLine: 8, endColumn: 28, message: "Pod 'p', init container 'init': image busybox:latest uses the :latest tag" },
        { line: 11, column: 7, endLine: 11, endColumn: 48, message: "container 'a': image registry.example.com:5000/team/app has no tag, so it means :latest" },
        { line: 12, column: 7, endLine: 12, endColumn: 14, message: "container 'b': no image is set" },
      ],
    },
  ],
});

runRuleTests('K8S036', {
  valid: [{ code: pod(`    - name: a\n      image: nginx:1.27@${D}\n    - name: b\n      image: \${IMAGE}\n`) }],
  invalid: [
    {
      name: 'tag without digest, in a CronJob',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: alpine:3.20\n',
      errors: [{ line: 13, column: 15, endLine: 13, endColumn: 33, message: "CronJob 'c', container 'job': image alpine:3.20 is not pinned by digest" }],
      output: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: alpine:3.20@sha256:${1:digest}\n',
    },
  ],
});

runRuleTests('K8S037', {
  valid: [
    { name: 'explicit Always; unset on untagged and :latest images defaults to Always', code: pod(`    - name: a
      image: nginx:1.27
      imagePullPolicy: Always
    - name: b
      image: nginx
    - name: c
      image: nginx:latest
`) },
  ],
  invalid: [
    {
      name: 'explicit IfNotPresent/Never; unset on a tagged or digest image defaults to IfNotPresent',
      code: pod(`    - name: a
      image: nginx:1.27
      imagePullPolicy: IfNotPresent
    - name: b
      image: nginx:1.27
      imagePullPolicy: Never
    - name: c
      image: nginx:1.27
    - name: d
      image: nginx@${D}
`),
      errors: [
        { line: 9, column: 7, endLine: 9, endColumn: 36, message: "Pod 'p', container 'a': imagePullPolicy is IfNotPresent; set it to Always" },
        { line: 12, column: 7, message: "container 'b': imagePullPolicy is Never" },
        { line: 13, column: 7, endLine: 13, endColumn: 14, message: "container 'c': imagePullPolicy is not set and defaults to IfNotPresent for nginx:1.27" },
        { line: 15, column: 7, message: "container 'd': imagePullPolicy is not set and defaults to IfNotPresent" },
      ],
      output: pod(`    - name: a
      image: nginx:1.27
      imagePullPolicy: Always
    - name: b
      image: nginx:1.27
      imagePullPolicy: Always
    - name: c
      image: nginx:1.27
      imagePullPolicy: Always
    - name: d
      image: nginx@${D}
      imagePullPolicy: Always
`),
    },
  ],
});

describe('image references', () => {
  it('parses registry ports, tags and digests', () => {
    assert.deepStrictEqual(parseImage('localhost:5000/app'), { repository: 'localhost:5000/app', tag: undefined, digest: undefined });
    assert.deepStrictEqual(parseImage('nginx:1.27@sha256:abc'), { repository: 'nginx', tag: '1.27', digest: 'sha256:abc' });
    assert.deepStrictEqual(parseImage(' ghcr.io/o/r '), { repository: 'ghcr.io/o/r', tag: undefined, digest: undefined });
  });
});
