import { defineRule } from '../../rule';
import { who } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S031', name: 'deprecated-service-account-field', title: 'Use serviceAccountName instead of the deprecated serviceAccount field',
    severity: 'warning',
    peers: ['kube-linter:deprecated-service-account-field'],
    cis: [],
    docs: {
      description: 'The pod spec sets `serviceAccount`, a deprecated alias of `serviceAccountName`.',
      rationale: 'When both fields are set and differ, which one applies depends on the API server\'s defaulting, and reviewers and policy tools that only read `serviceAccountName` see a different identity from the one the pod runs as.',
      remediation: 'Rename `serviceAccount` to `serviceAccountName` (or delete it when `serviceAccountName` is already set to the same value).',
      example: { bad: 'spec:\n  serviceAccount: app\n', good: 'spec:\n  serviceAccountName: app\n' },
    },
  },
  (pod, ctx) => {
    const dep = pod.spec.get('serviceAccount');
    if (dep.isNull) return;
    const name = pod.spec.get('serviceAccountName');
    if (!dep.str) {
      ctx.report({ loc: dep.pairLoc, message: `${who(pod)}: serviceAccount is deprecated and empty here; remove it${name.str ? ` (serviceAccountName '${name.str}' applies)` : ''}.` });
      return;
    }
    const extra = !name.isNull && name.str !== dep.str ? (name.str ? ` It also differs from serviceAccountName '${name.str}', so the identity the pod runs as is ambiguous.` : ' serviceAccountName is empty, so which of the two applies depends on the API server\'s defaulting.') : '';
    ctx.report({ loc: dep.pairLoc, message: `${who(pod)}: serviceAccount is deprecated; use serviceAccountName: ${dep.str} instead.${extra}` });
  },
);
