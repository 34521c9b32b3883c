/** Issue #20: RBAC rule precision on real repositories (regression tests from minimal examples). */
import * as assert from 'assert';
import { runRuleTests, findingsOf } from '../ruleTester';

const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
rules:
${rules}`;

runRuleTests('RBAC003', {
  valid: [
    { name: 'patch and delete on every core resource do not exec', code: role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["list", "watch", "patch", "delete"]\n') },
  ],
  invalid: [
    {
      name: 'get on every core resource is exec-capable only before Kubernetes 1.30: information, and the message says so',
      code: role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get", "list", "watch", "patch", "delete"]\n'),
      errors: [{ message: "'get' on '*' covers pods/exec and pods/attach. Exec and attach need 'create' since Kubernetes 1.30, but on older clusters", line: 7, column: 17 }],
    },
    {
      name: 'create on every core resource does',
      code: role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get", "create"]\n'),
      errors: [{ message: "'create' on '*' lets the subject exec and attach", line: 7, column: 17 }],
    },
    {
      name: 'get on pods/exec by name still counts (WebSocket exec before Kubernetes 1.30)',
      code: role('  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["get"]\n'),
      errors: [{ message: "'get' on 'pods/exec' lets the subject exec into", line: 7, column: 17 }],
    },
  ],
});

runRuleTests('RBAC001', {
  valid: [],
  invalid: [
    {
      name: 'a wildcard resource in an API group without secrets or pods does not claim them',
      code: role('  - apiGroups: ["monitoring.coreos.com"]\n    resources: ["*"]\n    verbs: ["get"]\n'),
      errors: [{ message: /grants every resource and subresource of API group\(s\) 'monitoring\.coreos\.com', including ones added later\. List/, line: 7, column: 17 }],
    },
    {
      name: 'in the core group it does',
      code: role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get"]\n'),
      errors: [{ message: 'every resource and subresource (including secrets and pods/exec)', line: 7, column: 17 }],
    },
  ],
});

describe('RBAC003 severity of get on * (#20)', () => {
  it('is info for get through a wildcard, the rule severity for create', () => {
    const get = findingsOf('RBAC003', { code: role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["get"]\n') });
    const create = findingsOf('RBAC003', { code: role('  - apiGroups: [""]\n    resources: ["*"]\n    verbs: ["create"]\n') });
    assert.deepStrictEqual([get.map((f) => f.severity), create.map((f) => f.severity)], [['info'], ['warning']]);
  });
});

runRuleTests('RBAC023', {
  valid: [
    { name: 'read only (RBAC002)', code: role('  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get"]\n') },
    { name: 'update limited by resourceNames', code: role('  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["tls"]\n    verbs: ["update", "patch"]\n') },
  ],
  invalid: [
    {
      name: 'create, even with resourceNames', code: role('  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["tls"]\n    verbs: ["create", "update"]\n'),
      errors: [{ message: "'create' on 'secrets' lets the subject create Secrets in every namespace it is bound for, including service account token Secrets", line: 7, column: 17 }],
    },
    {
      name: 'patch on every Secret', code: role('  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["patch"]\n'),
      errors: [{ message: "'patch' on 'secrets' lets the subject change or delete every Secret", line: 7, column: 17 }],
    },
  ],
});
