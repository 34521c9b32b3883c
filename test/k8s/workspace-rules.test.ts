/**
 * RuleTester cases for the K8S rules registered with `target: 'workspace'` (#19): the meta-rules
 * about suppressions (K8S100, K8S102: their findings come from engine/suppress.ts), the configuration
 * rule (K8S101: its findings come from loading `.palisade.yaml`, engine/config.ts; the tester reports
 * a file of that name through the configuration loader, as the language server does), and the
 * cross-file rules K8S103 and K8S105 (cases of several files, analysed together with scanTexts).
 */
import { runRuleTests } from '../ruleTester';

const pod = (head: string, annotations = '') => `${head}apiVersion: v1
kind: Pod
metadata:
  name: web
${annotations}spec:
  containers:
    - name: app
      image: registry.example.com/web:1.4.2
      securityContext:
        privileged: true
`;

runRuleTests('K8S100', {
  valid: [
    { name: 'a comment with a reason', settings: { requireSuppressionReason: true }, code: pod('# palisade-ignore K8S003 -- the CNI agent needs it, OPS-12\n') },
    { name: 'an annotation with a reason', settings: { requireSuppressionReason: true }, code: pod('', '  annotations:\n    palisade.dev/ignore: "K8S003 -- reviewed in OPS-12"\n') },
    { name: 'an annotation with palisade.dev/ignore-reason', settings: { requireSuppressionReason: true }, code: pod('', '  annotations:\n    palisade.dev/ignore: K8S003\n    palisade.dev/ignore-reason: the CNI agent needs it\n') },
    { name: 'requireSuppressionReason off (the default)', code: pod('# palisade-ignore K8S003\n') },
    { name: 'a Dockerfile comment with a reason', file: 'Dockerfile', settings: { requireSuppressionReason: true }, code: 'FROM alpine:3.20\n# palisade-ignore DF001 -- the build runs as root, the final stage does not\nUSER root\n' },
  ],
  invalid: [
    {
      name: 'a comment without a reason',
      settings: { requireSuppressionReason: true },
      code: pod('# palisade-ignore K8S003\n'),
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 25, severity: 'info', message: "This palisade-ignore suppression gives no reason. Add one after ' -- ' (# palisade-ignore K8S003 -- <why it does not apply>)" }],
    },
    {
      name: 'a file-level comment without a reason',
      settings: { requireSuppressionReason: true },
      code: pod('# palisade-ignore-file K8S003\n'),
      errors: [{ line: 1, column: 1, message: 'This palisade-ignore-file suppression gives no reason' }],
    },
    {
      name: 'an annotation without a reason',
      settings: { requireSuppressionReason: true },
      code: pod('', '  annotations:\n    palisade.dev/ignore: K8S003\n'),
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 32, message: "The palisade.dev/ignore annotation gives no reason. Add one after ' -- '" }],
    },
    {
      name: 'two suppressions, one with a reason',
      settings: { requireSuppressionReason: true },
      code: pod('# palisade-ignore K8S003 -- reviewed\n', '  annotations:\n    palisade.dev/ignore: K8S020\n'),
      errors: [{ line: 7, column: 5, message: 'The palisade.dev/ignore annotation gives no reason' }],
    },
    {
      name: 'a Dockerfile comment without a reason',
      file: 'Dockerfile',
      settings: { requireSuppressionReason: true },
      code: 'FROM alpine:3.20\n# palisade-ignore DF001\nUSER root\n',
      errors: [{ file: 'Dockerfile', line: 2, column: 1, message: 'This palisade-ignore comment gives no reason' }],
    },
  ],
});

runRuleTests('K8S102', {
  valid: [
    { name: 'a rule id', code: pod('# palisade-ignore K8S003 -- reviewed\n') },
    { name: 'a rule name', code: pod('# palisade-ignore pss-privileged -- reviewed\n') },
    { name: 'ids in an annotation', code: pod('', '  annotations:\n    palisade.dev/ignore: "K8S003, K8S020 -- reviewed"\n') },
  ],
  invalid: [
    {
      name: 'a typo in a comment (the suppression applies to nothing)',
      code: pod('# palisade-ignore K8S0003 -- typo\n'),
      errors: [{ line: 1, column: 1, severity: 'info', message: "Unknown rule 'K8S0003' in this palisade-ignore comment: it suppresses nothing" }],
    },
    {
      name: 'two unknown names in one comment: one finding each',
      code: pod('# palisade-ignore K8S003, not-a-rule, CKV_K8S_16 -- reviewed\n'),
      errors: [
        { line: 1, column: 1, message: "Unknown rule 'not-a-rule'" },
        { line: 1, column: 1, message: "Unknown rule 'CKV_K8S_16'" },
      ],
    },
    {
      name: 'an unknown id in the annotation',
      code: pod('', '  annotations:\n    palisade.dev/ignore: "K8S03 -- reviewed"\n'),
      errors: [{ line: 6, column: 5, message: "Unknown rule 'K8S03' in the palisade.dev/ignore annotation: it suppresses nothing" }],
    },
  ],
});

runRuleTests('K8S101', {
  valid: [
    { name: 'a complete configuration', file: '.palisade.yaml', code: 'profile: strict\npodSecurity:\n  level: restricted\n  version: v1.30\nrules:\n  K8S020: off\n  read-only-root-filesystem: warning\nexclude:\n  - charts/vendor/**\n' },
    { name: 'an empty file', file: '.palisade.yaml', code: '' },
    { name: 'in a subfolder', file: 'apps/shop/.palisade.yaml', code: 'requireSuppressionReason: true\n' },
    { name: 'a manifest named otherwise is no configuration', file: 'palisade.yaml', code: 'podSecurity:\n  level: strict\n' },
  ],
  invalid: [
    {
      name: 'a Pod Security level that does not exist',
      file: '.palisade.yaml',
      code: 'podSecurity:\n  level: strict\n  version: v1.30\n',
      errors: [{ file: '.palisade.yaml', line: 2, column: 10, endLine: 2, endColumn: 16, severity: 'error', message: 'podSecurity.level must be privileged, baseline or restricted, not "strict"' }],
    },
    {
      name: 'an unknown rule and an unknown severity',
      file: '.palisade.yaml',
      code: 'rules:\n  K8S999: off\n  K8S020: loud\n',
      errors: [
        // configuration errors point at the value of the entry (here and for unknown settings), as the loader locates them
        { file: '.palisade.yaml', line: 2, column: 11, message: "unknown rule 'K8S999'" },
        { file: '.palisade.yaml', line: 3, column: 11, message: 'loud' },
      ],
    },
    {
      name: 'exclude patterns outside the workspace',
      file: 'deploy/.palisade.yaml',
      code: 'exclude:\n  - /etc/kubernetes\n  - ../other/**\n  - charts/vendor/**\n',
      errors: [
        { file: 'deploy/.palisade.yaml', line: 2, column: 5, message: 'points outside the workspace' },
        { file: 'deploy/.palisade.yaml', line: 3, column: 5, message: 'points outside the workspace' },
      ],
    },
    {
      name: 'an unknown setting',
      file: '.palisade.yaml',
      code: '# palisade settings\ncolour: blue\n',
      errors: [{ line: 2, column: 9, file: '.palisade.yaml', message: "Unknown setting 'colour'" }],
    },
    {
      name: 'a syntax error: one finding, defaults used',
      file: '.palisade.yaml',
      code: 'rules:\n  K8S020: [off\n',
      errors: [{ file: '.palisade.yaml', line: 3, column: 1, message: /^Invalid \.palisade\.yaml: .*; using defaults\.$/ }],
    },
  ],
});

const sa = (name: string, ns = 'shop') => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
automountServiceAccountToken: false
`;
const deployment = (field: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      ${field}
      containers:
        - name: api
          image: registry.example.com/shop/api:2.1.0
`;

runRuleTests('K8S103', {
  valid: [
    { name: 'the account is defined in another file', files: { 'rbac/sa.yaml': sa('api'), 'apps/api.yaml': deployment('serviceAccountName: api') } },
    { name: 'no ServiceAccount in the namespace: accounts are managed elsewhere', files: { 'rbac/sa.yaml': sa('api', 'billing'), 'apps/api.yaml': deployment('serviceAccountName: api') } },
    { name: 'the default account', files: { 'rbac/sa.yaml': sa('api'), 'apps/api.yaml': deployment('serviceAccountName: default') } },
    { name: 'no account named', files: { 'rbac/sa.yaml': sa('api'), 'apps/api.yaml': deployment('automountServiceAccountToken: false') } },
    { name: 'one file with both', code: `${sa('api')}---\n${deployment('serviceAccountName: api')}` },
    { name: 'no namespace and default are the same namespace', files: { 'sa.yaml': sa('api', 'default'), 'api.yaml': deployment('serviceAccountName: api').replace('  namespace: shop\n', '') } },
  ],
  invalid: [
    {
      name: 'a typo, the accounts in another file',
      files: { 'rbac/sa.yaml': `${sa('api')}---\n${sa('worker')}`, 'apps/api.yaml': deployment('serviceAccountName: apii') },
      errors: [{ file: 'apps/api.yaml', line: 13, column: 27, endLine: 13, endColumn: 31, severity: 'warning', message: "Deployment 'api' (namespace 'shop') uses ServiceAccount 'apii', which no file of the workspace defines in namespace 'shop' (defined there: 'api', 'worker')" }],
    },
    {
      name: 'defined in another namespace only (the deprecated serviceAccount field)',
      files: { 'sa.yaml': `${sa('api', 'billing')}---\n${sa('worker')}`, 'api.yaml': deployment('serviceAccount: api') },
      errors: [{ file: 'api.yaml', line: 13, column: 23, message: "uses ServiceAccount 'api', which no file of the workspace defines in namespace 'shop' (defined there: 'worker')" }],
    },
    {
      name: 'set explicitly: judged without any ServiceAccount in the workspace',
      settings: { rules: { K8S103: 'warning' } },
      file: 'apps/api.yaml',
      code: deployment('serviceAccountName: api'),
      errors: [{ file: 'apps/api.yaml', line: 13, column: 27, message: "uses ServiceAccount 'api', which no file of the workspace defines in namespace 'shop'. Define it" }],
    },
  ],
});

const allowedRepos = (match = '') => `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sAllowedRepos
metadata:
  name: trusted-registries
spec:
  enforcementAction: deny
${match}  parameters:
    repos:
      - "registry.example.com/"
      - "ghcr.io/example/"
`;
const web = (image: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/example/migrate:1.0.3
      containers:
        - name: web
          image: ${image}
`;

runRuleTests('K8S105', {
  valid: [
    { name: 'images from the allowed prefixes', files: { 'policy/constraint.yaml': allowedRepos(), 'apps/web.yaml': web('registry.example.com/shop/web:3.2.1') } },
    { name: 'no constraint in the workspace', files: { 'apps/web.yaml': web('docker.io/library/nginx:1.27') } },
    { name: 'a namespace the constraint excludes', files: { 'c.yaml': allowedRepos('  match:\n    excludedNamespaces: ["kube-*"]\n'), 'w.yaml': web('docker.io/library/nginx:1.27', 'kube-tools') } },
    { name: 'a kind the constraint does not match', files: { 'c.yaml': allowedRepos('  match:\n    kinds:\n      - apiGroups: [""]\n        kinds: ["Pod"]\n'), 'w.yaml': web('docker.io/library/nginx:1.27') } },
    {
      name: '.palisade.yaml lists trusted registries that reject the image: K8S072 reports it, not this rule',
      settings: { images: { trustedRegistries: ['registry.example.com'] } },
      files: { 'c.yaml': allowedRepos(), 'w.yaml': web('docker.io/library/nginx:1.27') },
    },
  ],
  invalid: [
    {
      name: 'an image from another registry, the constraint in another file',
      files: { 'policy/constraint.yaml': allowedRepos(), 'apps/web.yaml': web('docker.io/library/nginx:1.27') },
      errors: [{ file: 'apps/web.yaml', line: 14, column: 18, endLine: 14, endColumn: 46, severity: 'warning', message: "Deployment 'web' (namespace 'shop'): image 'docker.io/library/nginx:1.27' of container 'web' is not from a registry that K8sAllowedRepos 'trusted-registries' allows (registry.example.com/, ghcr.io/example/)" }],
    },
    {
      name: 'a prefix without its slash is a string prefix, as Gatekeeper compares',
      files: { 'c.yaml': allowedRepos(), 'w.yaml': web('ghcr.io/example-fork/web:1') },
      errors: [{ file: 'w.yaml', line: 14, column: 18, message: "image 'ghcr.io/example-fork/web:1' of container 'web'" }],
    },
    {
      name: 'K8S072 off: this rule reports what the trusted list rejects',
      settings: { images: { trustedRegistries: ['registry.example.com'] }, rules: { K8S072: 'off' } },
      files: { 'c.yaml': allowedRepos('  match:\n    namespaces: ["shop", "prod-*"]\n'), 'w.yaml': web('docker.io/library/nginx:1.27', 'prod-eu') },
      errors: [{ file: 'w.yaml', line: 14, column: 18, message: "Deployment 'web' (namespace 'prod-eu'): image 'docker.io/library/nginx:1.27'" }],
    },
  ],
});
