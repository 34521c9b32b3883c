import { defineRule } from '../../rule';
import { roleRefOf, isBinding } from './util';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'RBAC013', name: 'rbac-admin-edit-binding', title: 'Bindings of the admin and edit ClusterRoles',
    severity: 'warning',
    peers: [],
    cis: ['5.1.1'],
    docs: {
      description: 'A ClusterRoleBinding or RoleBinding refers to the built-in `admin` or `edit` ClusterRole. Through a ClusterRoleBinding they apply to every namespace.',
      rationale: '`edit` reads every Secret of the namespace, execs into pods and creates workloads as any service account; `admin` adds managing RoleBindings. Cluster-wide, that is every namespace including `kube-system`. These roles also grow with every aggregated ClusterRole an add-on installs.',
      remediation: 'Prefer a RoleBinding in the namespaces that need it over a ClusterRoleBinding, and a dedicated Role listing what the subject uses over `admin`/`edit`.',
      example: {
        bad: 'kind: ClusterRoleBinding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\n',
        good: 'kind: RoleBinding\nmetadata:\n  namespace: team-a\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\n',
      },
    },
  },
  (obj, ctx) => {
    const ref = roleRefOf(obj);
    if (!ref || ref.kind !== 'ClusterRole' || (ref.name !== 'admin' && ref.name !== 'edit')) return;
    const scope = obj.kind === 'ClusterRoleBinding' ? 'in every namespace, kube-system included' : `in namespace '${obj.namespace || 'default'}'`;
    ctx.report({ loc: ref.nameView.loc, message: `${describeObject(obj)}: roleRef grants the built-in '${ref.name}' ClusterRole ${scope} (read all Secrets, exec into pods, create workloads${ref.name === 'admin' ? ', manage RoleBindings' : ''}). Bind a dedicated role with only what the subjects need.` });
  },
  { applies: isBinding },
);
