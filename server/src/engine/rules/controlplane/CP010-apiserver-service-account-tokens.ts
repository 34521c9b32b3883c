import { ruleMeta } from '../../rule';
import { componentRule, flag, boolFlag } from './flags';
import { setFlagFix } from './flagfix';

export default componentRule(
  ruleMeta({
    id: 'CP010', name: 'apiserver-service-account-tokens', title: 'The API server must check that service account tokens still exist',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_96', 'trivy:KCV-0024'],
    cis: ['1.2.21'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container sets `--service-account-lookup=false`. `--service-account-key-file`, which this rule used to check too, has its own id, CP042.',
      rationale: 'With lookup off, a token stays valid after its ServiceAccount or Secret is deleted: revoking a leaked token does not work.',
      remediation: 'Remove `--service-account-lookup=false` (the default is true), or set it to true (the quick fix does).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --service-account-lookup=false\n', good: 'command:\n  - kube-apiserver\n  - --service-account-lookup=true\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const lookup = flag(c, 'service-account-lookup');
    if (boolFlag(lookup) === false) ctx.report({ loc: lookup!.loc, message: `${c.who}: --service-account-lookup=${lookup!.value} accepts tokens of deleted service accounts, so revoking a token does not work. Remove the flag (default true).`, fixes: setFlagFix(c, ctx, 'service-account-lookup', 'true') });
  },
);
