/** The safe fix of YAML001: removing the earlier duplicate, which Kubernetes ignores anyway. */
import { runRuleTests } from '../ruleTester';

const pod = (sc: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: x\n    securityContext:\n${sc}`;

runRuleTests('YAML001', {
  valid: [{ code: pod('      privileged: false\n') }],
  invalid: [{
    code: pod('      privileged: false # reviewed\n      privileged: true\n'),
    errors: [{ message: "key 'privileged' appears more than once", line: 11, column: 7 }],
    output: pod('      privileged: true\n'),
  }, {
    name: 'flow map',
    code: pod('      {privileged: false, privileged: true}\n').replace('securityContext:\n      {', 'securityContext: {').replace('securityContext: {privileged', 'securityContext: {privileged'),
    errors: [{ message: "key 'privileged' appears more than once", line: 9, column: 42 }],
    output: pod('      {privileged: true}\n').replace('securityContext:\n      {', 'securityContext: {'),
  }, {
    name: 'an earlier duplicate holding an anchor used elsewhere is not removed (no fix offered)',
    code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: &v x\n  a: y\n  b: *v\n`,
    errors: [{ message: "key 'a' appears more than once", line: 7, column: 3 }],
  }],
});
