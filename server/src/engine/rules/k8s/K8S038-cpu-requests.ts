import { defineRule } from '../../rule';
import { checkResource } from './resources';

export default defineRule('pod',
  {
    id: 'K8S038', name: 'cpu-requests', title: 'Containers should request CPU',
    severity: 'info', fix: 'display-only',
    peers: ['polaris:cpuRequestsMissing', 'checkov:CKV_K8S_10', 'kube-linter:unset-cpu-requirements', 'trivy:KSV-0015', 'kubesec:RequestsCPU'],
    cis: [],
    docs: {
      description: 'A container or init container has no positive `resources.requests.cpu` (and no CPU limit it would default to).',
      rationale: 'Without a CPU request the scheduler places the pod as if it needed no CPU and the kernel gives it the smallest share under contention (BestEffort or Burstable QoS): noisy or compromised neighbours can starve it, and capacity planning is blind.',
      remediation: 'Set `resources.requests.cpu` to the CPU the container needs at normal load (for example `100m`).',
      example: { bad: 'resources:\n  limits:\n    memory: 256Mi\n', good: 'resources:\n  requests:\n    cpu: 100m\n    memory: 256Mi\n  limits:\n    memory: 256Mi\n' },
    },
  },
  (pod, ctx) => checkResource(pod, ctx, 'requests', 'cpu', 'set resources.requests.cpu (for example 100m) so the scheduler reserves CPU for it.'),
);
