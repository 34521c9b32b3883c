import { defineRule } from '../../rule';
import { checkHighId, HIGH_ID } from './ids';

export default defineRule('pod',
  {
    id: 'K8S025', name: 'low-user-id', title: 'Containers should run as a high, explicit UID',
    severity: 'info',
    peers: ['checkov:CKV_K8S_40', 'trivy:KSV-0020', 'kubesec:RunAsUser'],
    cis: [],
    docs: {
      description: `The effective \`runAsUser\` of a container (the container's securityContext, else the pod's) is unset or below ${HIGH_ID}. Pods with \`hostUsers: false\` (user namespaces) and Windows pods are skipped. A UID of 0 is reported by K8S016 where the restricted Pod Security level (v1.23+) is in force, and by this rule elsewhere.`,
      rationale: 'Without user namespaces a container UID is a host UID. Low UIDs collide with system accounts on the node (and with other workloads using the same image defaults), so a container escape or a shared hostPath lands with that account\'s file permissions. An unset runAsUser leaves the choice to the image, which is often root.',
      remediation: `Set \`securityContext.runAsUser\` (and \`runAsGroup\`) to a dedicated ID of at least ${HIGH_ID}, preferably in the pod securityContext, or run the pod in a user namespace with \`hostUsers: false\`.`,
      example: {
        bad: 'spec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
        good: 'spec:\n  securityContext:\n    runAsUser: 10001\n    runAsGroup: 10001\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
      },
    },
  },
  (pod, ctx) => {
    const k8s016Active = ctx.pss.level === 'restricted' && ctx.pss.minor >= 23;
    checkHighId(pod, ctx, 'runAsUser', 'UID', (n) => n === 0 && k8s016Active);
  },
);
