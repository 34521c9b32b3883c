import { ruleMeta } from '../../rule';
import { componentRule, listFlag } from './flags';
import { appendToList } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP028', name: 'apiserver-authorization-node', title: 'The API server must authorize kubelets with the Node authorizer',
    severity: 'error',
    aliases: ['CP004', 'apiserver-authorization-mode'],
    peers: ['checkov:CKV_K8S_75', 'trivy:KCV-0008'],
    cis: ['1.2.7'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container\'s `--authorization-mode` (all its occurrences) lacks `Node`, or the flag is not set (it then defaults to `AlwaysAllow`, CP004) and no `--authorization-config` file configures the authorizers instead.',
      rationale: 'Without `Node` (with the NodeRestriction admission plugin, CP030) kubelets are authorized by RBAC alone, whose `system:nodes` permissions are cluster-wide: a compromised node can read every Secret in the cluster.',
      remediation: 'Add `Node` to `--authorization-mode` (the quick fix does), before `RBAC`: `--authorization-mode=Node,RBAC`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --authorization-mode=RBAC\n', good: 'command:\n  - kube-apiserver\n  - --authorization-mode=Node,RBAC\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const { items, flags } = listFlag(c, 'authorization-mode');
    if (!flags.length) {
      if (!c.flags.some((f) => f.name === 'authorization-config')) ctx.report({ loc: c.headLoc, message: `${c.who}: --authorization-mode is not set (default AlwaysAllow), so it lacks Node and kubelets are not limited to the objects of their own pods. Set --authorization-mode=Node,RBAC.` });
      return;
    }
    const last = flags[flags.length - 1];
    if (!items.includes('Node')) ctx.report({ loc: last.loc, message: `${c.who}: --authorization-mode lacks Node, so kubelets are authorized by RBAC alone and can read objects (Secrets) of pods on other nodes. Add Node (with the NodeRestriction admission plugin).`, fixes: fix.unsafe('Add Node to --authorization-mode', appendToList(last, ctx.text, 'Node')) });
  },
);
