/** Pod-level rules: K8S042 (hostAliases), K8S043 (shareProcessNamespace), K8S046 (privileged ports), K8S047 (SSH). */
import { runRuleTests } from '../ruleTester';

runRuleTests('K8S042', {
  valid: [
    { code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n' },
    { name: 'empty list', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostAliases: []\n  containers:\n    - name: app\n      image: nginx:1.27\n' },
  ],
  invalid: [{
    code: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  template:\n    spec:\n      hostAliases:\n        - ip: 10.0.0.12\n          hostnames: [payments.internal, api.internal]\n      containers:\n        - name: app\n          image: nginx:1.27\n',
    errors: [{ line: 8, column: 7, endLine: 8, endColumn: 18, message: "StatefulSet 's': hostAliases overrides /etc/hosts for payments.internal, api.internal" }],
  }],
});

runRuleTests('K8S043', {
  valid: [{ code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  shareProcessNamespace: false\n  containers:\n    - name: app\n      image: nginx:1.27\n' }],
  invalid: [{
    name: 'YAML 1.1 boolean',
    code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  shareProcessNamespace: Yes\n  containers:\n    - name: app\n      image: nginx:1.27\n',
    errors: [{ line: 6, column: 3, endLine: 6, endColumn: 29, message: "Pod 'p': shareProcessNamespace is true" }],
  }],
});

const ports = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      ports:
        - containerPort: 443
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 80
        - containerPort: 8080
        - containerPort: 22
        - containerPort: 22
          protocol: UDP
`;

runRuleTests('K8S046', {
  valid: [{ code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 8443\n        - containerPort: "80"\n' }],
  invalid: [{
    name: 'port 22 is left to K8S047',
    code: ports,
    errors: [
      { line: 10, column: 11, endLine: 10, endColumn: 29, message: "Pod 'p', init container 'init': containerPort 443 is a privileged port" },
      { line: 15, column: 11, endLine: 15, endColumn: 28, message: "container 'app': containerPort 80 is a privileged port" },
    ],
  }],
});

runRuleTests('K8S047', {
  valid: [{ code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 2222\n' }],
  invalid: [{
    name: 'TCP 22 only',
    code: ports,
    errors: [{ line: 17, column: 11, endLine: 17, endColumn: 28, message: "container 'app': containerPort 22 exposes SSH" }],
  }],
});
