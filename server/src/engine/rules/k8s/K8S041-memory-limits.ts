import { defineRule } from '../../rule';
import { checkResource } from './resources';

export default defineRule('pod',
  {
    id: 'K8S041', name: 'memory-limits', title: 'Containers should limit memory',
    severity: 'warning', fix: 'display-only',
    peers: ['polaris:memoryLimitsMissing', 'checkov:CKV_K8S_13', 'kube-linter:unset-memory-requirements', 'trivy:KSV-0018', 'kubesec:LimitsMemory'],
    cis: [],
    docs: {
      description: 'A container or init container has no positive `resources.limits.memory`.',
      rationale: 'A container without a memory limit can consume all the memory of the node: a leak, a decompression bomb or a request flood then triggers the node out-of-memory killer against other pods and system daemons (denial of service).',
      remediation: 'Set `resources.limits.memory` (for example `512Mi`; equal to the request for predictable behaviour).',
      example: { bad: 'resources:\n  requests:\n    memory: 256Mi\n', good: 'resources:\n  requests:\n    memory: 256Mi\n  limits:\n    memory: 256Mi\n' },
    },
  },
  (pod, ctx) => checkResource(pod, ctx, 'limits', 'memory', 'set resources.limits.memory so a leak or attack in this container cannot exhaust the node.'),
);
