import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { NAMESPACED_KINDS } from './namespaces';

const SYSTEM_COMPONENTS = /^(kube-apiserver|kube-controller-manager|kube-scheduler|etcd|kube-proxy|kube-dns|coredns|cloud-controller-manager|metrics-server|kube-state-metrics|calico-.*|cilium.*|aws-node|ebs-csi-.*|efs-csi-.*|konnectivity-agent|node-local-dns|kube-flannel.*)$/;

/**
 * Objects that only work in kube-system: a RoleBinding grants a Role of its own namespace, and these
 * Roles exist only there (extension API servers must bind `extension-apiserver-authentication-reader`
 * in kube-system to read the client CA); bootstrap token Secrets and EKS's aws-auth are read only there.
 */
const KUBE_SYSTEM_ROLES = /^(extension-apiserver-authentication-reader|system:.*)$/;
const KUBE_SYSTEM_CONFIGMAPS = new Set(['aws-auth', 'kubeadm-config', 'extension-apiserver-authentication', 'kubelet-config', 'kube-proxy', 'coredns']);

function mustLiveInKubeSystem(obj: import('../../k8s/model').K8sObject): boolean {
  if ((obj.kind === 'RoleBinding' || obj.kind === 'Role') && /^rbac\.authorization\.k8s\.io\//.test(obj.apiVersion)) {
    if (KUBE_SYSTEM_ROLES.test(obj.name ?? '')) return true;
    const ref = obj.view.get('roleRef');
    return obj.kind === 'RoleBinding' && ref.get('kind').str === 'Role' && KUBE_SYSTEM_ROLES.test(ref.get('name').str ?? '');
  }
  if (obj.kind === 'Secret') return obj.view.get('type').str === 'bootstrap.kubernetes.io/token';
  if (obj.kind === 'ConfigMap') return KUBE_SYSTEM_CONFIGMAPS.has(obj.name ?? '');
  return false;
}

export default defineRule('object',
  {
    id: 'K8S045', name: 'kube-system-namespace', title: 'Application objects should not live in kube-system',
    severity: 'warning',
    peers: ['trivy:KSV-0037'],
    cis: [],
    docs: {
      description: 'A namespaced object is placed in `kube-system`. Cluster components are recognised and not reported: objects labelled `tier: control-plane`, or whose name or `component`/`k8s-app`/`app.kubernetes.io/name` label is a well-known system component (kube-apiserver, etcd, kube-proxy, coredns, CNI and CSI node agents, metrics-server, ...). Objects that only work in kube-system are not reported either: RoleBindings to Roles that exist only there (`extension-apiserver-authentication-reader`, `system:*`, which extension API servers must bind in kube-system), Roles named `system:*`, bootstrap token Secrets and the `aws-auth`, `kubeadm-config`, `kube-proxy`, `coredns` ConfigMaps.',
      rationale: 'kube-system holds the cluster\'s own components and their highly privileged service accounts and secrets. Application workloads there share that trust boundary: they are exempt from most policies, can mount powerful service accounts and are hard to tell apart from the control plane.',
      remediation: 'Deploy the application to its own namespace. Reserve kube-system for cluster components installed by the platform.',
      example: { bad: 'metadata:\n  name: web\n  namespace: kube-system\n', good: 'metadata:\n  name: web\n  namespace: shop\n' },
    },
  },
  (obj, ctx) => {
    if (!NAMESPACED_KINDS.has(obj.kind)) return;
    const ns = obj.view.at('metadata', 'namespace');
    if (ns.str !== 'kube-system') return;
    const labels = obj.view.at('metadata', 'labels');
    const podLabels = obj.view.at('spec', 'template', 'metadata', 'labels');
    if (labels.get('tier').str === 'control-plane' || podLabels.get('tier').str === 'control-plane') return;
    const names = [obj.name, ...['component', 'k8s-app', 'app.kubernetes.io/name', 'app'].flatMap((k) => [labels.get(k).str, podLabels.get(k).str])];
    if (names.some((n) => n && SYSTEM_COMPONENTS.test(n))) return;
    if (mustLiveInKubeSystem(obj)) return;
    ctx.report({ loc: ns.pairLoc, message: `${describeObject(obj)} is in kube-system, the namespace of the cluster's own components; move it to a namespace of its own.` });
  },
);
