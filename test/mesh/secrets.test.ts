import { runRuleTests } from '../ruleTester';

runRuleTests('SEC002', {
  valid: [
    { code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: empty\ntype: Opaque\n' },
    { name: 'service account token', code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\n  annotations:\n    kubernetes.io/service-account.name: web\ntype: kubernetes.io/service-account-token\ndata:\n  token: eA==\n' },
  ],
  invalid: [{
    code: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: cGFzc3dvcmQ=\nstringData:\n  user: admin\n  host: db\n',
    errors: [{ message: "data holds the value of 'password'", line: 5, column: 1, endLine: 5, endColumn: 5 }, { message: 'stringData holds 2 values', line: 7, column: 1 }],
  }],
});
