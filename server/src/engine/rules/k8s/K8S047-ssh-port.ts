import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { containerPorts } from './ports';

export default defineRule('pod',
  {
    id: 'K8S047', name: 'ssh-port', title: 'Containers should not expose SSH (port 22)',
    severity: 'warning',
    peers: ['kube-linter:ssh-port'],
    cis: [],
    docs: {
      description: 'A container declares `containerPort: 22` (TCP), the SSH port.',
      rationale: 'An SSH server in a container is a second, long-lived way in that bypasses Kubernetes authentication, RBAC and audit logging, usually with static keys or passwords baked into the image.',
      remediation: 'Remove the SSH server and the port. Use `kubectl exec` or `kubectl debug` (authorised and audited through the API server) for interactive access.',
      example: { bad: 'ports:\n  - containerPort: 22\n', good: 'ports:\n  - containerPort: 8080\n' },
    },
  },
  (pod, ctx) => {
    for (const p of containerPorts(pod)) {
      if (p.port === 22 && p.protocol === 'TCP') {
        ctx.report({ loc: p.view.pairLoc, message: `${who(pod, p.c)}: containerPort 22 exposes SSH; remove the SSH server and use kubectl exec or kubectl debug, which are authorised and audited.` });
      }
    }
  },
);
