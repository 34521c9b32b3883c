/** Namespace rules: K8S044 (default namespace), K8S045 (kube-system). */
import { runRuleTests } from '../ruleTester';

runRuleTests('K8S044', {
  valid: [
    { name: 'own namespace', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n' },
    { name: 'objects Kubernetes itself puts in default', code: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: default\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: kubernetes\n  namespace: default\nspec:\n  ports: [{port: 443}]\n' },
    { name: 'cluster-scoped and custom kinds', code: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' },
  ],
  invalid: [{
    name: 'explicit default and no namespace',
    code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\nspec:\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n',
    errors: [
      { line: 5, column: 3, endLine: 5, endColumn: 21, message: "Service 'web' is in the default namespace" },
      { line: 12, column: 9, endLine: 12, endColumn: 11, message: "StatefulSet 'db' sets no metadata.namespace" },
    ],
  }],
});

runRuleTests('K8S045', {
  valid: [
    { name: 'control-plane static pod and a well-known add-on', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver-node1\n  namespace: kube-system\n  labels:\n    component: kube-apiserver\n    tier: control-plane\nspec:\n  containers:\n    - name: kube-apiserver\n      image: registry.k8s.io/kube-apiserver:v1.31.0\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: coredns\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: coredns\n          image: registry.k8s.io/coredns/coredns:v1.11.1\n' },
  ],
  invalid: [{
    code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: kube-system\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
    errors: [{ line: 5, column: 3, endLine: 5, endColumn: 25, message: "Deployment 'web' is in kube-system" }],
  }],
});
