import { defineRule } from '../../rule';
import { bindingSubjects, isBinding } from './util';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'RBAC014', name: 'rbac-anonymous-subject', title: 'Bindings must not grant permissions to anonymous users',
    severity: 'error',
    peers: ['kubesec:BindingsToSystemAnonymous', 'trivy:KSV-0122'],
    cis: [],
    docs: {
      description: 'A subject of a ClusterRoleBinding or RoleBinding is the user `system:anonymous` or the group `system:unauthenticated`. Kubernetes\' own bootstrap bindings (`system:*`, such as `system:public-info-viewer`) are not reported.',
      rationale: 'Requests without credentials are `system:anonymous` in group `system:unauthenticated` (when anonymous auth is on, the default). Anything bound to them is open to whoever can reach the API server, which for managed clusters is often the internet.',
      remediation: 'Remove the subject. Bind the permissions to authenticated identities; turn anonymous auth off (`--anonymous-auth=false`) where health checks allow.',
      example: {
        bad: 'subjects:\n  - kind: User\n    name: system:anonymous\n    apiGroup: rbac.authorization.k8s.io\n',
        good: 'subjects:\n  - kind: Group\n    name: platform-team\n    apiGroup: rbac.authorization.k8s.io\n',
      },
    },
  },
  (obj, ctx) => {
    for (const s of bindingSubjects(obj) ?? []) {
      if (!((s.kind === 'User' && s.name === 'system:anonymous') || (s.kind === 'Group' && s.name === 'system:unauthenticated'))) continue;
      ctx.report({ loc: s.view.get('name').loc, message: `${describeObject(obj)}: subjects[${s.index}] is ${s.kind.toLowerCase()} '${s.name}': the role is granted to every unauthenticated request. Remove this subject.` });
    }
  },
  { applies: isBinding },
);
