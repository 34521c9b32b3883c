/** Service account rules: K8S028-K8S031. */
import { runRuleTests } from '../ruleTester';

runRuleTests('K8S028', {
  valid: [
    { name: 'disabled on the pod (YAML 1.1 no)', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: no\n  containers:\n    - name: app\n      image: nginx:1.27\n' },
    { name: 'not a pod', code: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n' },
  ],
  invalid: [
    {
      name: 'unset: points at the pod spec key of the template',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      serviceAccountName: app\n      containers:\n        - name: app\n          image: nginx:1.27\n',
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 9, message: "Deployment 'd': automountServiceAccountToken is not set in the pod spec, so every container gets an API token of service account 'app'" }],
      output: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      serviceAccountName: app\n      containers:\n        - name: app\n          image: nginx:1.27\n      automountServiceAccountToken: false\n',
    },
    {
      name: 'explicitly true',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: true\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 37, message: "Pod 'p': automountServiceAccountToken is true" }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    },
  ],
});

runRuleTests('K8S029', {
  valid: [
    { name: 'dedicated account', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: app\n  containers:\n    - name: app\n      image: nginx:1.27\n' },
    { name: 'default account without a token', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: nginx:1.27\n' },
    { name: 'the deprecated field naming a dedicated account (K8S031 reports the field)', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccount: app\n  containers:\n    - name: app\n      image: nginx:1.27\n' },
  ],
  invalid: [
    {
      name: 'unset',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 5, message: "Pod 'p': serviceAccountName is not set, so the pod runs as the namespace's 'default' service account" }],
    },
    {
      name: 'explicit default',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: default\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 30, message: "Pod 'p': runs as the namespace's 'default' service account" }],
    },
  ],
});

runRuleTests('K8S030', {
  valid: [
    { name: 'default SA with automount off', code: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\nautomountServiceAccountToken: false\n' },
    { name: 'other SA', code: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n' },
  ],
  invalid: [
    {
      name: 'unset and true, in a List',
      code: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: default\n      namespace: a\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: default\n      namespace: b\n    automountServiceAccountToken: "true"\n',
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 20, message: "ServiceAccount 'default': automountServiceAccountToken is not set (defaults to true)" },
        { line: 14, column: 5, endLine: 14, endColumn: 41, message: "ServiceAccount 'default': automountServiceAccountToken is true" },
      ],
    },
  ],
});

runRuleTests('K8S031', {
  valid: [{ code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccountName: app\n  containers:\n    - name: app\n      image: nginx:1.27\n' }],
  invalid: [
    {
      name: 'deprecated field, and one that contradicts serviceAccountName',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  serviceAccount: app\n  containers:\n    - name: app\n      image: nginx:1.27\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  serviceAccountName: app\n  serviceAccount: builder\n  containers:\n    - name: app\n      image: nginx:1.27\n',
      errors: [
        { line: 6, column: 3, endLine: 6, endColumn: 22, message: "Pod 'p': serviceAccount is deprecated; use serviceAccountName: app instead." },
        { line: 17, column: 3, endLine: 17, endColumn: 26, message: "It also differs from serviceAccountName 'app'" },
      ],
    },
  ],
});
