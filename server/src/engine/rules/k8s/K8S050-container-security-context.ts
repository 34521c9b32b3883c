import { defineRule } from '../../rule';
import { who } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S050', name: 'container-security-context', title: 'Containers should define a securityContext',
    severity: 'info',
    peers: ['checkov:CKV_K8S_30', 'trivy:KSV-0118'],
    cis: ['5.7.3'],
    docs: {
      description: 'A container (regular, init or ephemeral) has no `securityContext`, or an empty one.',
      rationale: 'Several protections exist only per container: `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true` and `capabilities.drop: [ALL]`. A container without a securityContext gets none of them.',
      remediation: 'Add a container `securityContext` with `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true` and `capabilities: {drop: [ALL]}`.',
      example: {
        bad: 'containers:\n  - name: app\n    image: registry.example.com/app:1.4.2\n',
        good: 'containers:\n  - name: app\n    image: registry.example.com/app:1.4.2\n    securityContext:\n      allowPrivilegeEscalation: false\n      readOnlyRootFilesystem: true\n      capabilities:\n        drop: ["ALL"]\n',
      },
    },
  },
  (pod, ctx) => {
    for (const c of pod.containers) {
      const s = c.view.get('securityContext');
      if (s.isMap && s.entries().length) continue;
      if (!s.isNull) ctx.report({ loc: s.pairLoc, message: `${who(pod, c)}: the securityContext is empty; set allowPrivilegeEscalation: false, readOnlyRootFilesystem: true and capabilities.drop: [ALL] in it.` });
      else ctx.report({ loc: c.headLoc, message: `${who(pod, c)}: the container has no securityContext; add one with allowPrivilegeEscalation: false, readOnlyRootFilesystem: true and capabilities.drop: [ALL].` });
    }
  },
);
