import { defineRule } from '../../rule';
import { bindingSubjects, isBinding } from './util';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'RBAC017', name: 'rbac-default-service-account-binding', title: 'Bindings should not grant permissions to a default service account',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_42'],
    cis: ['5.1.5'],
    docs: {
      description: 'A subject of a ClusterRoleBinding or RoleBinding is a ServiceAccount named `default`.',
      rationale: 'Every pod that does not name a service account runs as its namespace\'s `default` service account, with its token mounted unless automounting is turned off. Permissions given to `default` are given to all those pods, including ones added later by other teams or charts.',
      remediation: 'Create a dedicated ServiceAccount for the workload that needs the permissions, bind the role to it and set `serviceAccountName` in that workload.',
      example: {
        bad: 'subjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: shop\n',
        good: 'subjects:\n  - kind: ServiceAccount\n    name: checkout\n    namespace: shop\n',
      },
    },
  },
  (obj, ctx) => {
    for (const s of bindingSubjects(obj) ?? []) {
      if (s.kind !== 'ServiceAccount' || s.name !== 'default') continue;
      const ns = s.namespace || obj.namespace || 'default';
      ctx.report({ loc: s.view.get('name').loc, message: `${describeObject(obj)}: subjects[${s.index}] is the 'default' service account of namespace '${ns}': every pod there that names no service account gets this role. Bind a dedicated ServiceAccount instead.` });
    }
  },
  { applies: isBinding },
);
