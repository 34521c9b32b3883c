import { defineRule } from '../../rule';
import { who, podSpecKeyLoc } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S049', name: 'pod-security-context', title: 'Pods should define a securityContext',
    severity: 'info',
    peers: ['checkov:CKV_K8S_29', 'trivy:KSV-0118'],
    cis: ['5.7.3'],
    docs: {
      description: 'The pod spec has no `securityContext`, or an empty one.',
      rationale: 'The pod securityContext is where identity and kernel hardening are set once for every container: `runAsNonRoot`, `runAsUser`/`runAsGroup`, `fsGroup`, `seccompProfile`. Without it every container falls back to the image and runtime defaults, which usually means root and no seccomp.',
      remediation: 'Add a pod `securityContext` with at least `runAsNonRoot: true`, a non-root `runAsUser`/`runAsGroup` and `seccompProfile: {type: RuntimeDefault}`.',
      example: {
        bad: 'spec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
        good: 'spec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
      },
    },
  },
  (pod, ctx) => {
    const s = pod.spec.get('securityContext');
    if (s.isMap && s.entries().length) return;
    if (!s.isNull) ctx.report({ loc: s.pairLoc, message: `${who(pod)}: the pod securityContext is empty; set runAsNonRoot: true, runAsUser/runAsGroup and seccompProfile.type: RuntimeDefault in it.` });
    else ctx.report({ loc: podSpecKeyLoc(pod), message: `${who(pod)}: the pod spec has no securityContext; add one with runAsNonRoot: true, runAsUser/runAsGroup and seccompProfile.type: RuntimeDefault.` });
  },
);
