import { ruleMeta } from '../../rule';
import { componentRule, listFlag, itemLoc } from './flags';

const MODES = ['AlwaysAllow', 'AlwaysDeny', 'ABAC', 'Webhook', 'RBAC', 'Node'];

export default componentRule(
  ruleMeta({
    id: 'CP004', name: 'apiserver-authorization-mode', title: 'The API server must authorize with Node and RBAC, never AlwaysAllow',
    severity: 'error',
    peers: ['checkov:CKV_K8S_74', 'checkov:CKV_K8S_75', 'checkov:CKV_K8S_77', 'trivy:KCV-0007', 'trivy:KCV-0008', 'trivy:KCV-0009'],
    cis: ['1.2.6', '1.2.7', '1.2.8'],
    docs: {
      description: 'A kube-apiserver container does not set `--authorization-mode` (the flag defaults to `AlwaysAllow`), includes `AlwaysAllow`, or lacks `Node` or `RBAC`. Mode names are case-sensitive; an unknown name stops the API server.',
      rationale: '`AlwaysAllow` authorizes every authenticated request: any service account token is cluster admin. Without `Node` (with the NodeRestriction admission plugin) a kubelet can read every Secret in the cluster; without `RBAC` the roles and bindings in your manifests have no effect.',
      remediation: 'Set `--authorization-mode=Node,RBAC` (add `Webhook` if you use an authorization webhook), or configure the equivalent authorizers with `--authorization-config`.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --authorization-mode=AlwaysAllow\n', good: 'command:\n  - kube-apiserver\n  - --authorization-mode=Node,RBAC\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const { items, flags } = listFlag(c, 'authorization-mode');
    if (!flags.length) {
      if (c.flags.some((f) => f.name === 'authorization-config')) return;
      ctx.report({ loc: c.headLoc, peers: ['checkov:CKV_K8S_75', 'checkov:CKV_K8S_77', 'trivy:KCV-0008', 'trivy:KCV-0009'], message: `${c.who}: --authorization-mode is not set and defaults to AlwaysAllow: every authenticated request is allowed. Set --authorization-mode=Node,RBAC.` });
      return;
    }
    const last = flags[flags.length - 1];
    for (const f of flags) {
      for (const m of (f.value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        if (m === 'AlwaysAllow') ctx.report({ loc: itemLoc(f, m, ctx.text), peers: ['checkov:CKV_K8S_74', 'trivy:KCV-0007'], message: `${c.who}: --authorization-mode includes AlwaysAllow, which allows every authenticated request whatever the other authorizers say. Remove it.` });
        else if (!MODES.includes(m)) {
          const fix = MODES.find((x) => x.toLowerCase() === m.toLowerCase());
          ctx.report({ loc: itemLoc(f, m, ctx.text), peers: [], message: `${c.who}: --authorization-mode has unknown mode '${m}'${fix ? ` (mode names are case-sensitive: '${fix}')` : ''}; the API server will not start. Use ${fix ?? 'Node, RBAC or Webhook'}.` });
        }
      }
    }
    if (!items.includes('Node')) ctx.report({ loc: last.loc, peers: ['checkov:CKV_K8S_75', 'trivy:KCV-0008'], message: `${c.who}: --authorization-mode lacks Node, so kubelets are authorized by RBAC alone and can read objects (Secrets) of pods on other nodes. Add Node (with the NodeRestriction admission plugin).` });
    if (!items.includes('RBAC')) ctx.report({ loc: last.loc, peers: ['checkov:CKV_K8S_77', 'trivy:KCV-0009'], message: `${c.who}: --authorization-mode lacks RBAC, so Roles and RoleBindings have no effect. Add RBAC.` });
  },
);
