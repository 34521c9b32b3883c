import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { NAMESPACED_KINDS } from './namespaces';

export default defineRule('object',
  {
    id: 'K8S044', name: 'default-namespace', title: 'Objects should not live in the default namespace',
    severity: 'info',
    peers: ['checkov:CKV_K8S_21', 'kube-linter:use-namespace', 'trivy:KSV-0110'],
    cis: ['5.7.4'],
    docs: {
      description: 'A namespaced object sets `metadata.namespace: default`, or sets no namespace (so it lands in `default` unless the tool applying it chooses another). The objects Kubernetes itself creates there (the `default` ServiceAccount, the `kubernetes` Service) are not reported.',
      rationale: 'The default namespace is where everything without a home ends up: RBAC, NetworkPolicies, quotas and Pod Security labels are rarely tailored for it, so workloads there share permissions and network reach with unrelated objects.',
      remediation: 'Create a namespace per application or team (with its Pod Security labels, NetworkPolicies and quotas) and set `metadata.namespace` to it. If a tool (kustomize `namespace:`, `helm -n`, `kubectl -n`) sets the namespace, suppress this rule for the path in `.palisade.yaml`.',
      example: { bad: 'metadata:\n  name: web\n  namespace: default\n', good: 'metadata:\n  name: web\n  namespace: shop\n' },
    },
  },
  (obj, ctx) => {
    if (!NAMESPACED_KINDS.has(obj.kind)) return;
    if ((obj.kind === 'ServiceAccount' && obj.name === 'default') || (obj.kind === 'Service' && obj.name === 'kubernetes')) return;
    const ns = obj.view.at('metadata', 'namespace');
    if (!ns.isNull) {
      if (ns.str === 'default') ctx.report({ loc: ns.pairLoc, message: `${describeObject(obj)} is in the default namespace; move it to a dedicated namespace with its own RBAC, NetworkPolicies and Pod Security labels.` });
      return;
    }
    ctx.report({ loc: obj.headLoc, message: `${describeObject(obj)} sets no metadata.namespace, so it is created in the default namespace unless the tool applying it chooses another; set metadata.namespace to a dedicated namespace.` });
  },
);
