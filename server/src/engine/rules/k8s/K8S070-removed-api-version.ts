import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';

/**
 * API versions Kubernetes no longer serves, from the Deprecated API Migration Guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/): `group/version` and kinds
 * (`*`: every kind of that version), the minor release that removed them, and the replacement.
 */
const REMOVED: { apiVersion: string; kinds: string[] | '*'; minor: number; use: string }[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], minor: 16, use: 'apps/v1 (which requires spec.selector)' },
  { apiVersion: 'apps/v1beta1', kinds: '*', minor: 16, use: 'apps/v1 (which requires spec.selector)' },
  { apiVersion: 'apps/v1beta2', kinds: '*', minor: 16, use: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], minor: 16, use: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], minor: 16, use: 'Pod Security Admission (pod-security.kubernetes.io labels on the Namespace); PodSecurityPolicy itself was removed in 1.25' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], minor: 22, use: 'networking.k8s.io/v1 (backend.service.name/port, pathType required)' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], minor: 22, use: 'networking.k8s.io/v1 (backend.service.name/port, pathType required)' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: '*', minor: 22, use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: '*', minor: 22, use: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], minor: 22, use: 'admissionregistration.k8s.io/v1 (sideEffects and admissionReviewVersions required)' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['CustomResourceDefinition'], minor: 22, use: 'apiextensions.k8s.io/v1 (a structural schema is required)' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['APIService'], minor: 22, use: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], minor: 22, use: 'certificates.k8s.io/v1 (signerName required)' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], minor: 22, use: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], minor: 22, use: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], minor: 22, use: 'storage.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], minor: 25, use: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], minor: 25, use: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], minor: 25, use: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], minor: 25, use: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], minor: 25, use: 'policy/v1 (an empty selector now selects every pod of the namespace)' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], minor: 25, use: 'Pod Security Admission (pod-security.kubernetes.io labels on the Namespace) or a policy engine' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], minor: 25, use: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], minor: 26, use: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: '*', minor: 26, use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], minor: 27, use: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: '*', minor: 29, use: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: '*', minor: 32, use: 'flowcontrol.apiserver.k8s.io/v1' },
];

export default defineRule('object',
  {
    id: 'K8S070', name: 'removed-api-version', title: 'API versions that Kubernetes no longer serves',
    severity: 'error',
    peers: ['kube-linter:no-extensions-v1beta', 'trivy:KSV-0107'],
    docs: {
      description: 'An object uses an `apiVersion` (for its kind) that Kubernetes removed at or before the version checked (`palisade.podSecurity.version`, default the latest): `extensions/v1beta1` and `apps/v1beta1`/`v1beta2` workloads (1.16), `extensions/v1beta1` and `networking.k8s.io/v1beta1` Ingresses and `rbac.authorization.k8s.io/v1beta1` roles (1.22), `PodSecurityPolicy` and `batch/v1beta1` CronJobs (1.25), and the rest of the Deprecated API Migration Guide. A `policy/v1` PodSecurityPolicy is reported too: that version never existed.',
      rationale: 'The API server rejects the object, so whatever it was meant to set up (a workload, an Ingress with TLS, a role, a policy) is not applied. For PodSecurityPolicy the policy silently stops protecting anything once the cluster is upgraded: it must be replaced, not just re-versioned.',
      remediation: 'Move the object to the version named in the message, adapting the fields that changed; replace PodSecurityPolicies with Pod Security Admission labels on the namespaces.',
      example: { bad: 'apiVersion: extensions/v1beta1\nkind: Ingress\n', good: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\n' },
    },
  },
  (obj, ctx) => {
    const av = obj.view.get('apiVersion');
    if (obj.kind === 'PodSecurityPolicy' && /^policy\/v1$/.test(obj.apiVersion)) {
      ctx.report({ loc: av.loc, message: `${describeObject(obj)}: there is no policy/v1 PodSecurityPolicy; the kind only existed as policy/v1beta1 and was removed in Kubernetes 1.25. Use Pod Security Admission (pod-security.kubernetes.io labels on the Namespace) instead.` });
      return;
    }
    const r = REMOVED.find((x) => x.apiVersion === obj.apiVersion && (x.kinds === '*' || x.kinds.includes(obj.kind)));
    if (!r || r.minor > ctx.pss.minor) return;
    ctx.report({ loc: av.loc, message: `${describeObject(obj)}: ${obj.apiVersion} ${obj.kind} was removed in Kubernetes 1.${r.minor}, so the API server rejects this object. Use ${r.use}.` });
  },
);
