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
  }, {
    name: 'a key three times in a small mapping: both later ones name the first (#23)',
    code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n  b: "2"\n  a: "3"\n  a: "4"\n`,
    errors: [{ message: "key 'a' appears more than once in this mapping (first on line 6)", line: 8, column: 3 }, { message: "key 'a' appears more than once in this mapping (first on line 6)", line: 9, column: 3 }],
    output: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  b: "2"\n  a: "3"\n  a: "4"\n`,
  }, {
    name: 'a key three times in a mapping of more than 16 keys: both later ones name the first (#23)',
    code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${Array.from({ length: 18 }, (_, i) => `  k${i}: "${i}"\n`).join('')}  k3: "x"\n  k3: "y"\n`,
    errors: [{ message: "key 'k3' appears more than once in this mapping (first on line 9)", line: 24, column: 3 }, { message: "key 'k3' appears more than once in this mapping (first on line 9)", line: 25, column: 3 }],
    output: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${Array.from({ length: 18 }, (_, i) => (i === 3 ? '' : `  k${i}: "${i}"\n`)).join('')}  k3: "x"\n  k3: "y"\n`,
  }],
});
