import { ruleMeta } from '../../rule';
import { componentRule, listFlag } from './flags';
import { appendToList } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP029', name: 'apiserver-authorization-rbac', title: 'The API server must authorize with RBAC',
    severity: 'error',
    aliases: ['CP004', 'apiserver-authorization-mode'],
    peers: ['checkov:CKV_K8S_77', 'trivy:KCV-0009'],
    cis: ['1.2.8'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver container\'s `--authorization-mode` (all its occurrences) lacks `RBAC`, or the flag is not set (it then defaults to `AlwaysAllow`, CP004) and no `--authorization-config` file configures the authorizers instead.',
      rationale: 'Without `RBAC`, the Roles, ClusterRoles and bindings in your manifests have no effect: what a user or service account may do is decided by the other authorizers alone.',
      remediation: 'Add `RBAC` to `--authorization-mode` (the quick fix does): `--authorization-mode=Node,RBAC`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --authorization-mode=Node,Webhook\n', good: 'command:\n  - kube-apiserver\n  - --authorization-mode=Node,Webhook,RBAC\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const { items, flags } = listFlag(c, 'authorization-mode');
    if (!flags.length) {
      if (!c.flags.some((f) => f.name === 'authorization-config')) ctx.report({ loc: c.headLoc, message: `${c.who}: --authorization-mode is not set (default AlwaysAllow), so it lacks RBAC and Roles and RoleBindings have no effect. Set --authorization-mode=Node,RBAC.` });
      return;
    }
    const last = flags[flags.length - 1];
    if (!items.includes('RBAC')) ctx.report({ loc: last.loc, message: `${c.who}: --authorization-mode lacks RBAC, so Roles and RoleBindings have no effect. Add RBAC.`, fixes: fix.unsafe('Add RBAC to --authorization-mode', appendToList(last, ctx.text, 'RBAC')) });
  },
);
