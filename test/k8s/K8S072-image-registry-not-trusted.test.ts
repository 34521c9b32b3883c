/** K8S072: container images checked against `.palisade.yaml` images.trustedRegistries (#20). */
import { runRuleTests } from '../ruleTester';

const trusted = (...trustedRegistries: string[]) => ({ images: { trustedRegistries } });
const LIST = trusted('registry.example.com', 'ghcr.io/acme/', '*.gcr.io', 'docker.io/library/busybox');

const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: ${image}
${extra}`;

runRuleTests('K8S072', {
  valid: [
    { name: 'no list configured: nothing is checked', code: deployment('evil.example.net/miner:1') },
    { name: 'an empty list: nothing is checked', code: deployment('evil.example.net/miner:1'), settings: trusted() },
    { name: 'a registry host entry, any case, with tag and digest', code: deployment(`REGISTRY.example.com/team/app:1@sha256:${'a'.repeat(64)}`), settings: LIST },
    { name: 'a prefix entry', code: deployment('ghcr.io/acme/web:2'), settings: LIST },
    { name: 'a subdomain entry', code: deployment('eu.gcr.io/project/app:3'), settings: LIST },
    { name: 'a Docker Hub repository entry matches the short name', code: deployment('busybox:1.36'), settings: LIST },
    { name: 'Docker Hub written three ways, trusted as docker.io', code: deployment('nginx:1.27', '      - name: b\n        image: docker.io/bitnami/redis:7\n      - name: c\n        image: index.docker.io/library/nginx:1.27\n'), settings: trusted('docker.io') },
    { name: 'substituted later: not judged', code: deployment('$(IMAGE)', '      - name: b\n        image: ${REGISTRY}/app:1\n'), settings: LIST },
    { name: 'no image: K8S035 reports it, not this rule', code: deployment('""'), settings: LIST },
    { name: 'an object that runs no pod', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  image: evil.example.net/x:1\n', settings: LIST },
  ],
  invalid: [
    {
      name: 'an image without a registry is Docker Hub, and the message says so; the range is the value',
      code: deployment('nginx:1.27'),
      settings: LIST,
      errors: [{ message: "Deployment 'web', container 'app': image nginx:1.27 is not from a registry that .palisade.yaml trusts (images.trustedRegistries: 'registry.example.com', 'ghcr.io/acme/', '*.gcr.io', and 1 more); without a registry it means docker.io/library/nginx:1.27 (Docker Hub).", line: 10, column: 16, endLine: 10, endColumn: 26 }],
    },
    {
      name: 'a host entry is a boundary: look-alike hosts, another port, a sibling namespace, the bare parent domain',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
  - name: init
    image: registry.example.com.evil.io/x:1
  containers:
  - name: a
    image: "registry.example.com:5000/x:1"
  - name: b
    image: ghcr.io/acme-evil/web:1
  - name: c
    image: gcr.io/project/app:1
  - name: ok
    image: registry.example.com/x:1
  ephemeralContainers:
  - name: debug
    image: docker.io/library/busybox-evil:1
`,
      settings: LIST,
      errors: [
        { message: "init container 'init': image registry.example.com.evil.io/x:1 is not from a registry", line: 8, column: 12, endLine: 8, endColumn: 44 },
        { message: "container 'a': image registry.example.com:5000/x:1 is not from", line: 11, column: 12, endLine: 11, endColumn: 43 },
        { message: 'image ghcr.io/acme-evil/web:1 is not from', line: 13, column: 12 },
        { message: 'image gcr.io/project/app:1 is not from', line: 15, column: 12 },
        { message: /ephemeral container 'debug': image docker\.io\/library\/busybox-evil:1 is not from a registry that \.palisade\.yaml trusts \([^)]*\)\. Use/, line: 20, column: 12 },
      ],
    },
    {
      name: 'a CronJob, a repository written with Docker Hub alias host',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: job
            image: index.docker.io/bitnami/kubectl:1.30
`,
      settings: trusted('registry.example.com'),
      errors: [{ message: "CronJob 'backup', container 'job': image index.docker.io/bitnami/kubectl:1.30 is not from a registry that .palisade.yaml trusts (images.trustedRegistries: 'registry.example.com'); it is read as docker.io/bitnami/kubectl:1.30.", line: 13, column: 20 }],
    },
    {
      name: 'a repository entry matches that repository and below, not a longer name',
      code: deployment('ghcr.io/acme/webapp:1', '      - name: b\n        image: ghcr.io/acme/web/worker:1\n      - name: c\n        image: ghcr.io/acme/web@sha256:' + 'b'.repeat(64) + '\n'),
      settings: trusted('ghcr.io/acme/web'),
      errors: [{ message: 'image ghcr.io/acme/webapp:1 is not from', line: 10, column: 16 }],
    },
  ],
});
