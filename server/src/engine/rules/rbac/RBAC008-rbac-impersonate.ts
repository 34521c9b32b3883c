import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC008', name: 'rbac-impersonate', title: 'Roles must not grant impersonation',
    severity: 'error',
    peers: ['trivy:KSV-0043'],
    cis: ['5.1.8'],
    docs: {
      description: 'A Role or ClusterRole grants `impersonate` (or `*`) on `users`, `groups`, `serviceaccounts`, `uids` or `userextras/*` (core group or `authentication.k8s.io`).',
      rationale: 'Impersonation lets the subject act as another user, group or service account (`kubectl --as=... --as-group=system:masters`). Impersonating a privileged group is cluster admin; impersonating any service account is the power of all of them.',
      remediation: 'Remove `impersonate`. If a proxy or tool needs it, limit it with `resourceNames` to the identities it must act as, never `system:masters` or admin groups.',
      example: {
        bad: 'rules:\n  - apiGroups: [""]\n    resources: ["users", "groups"]\n    verbs: ["impersonate"]\n',
        good: 'rules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts"]\n    resourceNames: ["ci-readonly"]\n    verbs: ["impersonate"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      if (r.resourceNames.length && !r.resourceNames.some((n) => n.value === '*' || n.value.startsWith('system:'))) continue;
      const g = grants(r, ['', 'authentication.k8s.io'], ['users', 'groups', 'serviceaccounts', 'uids', 'userextras/scopes', 'userextras/*'], ['impersonate']);
      if (!g) continue;
      ctx.report({ loc: g.verb.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject impersonate other identities, up to system:masters. Remove it, or limit it to named identities with resourceNames.` });
    }
  },
  { applies: isRole },
);
