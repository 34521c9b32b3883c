import { defineRule } from '../../rule';
import { checkResource } from './resources';

export default defineRule('pod',
  {
    id: 'K8S040', name: 'memory-requests', title: 'Containers should request memory',
    severity: 'info', fix: 'display-only',
    peers: ['polaris:memoryRequestsMissing', 'checkov:CKV_K8S_12', 'trivy:KSV-0016', 'kubesec:RequestsMemory'],
    cis: [],
    docs: {
      description: 'A container or init container has no positive `resources.requests.memory` (and no memory limit it would default to).',
      rationale: 'Without a memory request the scheduler can over-pack the node; under memory pressure the kubelet evicts pods without requests first, and the out-of-memory killer picks them. Predictable requests are the base of a node that resists noisy neighbours.',
      remediation: 'Set `resources.requests.memory` to the memory the container needs at normal load (for example `256Mi`).',
      example: { bad: 'resources:\n  limits:\n    cpu: 500m\n', good: 'resources:\n  requests:\n    memory: 256Mi\n  limits:\n    cpu: 500m\n    memory: 256Mi\n' },
    },
  },
  (pod, ctx) => checkResource(pod, ctx, 'requests', 'memory', 'set resources.requests.memory (for example 256Mi) so the scheduler reserves memory for it.'),
);
