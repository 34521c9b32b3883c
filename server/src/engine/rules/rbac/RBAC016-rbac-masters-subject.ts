import { defineRule } from '../../rule';
import { bindingSubjects, isBinding } from './util';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'RBAC016', name: 'rbac-masters-subject', title: 'Bindings to the system:masters group',
    severity: 'warning',
    peers: ['trivy:KSV-0123'],
    cis: ['5.1.7'],
    docs: {
      description: 'A subject of a ClusterRoleBinding or RoleBinding is the group `system:masters`. Kubernetes\' own bootstrap binding `cluster-admin` is not reported.',
      rationale: 'Members of `system:masters` bypass authorization altogether: RBAC cannot restrict them and removing bindings does not revoke anything. A binding that names the group suggests access is being organised around it; membership comes from client certificates, which cannot be revoked before they expire.',
      remediation: 'Remove the subject and grant administrators access through a regular group bound to a role, so that it can be audited and revoked. Keep `system:masters` certificates for break-glass use only.',
      example: {
        bad: 'subjects:\n  - kind: Group\n    name: system:masters\n    apiGroup: rbac.authorization.k8s.io\n',
        good: 'subjects:\n  - kind: Group\n    name: cluster-operators\n    apiGroup: rbac.authorization.k8s.io\n',
      },
    },
  },
  (obj, ctx) => {
    for (const s of bindingSubjects(obj) ?? []) {
      if (s.kind !== 'Group' || s.name !== 'system:masters') continue;
      ctx.report({ loc: s.view.get('name').loc, message: `${describeObject(obj)}: subjects[${s.index}] is group 'system:masters', whose members bypass RBAC entirely and cannot be revoked. Grant administrators access through a regular group instead.` });
    }
  },
  { applies: isBinding },
);
