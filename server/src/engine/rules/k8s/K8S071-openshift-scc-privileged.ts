import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'K8S071', name: 'openshift-scc-privileged', title: 'OpenShift SecurityContextConstraints should not allow privileged containers',
    severity: 'error',
    peers: ['kube-linter:scc-deny-privileged-container'],
    docs: {
      description: 'An OpenShift `SecurityContextConstraints` (`security.openshift.io/v1`) sets `allowPrivilegedContainer: true`.',
      rationale: 'SCCs are OpenShift\'s admission control for pods (the role PodSecurityPolicy had). Any pod whose service account or user may use this SCC can run privileged containers, with every capability and the host\'s devices: a container escape is one step away. The built-in `privileged` SCC exists for cluster components; a custom SCC allowing it widens that set.',
      remediation: 'Set `allowPrivilegedContainer: false` and grant the few workloads that need privilege the built-in `privileged` SCC through a dedicated service account, or give them the specific capabilities they need instead.',
      example: { bad: 'apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: app\nallowPrivilegedContainer: true\n', good: 'apiVersion: security.openshift.io/v1\nkind: SecurityContextConstraints\nmetadata:\n  name: app\nallowPrivilegedContainer: false\n' },
    },
  },
  (obj, ctx) => {
    if (obj.kind !== 'SecurityContextConstraints' || !/^security\.openshift\.io\//.test(obj.apiVersion)) return;
    // the SCC OpenShift itself ships under this name is reconciled by the cluster; only custom ones are reported
    if (obj.name === 'privileged') return;
    const v = obj.view.get('allowPrivilegedContainer');
    if (v.bool !== true) return;
    ctx.report({ loc: v.pairLoc, message: `${describeObject(obj)}: allowPrivilegedContainer is true, so every pod allowed to use this SCC can run privileged containers with full access to the node. Set it to false and grant the built-in privileged SCC only to the workloads that need it.` });
  },
  { applies: (obj) => obj.kind === 'SecurityContextConstraints' && /^security\.openshift\.io\//.test(obj.apiVersion) },
);
