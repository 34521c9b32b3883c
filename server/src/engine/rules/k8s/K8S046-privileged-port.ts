import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { containerPorts } from './ports';

export default defineRule('pod',
  {
    id: 'K8S046', name: 'privileged-port', title: 'Containers should not listen on privileged ports (below 1024)',
    severity: 'info',
    peers: ['kube-linter:privileged-ports', 'trivy:KSV-0117'],
    cis: [],
    docs: {
      description: 'A container declares a `containerPort` below 1024 (port 22 is reported by K8S047). Windows pods are included: the port convention is the same.',
      rationale: 'Binding a port below 1024 traditionally requires root or the NET_BIND_SERVICE capability, which pushes images to run as root. A container that listens on an unprivileged port can run as a non-root user with every capability dropped; the Service maps the well-known port to it.',
      remediation: 'Make the application listen on a port of 1024 or above (for example 8080) and map the well-known port in the Service (`port: 80`, `targetPort: 8080`).',
      example: { bad: 'ports:\n  - containerPort: 80\n', good: 'ports:\n  - containerPort: 8080\n' },
    },
  },
  (pod, ctx) => {
    for (const p of containerPorts(pod)) {
      if (p.port > 0 && p.port < 1024 && p.port !== 22) {
        ctx.report({ loc: p.view.pairLoc, message: `${who(pod, p.c)}: containerPort ${p.port} is a privileged port, which needs root or NET_BIND_SERVICE; listen on a port of 1024 or above and map ${p.port} in the Service.` });
      }
    }
  },
);
