import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

const WORKLOADS: [string[], string[]][] = [
  [[''], ['pods', 'replicationcontrollers', 'podtemplates']],
  [['apps', 'extensions'], ['deployments', 'replicasets', 'statefulsets', 'daemonsets']],
  [['batch'], ['jobs', 'cronjobs']],
];

export default defineRule('object',
  {
    id: 'RBAC005', name: 'rbac-create-workloads', title: 'Roles that create or change pods and workloads',
    severity: 'info',
    peers: ['kube-linter:access-to-create-pods', 'trivy:KSV-0048'],
    cis: ['5.1.4'],
    docs: {
      description: 'A Role or ClusterRole grants `create`, `update` or `patch` (or `*`) on pods or on a workload that creates pods (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers, PodTemplates).',
      rationale: 'Whoever can create a pod in a namespace can run any image as any service account of that namespace and mount any of its Secrets and ConfigMaps: the power of every service account in the namespace. Only the Pod Security level of the namespace limits what the pod may do on the node. Deployment tooling needs this; other subjects rarely do.',
      remediation: 'Grant it only to deployment tooling, per namespace (a Role rather than a ClusterRole), and enforce the restricted Pod Security level in those namespaces.',
      example: {
        bad: 'kind: ClusterRole\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["create", "update", "patch"]\n',
        good: 'kind: Role\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      for (const [groups, resources] of WORKLOADS) {
        const g = grants(r, groups, resources, ['create', 'update', 'patch']);
        if (!g) continue;
        const scope = obj.kind === 'ClusterRole' ? 'in every namespace it is bound for' : `in namespace '${obj.namespace || 'default'}'`;
        ctx.report({ loc: g.resource.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject run any image as any service account ${scope}. Keep this for deployment tooling only, in namespaces that enforce the restricted Pod Security level.` });
        break;
      }
    }
  },
  { applies: isRole },
);
