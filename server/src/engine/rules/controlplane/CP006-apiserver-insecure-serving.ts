import { ruleMeta } from '../../rule';
import { componentRule, flag } from './flags';
import { replaceValue, removeFlag } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP006', name: 'apiserver-insecure-serving', title: 'The API server must not serve on the insecure port',
    severity: 'error',
    peers: ['checkov:CKV_K8S_88'],
    cis: [],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container sets a non-zero `--insecure-port`. `--insecure-bind-address` and `--secure-port=0`, which this rule used to check too, have their own ids, CP037 and CP038.',
      rationale: 'The insecure port serves the whole API over plain HTTP with no authentication and no authorization: whoever reaches it is cluster admin. The flag was removed in Kubernetes 1.24 (the API server will not start with it).',
      remediation: 'Remove `--insecure-port` (or set `--insecure-port=0` on releases before 1.20, whose default was 8080). The quick fix sets it to 0 when the image tag says a release before 1.24, and removes it otherwise.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --insecure-port=8080\n', good: 'command:\n  - kube-apiserver\n  - --secure-port=6443\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const port = flag(c, 'insecure-port');
    if (!port || port.value === undefined || port.value.trim() === '0') return;
    const old = c.minor !== undefined && c.minor < 24;
    const fixes = old ? fix.unsafe('Set --insecure-port=0', replaceValue(port, ctx.text, '0')) : fix.unsafe('Remove --insecure-port', removeFlag(c, port, ctx.text));
    ctx.report({ loc: port.loc, message: `${c.who}: --insecure-port=${port.value} serves the API over HTTP without authentication or authorization (removed in 1.24). Remove it, or set it to 0 on releases before 1.20.`, fixes });
  },
);
