import { defineRule } from '../../rule';
import { bindingSubjects, isBinding } from './util';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'RBAC015', name: 'rbac-authenticated-subject', title: 'Bindings should not grant permissions to all authenticated users',
    severity: 'warning',
    peers: ['trivy:KSV-01011'],
    cis: [],
    docs: {
      description: 'A subject of a ClusterRoleBinding or RoleBinding is the group `system:authenticated`. Kubernetes\' own bootstrap bindings (`system:*`, such as `system:discovery`) are not reported.',
      rationale: 'Every identity that can authenticate is in `system:authenticated`: every service account of every namespace, every node, and on some managed platforms any account of the cloud provider (GKE accepted any Google account). A permission granted to it is granted to all of them.',
      remediation: 'Bind the role to the groups, users or service accounts that need it.',
      example: {
        bad: 'subjects:\n  - kind: Group\n    name: system:authenticated\n    apiGroup: rbac.authorization.k8s.io\n',
        good: 'subjects:\n  - kind: Group\n    name: developers\n    apiGroup: rbac.authorization.k8s.io\n',
      },
    },
  },
  (obj, ctx) => {
    for (const s of bindingSubjects(obj) ?? []) {
      if (s.kind !== 'Group' || s.name !== 'system:authenticated') continue;
      ctx.report({ loc: s.view.get('name').loc, message: `${describeObject(obj)}: subjects[${s.index}] is group 'system:authenticated': every authenticated identity, every service account included, gets this role. Bind it to the groups or accounts that need it.` });
    }
  },
  { applies: isBinding },
);
