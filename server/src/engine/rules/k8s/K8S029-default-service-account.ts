import { defineRule } from '../../rule';
import { who, podSpecKeyLoc } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S029', name: 'default-service-account', title: 'Pods should use a dedicated service account',
    severity: 'info',
    peers: ['kube-linter:default-service-account', 'kubesec:ServiceAccountName'],
    cis: ['5.1.5'],
    docs: {
      description: 'The pod runs as the namespace\'s `default` service account (no `serviceAccountName`, or `serviceAccountName: default`) and mounts its token (`automountServiceAccountToken` is not false).',
      rationale: 'Every pod of the namespace that does not choose a service account shares `default`. Permissions granted to it for one workload leak to all of them, and its token is mounted everywhere. A dedicated account per workload keeps RBAC least-privilege and auditable.',
      remediation: 'Create a ServiceAccount for the workload, bind only the roles it needs, and set `serviceAccountName` in the pod spec. If the pod never calls the API, set `automountServiceAccountToken: false` instead.',
      example: {
        bad: 'spec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
        good: 'spec:\n  serviceAccountName: app\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
      },
    },
  },
  (pod, ctx) => {
    if (pod.spec.get('automountServiceAccountToken').bool === false) return;
    const name = pod.spec.get('serviceAccountName');
    const dep = pod.spec.get('serviceAccount');
    const eff = name.str ?? dep.str;
    if (eff && eff !== 'default') return;
    const set = !name.isNull ? name : !dep.isNull ? dep : undefined;
    if (set) ctx.report({ loc: set.pairLoc, message: `${who(pod)}: runs as the namespace's 'default' service account; create a dedicated ServiceAccount with only the permissions the workload needs and set serviceAccountName to it.` });
    else ctx.report({ loc: podSpecKeyLoc(pod), message: `${who(pod)}: serviceAccountName is not set, so the pod runs as the namespace's 'default' service account; set serviceAccountName to a dedicated ServiceAccount, or set automountServiceAccountToken: false.` });
  },
);
