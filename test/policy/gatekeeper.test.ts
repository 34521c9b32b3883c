import { runRuleTests } from '../ruleTester';

const c = (kind: string, spec: string) => `apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: ${kind}\nmetadata:\n  name: c\nspec:\n${spec}`;
const MATCH = '  match:\n    kinds:\n    - apiGroups: [""]\n      kinds: ["Pod"]\n';

runRuleTests('GK001', {
  valid: [{ code: c('K8sPSPPrivilegedContainer', MATCH) }, { name: 'not a constraint', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' }],
  invalid: [
    { code: c('K8sPSPPrivilegedContainer', '  enforcementAction: deny\n'), errors: [{ message: 'has no spec.match', line: 4, column: 9, endLine: 4, endColumn: 10 }] },
    { name: 'empty match', code: c('K8sRequiredLabels', '  match: {}\n'), errors: [{ message: 'has no spec.match', line: 6, column: 3, endLine: 6, endColumn: 12 }] },
  ],
});

runRuleTests('GK002', {
  valid: [{ code: c('K8sPSPPrivilegedContainer', MATCH + '  enforcementAction: deny\n') }],
  invalid: [{ code: c('K8sPSPPrivilegedContainer', MATCH + '  enforcementAction: dryrun\n'), errors: [{ message: 'enforcementAction is dryrun', line: 10, column: 22, endLine: 10, endColumn: 28 }] }],
});

runRuleTests('GK003', {
  valid: [
    { code: c('K8sAllowedRepos', MATCH + '  parameters:\n    repos:\n    - "registry.example.com/"\n    - "ghcr.io/myorg/"\n') },
    { name: 'v2 with org path', code: c('K8sAllowedReposv2', MATCH + '  parameters:\n    allowedImages:\n    - "ghcr.io/myorg/*"\n') },
  ],
  invalid: [
    {
      code: c('K8sAllowedRepos', MATCH + '  parameters:\n    repos:\n    - "docker.io/"\n    - registry.example.com\n    - gcr.io\n'),
      errors: [
        { message: 'allows every image of the public registry docker.io', line: 12, column: 7, endLine: 12, endColumn: 19 },
        { message: "end it with '/'", line: 13, column: 7, endLine: 13, endColumn: 27 },
        { message: 'public registry gcr.io', line: 14, column: 7 },
      ],
    },
    { name: 'v2 whole registry', code: c('K8sAllowedReposv2', MATCH + '  parameters:\n    allowedImages: ["docker.io/*"]\n'), errors: [{ message: 'public registry docker.io', line: 11, column: 21 }] },
  ],
});
