import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'K8S030', name: 'default-service-account-automount', title: 'The default ServiceAccount should not automount its token',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_41'],
    cis: ['5.1.5'],
    docs: {
      description: 'A ServiceAccount named `default` does not set `automountServiceAccountToken: false`.',
      rationale: 'Every pod that does not name a service account runs as `default`. If the default account mounts its token, all those pods get API credentials they rarely need, and any RBAC granted to `default` leaks to them.',
      remediation: 'Set `automountServiceAccountToken: false` on the `default` ServiceAccount of each namespace, and give workloads that call the API their own ServiceAccount.',
      example: {
        bad: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\n',
        good: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: shop\nautomountServiceAccountToken: false\n',
      },
    },
  },
  (obj, ctx) => {
    if (obj.kind !== 'ServiceAccount' || obj.apiVersion !== 'v1' || obj.name !== 'default') return;
    const v = obj.view.get('automountServiceAccountToken');
    if (v.bool === false) return;
    if (!v.isNull) ctx.report({ loc: v.pairLoc, message: `${describeObject(obj)}: automountServiceAccountToken is ${v.str}; set it to false so pods that do not choose a service account get no API token.` });
    else ctx.report({ loc: obj.headLoc, message: `${describeObject(obj)}: automountServiceAccountToken is not set (defaults to true); set automountServiceAccountToken: false so pods that do not choose a service account get no API token.` });
  },
  { applies: (obj) => obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1' && obj.name === 'default' },
);
