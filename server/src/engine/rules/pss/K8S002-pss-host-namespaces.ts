import { ruleMeta } from '../../rule';
import { pssRule, who, levelText, PssViolation } from './framework';
import { removeFix } from './fixes';

export default pssRule(
  ruleMeta({
    id: 'K8S002', name: 'pss-host-namespaces', title: 'Sharing the host network, PID or IPC namespace is forbidden',
    level: 'baseline', control: 'Host Namespaces', fix: 'unsafe',
    peers: ['polaris:hostNetworkSet', 'polaris:hostPIDSet', 'polaris:hostIPCSet', 'checkov:CKV_K8S_17', 'checkov:CKV_K8S_18', 'checkov:CKV_K8S_19',
      'kube-linter:host-network', 'kube-linter:host-pid', 'kube-linter:host-ipc', 'trivy:KSV-0008', 'trivy:KSV-0009', 'trivy:KSV-0010',
      'kubesec:HostNetwork', 'kubesec:HostPID', 'kubesec:HostIPC'],
    cis: ['5.2.2', '5.2.3', '5.2.4'],
    docs: {
      description: 'Pods must not set `hostNetwork`, `hostPID` or `hostIPC` to true.',
      rationale: 'Sharing the host\'s namespaces lets a container see and signal host processes, sniff host network traffic, bind to host interfaces and read shared memory of other workloads: a direct path to node compromise.',
      remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to false). Expose network services through a Service instead of the host network.',
      example: { bad: 'spec:\n  hostNetwork: true\n', good: 'spec:\n  hostNetwork: false\n' },
    },
  }),
  {
    checkId: 'hostNamespaces', level: 'baseline',
    variants: [{
      min: 0,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
          const v = pod.spec.get(f);
          if (v.bool === true) out.push({ loc: v.pairLoc, message: `${who(pod)}: ${f} is true. Sharing host namespaces is forbidden by ${levelText('baseline')}; remove ${f} or set it to false.`, fixes: removeFix(v, ctx, `Remove ${f}`) });
        }
        return out;
      },
    }],
  },
);
