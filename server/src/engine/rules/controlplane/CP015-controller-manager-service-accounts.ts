import { ruleMeta } from '../../rule';
import { componentRule, flag, boolFlag } from './flags';
import { setFlagFix } from './flagfix';

export default componentRule(
  ruleMeta({
    id: 'CP015', name: 'controller-manager-service-accounts', title: 'The controller manager must use per-controller credentials',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_108', 'trivy:KCV-0035'],
    cis: ['1.3.3'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-controller-manager container does not set `--use-service-account-credentials=true`. `--service-account-private-key-file` and `--root-ca-file`, which this rule used to check too, have their own ids, CP046 and CP047.',
      rationale: 'Without per-controller service accounts, every controller runs with the controller manager\'s own, very broad credentials, so RBAC cannot limit a single controller.',
      remediation: 'Set `--use-service-account-credentials=true` (the quick fix does), with the `system:controller:*` roles bound (the default bootstrap policy does).',
      example: { bad: 'command:\n  - kube-controller-manager\n', good: 'command:\n  - kube-controller-manager\n  - --use-service-account-credentials=true\n' },
    },
  }),
  ['kube-controller-manager'],
  (c, ctx) => {
    const creds = flag(c, 'use-service-account-credentials');
    if (boolFlag(creds) !== true) ctx.report({ loc: creds?.loc ?? c.headLoc, message: `${c.who}: ${creds ? `--use-service-account-credentials=${creds.value}` : '--use-service-account-credentials is not set (default false)'}, so all controllers share the controller manager's broad credentials. Set --use-service-account-credentials=true.`, fixes: setFlagFix(c, ctx, 'use-service-account-credentials', 'true') });
  },
);
