import { defineRule } from '../../rule';
import { checkHighId, HIGH_ID } from './ids';

export default defineRule('pod',
  {
    id: 'K8S027', name: 'low-group-id', title: 'Containers should run with a high, explicit GID',
    severity: 'info',
    peers: ['trivy:KSV-0021', 'kubesec:RunAsGroup'],
    cis: [],
    docs: {
      description: `The effective \`runAsGroup\` of a container (the container's securityContext, else the pod's) is unset or below ${HIGH_ID}. Pods with \`hostUsers: false\` and Windows pods are skipped. GID 0 is reported by K8S026.`,
      rationale: 'Without user namespaces a container GID is a host GID: low GIDs are system groups on the node (disk, adm, docker, ...). When runAsGroup is unset the primary group comes from the image, and is 0 (root) for a UID the image does not know.',
      remediation: `Set \`securityContext.runAsGroup\` to a dedicated group ID of at least ${HIGH_ID}, preferably in the pod securityContext.`,
      example: {
        bad: 'securityContext:\n  runAsUser: 10001\n',
        good: 'securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n',
      },
    },
  },
  (pod, ctx) => checkHighId(pod, ctx, 'runAsGroup', 'GID', (n) => n === 0),
);
