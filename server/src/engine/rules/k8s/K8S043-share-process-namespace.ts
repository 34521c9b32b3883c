import { defineRule } from '../../rule';
import { who } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S043', name: 'share-process-namespace', title: 'Containers of a pod should not share a process namespace',
    severity: 'info',
    peers: [],
    cis: [],
    docs: {
      description: 'The pod spec sets `shareProcessNamespace: true`.',
      rationale: 'With a shared process namespace every container sees and can signal the processes of the others, and can read their environment and filesystem through `/proc/<pid>/root` and `/proc/<pid>/environ` (when running as the same user): a compromised sidecar reaches the main container\'s secrets, and the reverse.',
      remediation: 'Remove `shareProcessNamespace` (or set it to false). For debugging, use an ephemeral container targeting one container (`kubectl debug --target`).',
      example: { bad: 'spec:\n  shareProcessNamespace: true\n', good: 'spec:\n  shareProcessNamespace: false\n' },
    },
  },
  (pod, ctx) => {
    const v = pod.spec.get('shareProcessNamespace');
    if (v.bool === true) ctx.report({ loc: v.pairLoc, message: `${who(pod)}: shareProcessNamespace is true, so every container can see, signal and read the processes (and their environment) of the others; remove it or set it to false.` });
  },
);
