/** Which kinds live in a namespace (built-in API kinds only; custom resources are not judged). */
export const NAMESPACED_KINDS = new Set([
  'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate',
  'Service', 'Endpoints', 'EndpointSlice', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'Ingress',
  'NetworkPolicy', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'LimitRange', 'ResourceQuota', 'Lease',
]);
