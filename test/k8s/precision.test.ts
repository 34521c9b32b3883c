/** Issue #20: Kubernetes rule precision on real repositories (regression tests from minimal examples). */
import * as assert from 'assert';
import { runRuleTests, findingsOf } from '../ruleTester';

runRuleTests('K8S045', {
  valid: [
    {
      name: 'a RoleBinding to extension-apiserver-authentication-reader must live in kube-system (metrics-server, custom API servers)',
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-apiserver-auth-reader
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: extension-apiserver-authentication-reader
subjects:
  - kind: ServiceAccount
    name: my-apiserver
    namespace: my-apiserver
`,
    },
    {
      name: 'a bootstrap token Secret is read only in kube-system',
      code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: bootstrap-token-abcdef\n  namespace: kube-system\ntype: bootstrap.kubernetes.io/token\n',
    },
  ],
  invalid: [
    {
      name: 'a RoleBinding to an ordinary Role is still reported',
      code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app\n  namespace: kube-system\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: app-reader\n',
      errors: [{ message: "RoleBinding 'app' is in kube-system", line: 5, column: 3 }],
    },
  ],
});

const deployment = (spec: string, annotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
${annotations}      labels: {app: web}
    spec:
${spec}      containers:
        - name: app
          image: nginx:1.25
`;

runRuleTests('K8S028', {
  valid: [
    {
      name: 'the ServiceAccount of the same file sets automountServiceAccountToken: false',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
automountServiceAccountToken: false
---
${deployment('      serviceAccountName: web\n')}`,
    },
    {
      name: 'a Vault-injected pod needs its token for the agent to log in',
      code: deployment('      serviceAccountName: web\n', '      annotations:\n        vault.hashicorp.com/agent-inject: "true"\n        vault.hashicorp.com/role: web\n'),
    },
  ],
  invalid: [
    {
      name: 'a ServiceAccount of another name, or of another namespace, does not count',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: other
automountServiceAccountToken: false
---
${deployment('      serviceAccountName: web\n')}`,
      errors: [{ message: "service account 'web'", line: 15, column: 5 }],
      output: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: other
automountServiceAccountToken: false
---
${deployment('      serviceAccountName: web\n')}      automountServiceAccountToken: false\n`,
    },
    {
      name: 'an empty serviceAccountName is the default service account, not \'\'',
      code: deployment('      serviceAccountName: ""\n'),
      errors: [{ message: "token of service account 'default'", line: 9, column: 5 }],
      output: deployment('      serviceAccountName: ""\n') + '      automountServiceAccountToken: false\n',
    },
  ],
});

runRuleTests('K8S031', {
  valid: [],
  invalid: [
    {
      name: 'an empty deprecated field says so instead of printing \'\'',
      code: deployment('      serviceAccountName: web\n      serviceAccount: ""\n'),
      errors: [{ message: /serviceAccount is deprecated and empty here\b.*; remove it \(serviceAccountName 'web' applies\)\./i, line: 11, column: 7 }],
    },
  ],
});

describe('K8S032/K8S033 precision (#20)', () => {
  it('ETCD_INITIAL_CLUSTER_TOKEN is a cluster id, not a secret', () => {
    const code = deployment('').replace('image: nginx:1.25\n', 'image: nginx:1.25\n          env:\n            - name: ETCD_INITIAL_CLUSTER_TOKEN\n              value: etcd-cluster-1\n            - name: ETCD_ROOT_TOKEN\n              value: s3cr3t-v4lue\n');
    assert.deepStrictEqual(findingsOf('K8S032', { code }).map((f) => f.message.match(/ETCD_\w+/)?.[0]), ['ETCD_ROOT_TOKEN']);
  });
  it('custom_secrets: [] is an empty list, not a secret', () => {
    const code = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  config.yaml: |\n    custom_secrets: []\n    other: 1\n';
    assert.deepStrictEqual(findingsOf('K8S033', { code }), []);
    assert.strictEqual(findingsOf('K8S033', { code: code.replace('[]', 'hunter2-is-secret') }).length, 1);
  });
});

runRuleTests('K8S070', {
  valid: [
    { name: 'apps/v1 Deployment', code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n' },
    { name: 'removed after the version checked (v1.21: networking.k8s.io/v1beta1 Ingress still served)', code: 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n', settings: { podSecurity: { level: 'restricted', version: 'v1.21' } } },
    { name: 'extensions/v1beta1 is removed per kind: an unknown kind is not judged', code: 'apiVersion: extensions/v1beta1\nkind: Scale\nmetadata:\n  name: s\n' },
  ],
  invalid: [
    {
      name: 'PodSecurityPolicy', code: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\nspec:\n  privileged: false\n',
      errors: [{ message: /policy\/v1beta1 PodSecurityPolicy was removed in Kubernetes 1\.25, so the API server rejects this object\b.*\. Use Pod Security Admission/i, line: 1, column: 13, endLine: 1, endColumn: 27 }],
    },
    {
      name: 'a policy/v1 PodSecurityPolicy never existed', code: 'apiVersion: policy/v1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\n',
      errors: [{ message: /there is no policy\/v1 PodSecurityPolicy/i, line: 1, column: 13 }],
    },
    {
      name: 'extensions/v1beta1 Deployment and Ingress', code: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\n---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n',
      errors: [{ message: /extensions\/v1beta1 Deployment was removed in Kubernetes 1\.16/i, line: 1, column: 13 }, { message: /extensions\/v1beta1 Ingress was removed in Kubernetes 1\.22/i, line: 6, column: 13 }],
    },
  ],
});

runRuleTests('K8S071', {
  valid: [
    { name: 'not privileged', code: 'apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: app\nallowPrivilegedContainer: false\n' },
    { name: "OpenShift's own privileged SCC", code: 'apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: privileged\nallowPrivilegedContainer: true\n' },
  ],
  invalid: [{
    code: 'apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: app\nallowPrivilegedContainer: true\n',
    errors: [{ message: /allowPrivilegedContainer is true, so every pod allowed to use this SCC can run privileged containers/i, line: 5, column: 1 }],
  }],
});
