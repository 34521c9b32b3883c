import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';
import { removeFlag } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP037', name: 'apiserver-insecure-bind-address', title: 'The API server must not bind the insecure port to an address',
    severity: 'error',
    aliases: ['CP006', 'apiserver-insecure-serving'],
    peers: ['checkov:CKV_K8S_86'],
    cis: [],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container sets `--insecure-bind-address`.',
      rationale: 'The address is where the unauthenticated, unauthorized HTTP API listens: on anything but loopback, whoever reaches it is cluster admin. The flag was removed in Kubernetes 1.24 (the API server will not start with it).',
      remediation: 'Remove `--insecure-bind-address` (the quick fix does, when the flag is its own list item).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --insecure-bind-address=0.0.0.0\n', good: 'command:\n  - kube-apiserver\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const bind = fileFlag(c, 'insecure-bind-address');
    if (bind) ctx.report({ loc: bind.loc, message: `${c.who}: --insecure-bind-address=${bind.value} exposes the unauthenticated HTTP API on that address (and the flag was removed in 1.24). Remove it.`, fixes: fix.unsafe('Remove --insecure-bind-address', removeFlag(c, bind, ctx.text)) });
  },
);
