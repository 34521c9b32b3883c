import { defineRule } from '../../rule';
import { roleRefOf, isBinding } from './util';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'RBAC012', name: 'rbac-cluster-admin-binding', title: 'Bindings must not grant cluster-admin',
    severity: 'error',
    peers: ['kube-linter:cluster-admin-role-binding', 'polaris:clusterrolebindingClusterAdmin', 'polaris:rolebindingClusterAdminClusterRole', 'trivy:KSV-0111', 'kubescape:C-0035'],
    cis: ['5.1.1'],
    docs: {
      description: 'A ClusterRoleBinding or RoleBinding refers to the `cluster-admin` ClusterRole. Kubernetes\' own bootstrap bindings (`cluster-admin`, `system:*`) are not reported. Bindings to a role with wildcard permissions defined in another document are the cross-resource rules\' business.',
      rationale: '`cluster-admin` is every verb on every resource. Through a ClusterRoleBinding it is the whole cluster; through a RoleBinding it is everything in the namespace, including its Secrets, RoleBindings and pods. A compromised subject, often a service account token in a pod, is then a cluster compromise.',
      remediation: 'Bind a role with the permissions the subject needs (the built-in `view` or `edit`, or a dedicated Role). Keep cluster-admin for break-glass identities outside workloads.',
      example: {
        bad: 'kind: ClusterRoleBinding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\n',
        good: 'kind: RoleBinding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: app-deployer\n',
      },
    },
  },
  (obj, ctx) => {
    const ref = roleRefOf(obj);
    if (!ref || ref.kind !== 'ClusterRole' || ref.name !== 'cluster-admin') return;
    const cluster = obj.kind === 'ClusterRoleBinding';
    ctx.report({
      loc: ref.nameView.loc,
      peers: ['kube-linter:cluster-admin-role-binding', 'trivy:KSV-0111', 'kubescape:C-0035', cluster ? 'polaris:clusterrolebindingClusterAdmin' : 'polaris:rolebindingClusterAdminClusterRole'],
      message: `${describeObject(obj)}: roleRef grants cluster-admin to its subjects ${cluster ? 'over the whole cluster' : `over namespace '${obj.namespace || 'default'}'`}. Bind a role with only the permissions they need.`,
    });
  },
  { applies: isBinding },
);
