import { ruleMeta } from '../../rule';
import { componentRule, flag } from './flags';
import { setFlagFix } from './flagfix';

export default componentRule(
  ruleMeta({
    id: 'CP038', name: 'apiserver-secure-port', title: 'The API server must serve HTTPS',
    severity: 'error',
    aliases: ['CP006', 'apiserver-insecure-serving'],
    peers: ['checkov:CKV_K8S_89', 'trivy:KCV-0017'],
    cis: [],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container sets `--secure-port=0`.',
      rationale: '`--secure-port=0` turns HTTPS serving off: the API is then only reachable through the insecure port (unauthenticated) or not at all.',
      remediation: 'Remove the flag or set it to a non-zero port; the quick fix sets the default, `--secure-port=6443`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --secure-port=0\n', good: 'command:\n  - kube-apiserver\n  - --secure-port=6443\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const secure = flag(c, 'secure-port');
    if (secure && secure.value?.trim() === '0') ctx.report({ loc: secure.loc, message: `${c.who}: --secure-port=0 turns off HTTPS serving. Remove it (the default is 6443).`, fixes: setFlagFix(c, ctx, 'secure-port', '6443') });
  },
);
