/** Legacy and add-on components: Tiller (K8S051-K8S053), dashboard (K8S054), git-sync (K8S058). */
import { runRuleTests } from '../ruleTester';

const tiller = (args: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: tiller-deploy
  namespace: kube-system
spec:
  template:
    metadata:
      labels:
        app: helm
        name: tiller
    spec:
      containers:
        - name: tiller
          image: gcr.io/kubernetes-helm/tiller:v2.16.9
${args}`;

runRuleTests('K8S051', {
  valid: [{ name: 'Helm 3 needs no in-cluster component', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n' }],
  invalid: [{
    code: tiller(''),
    errors: [{ line: 15, column: 11, endLine: 15, endColumn: 55, message: "Deployment 'tiller-deploy', container 'tiller': runs Helm v2 Tiller (gcr.io/kubernetes-helm/tiller:v2.16.9)" }],
  }],
});

runRuleTests('K8S052', {
  valid: [
    { name: 'localhost', code: tiller('          args: ["--listen=localhost:44134"]\n') },
    { name: 'loopback address in command', code: tiller('          command: ["/tiller", "--listen=127.0.0.1:44134"]\n') },
  ],
  invalid: [
    { name: 'no flag', code: tiller(''), errors: [{ line: 14, column: 11, endLine: 14, endColumn: 23, message: 'Tiller listens on all interfaces (no --listen flag)' }] },
    { name: 'all interfaces', code: tiller('          args:\n            - --listen=0.0.0.0:44134\n'), errors: [{ line: 17, column: 15, endLine: 17, endColumn: 37, message: 'Tiller listens on --listen=0.0.0.0:44134' }] },
  ],
});

runRuleTests('K8S053', {
  valid: [{ code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n' }],
  invalid: [{
    code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: helm\n  namespace: kube-system\nspec:\n  selector:\n    app: helm\n    name: tiller\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: tiller-deploy\nspec:\n  ports: [{port: 44134}]\n',
    errors: [
      { line: 7, column: 3, endLine: 7, endColumn: 11, message: "Service 'helm': selects the Tiller pods" },
      { line: 14, column: 9, endLine: 14, endColumn: 22, message: "Service 'tiller-deploy': is the Service Helm v2 creates for Tiller" },
    ],
  }],
});

runRuleTests('K8S054', {
  valid: [{ code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: nginx\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n' }],
  invalid: [
    {
      name: 'by image',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kubernetes-dashboard\nspec:\n  template:\n    spec:\n      containers:\n        - name: dashboard\n          image: kubernetesui/dashboard:v2.7.0\n',
      errors: [{ line: 10, column: 11, endLine: 10, endColumn: 47, message: "container 'dashboard': runs the Kubernetes dashboard (kubernetesui/dashboard:v2.7.0)" }],
    },
    {
      name: 'by label on the pod template',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ui\nspec:\n  template:\n    metadata:\n      labels:\n        k8s-app: kubernetes-dashboard\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
      errors: [{ line: 9, column: 9, endLine: 9, endColumn: 38, message: "Deployment 'ui': is labelled as the Kubernetes dashboard" }],
    },
  ],
});

const gitSync = (env: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: git-sync
      image: registry.k8s.io/git-sync/git-sync:v4.2.3
${env}`;

runRuleTests('K8S058', {
  valid: [
    { name: 'repository only', code: gitSync('      env:\n        - name: GITSYNC_REPO\n          value: https://github.com/example/site.git\n') },
    { name: 'the same variable on another image', code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      env:\n        - name: GITSYNC_GIT\n          value: /bin/git\n' },
  ],
  invalid: [{
    name: 'git binary override in env and an exechook flag',
    code: gitSync('      args: ["--exechook-command=/tmp/hook.sh"]\n      env:\n        - name: GITSYNC_GIT\n          value: /tmp/payload/payload\n'),
    errors: [
      { line: 9, column: 14, endLine: 9, endColumn: 47, message: "container 'git-sync': git-sync flag --exechook-command=/tmp/hook.sh" },
      { line: 11, column: 11, endLine: 11, endColumn: 28, message: "git-sync option GITSYNC_GIT makes git-sync execute or load '/tmp/payload/payload'" },
    ],
  }],
});
