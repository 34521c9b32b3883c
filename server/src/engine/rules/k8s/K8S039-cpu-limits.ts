import { defineRule } from '../../rule';
import { checkResource } from './resources';

export default defineRule('pod',
  {
    id: 'K8S039', name: 'cpu-limits', title: 'Containers should limit CPU',
    severity: 'info', fix: 'display-only',
    peers: ['polaris:cpuLimitsMissing', 'checkov:CKV_K8S_11', 'trivy:KSV-0011', 'kubesec:LimitsCPU'],
    cis: [],
    docs: {
      description: 'A container or init container has no positive `resources.limits.cpu`.',
      rationale: 'A container without a CPU limit can use every core of the node: a bug, a crypto-miner after a compromise or a request flood in one pod degrades every other pod on the node (denial of service). A LimitRange in the namespace can set a default, but the manifest alone does not show it.',
      remediation: 'Set `resources.limits.cpu` to the most CPU the container may use (for example `500m`), or rely on a namespace LimitRange default and suppress this rule for the namespace.',
      example: { bad: 'resources:\n  requests:\n    cpu: 100m\n', good: 'resources:\n  requests:\n    cpu: 100m\n  limits:\n    cpu: 500m\n' },
    },
  },
  (pod, ctx) => checkResource(pod, ctx, 'limits', 'cpu', 'set resources.limits.cpu so one container cannot take every core of the node.'),
);
