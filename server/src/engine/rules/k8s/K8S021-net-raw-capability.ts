import { defineRule } from '../../rule';
import { who, containerScLoc, isWindowsPod, capabilityItems, capName } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S021', name: 'net-raw-capability', title: 'Containers should drop NET_RAW and must not add it',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_28', 'kube-linter:drop-net-raw-capability', 'trivy:KSV-0119'],
    cis: ['5.2.7'],
    docs: {
      description: 'Every container should list `NET_RAW` (or `ALL`) in `securityContext.capabilities.drop`, and must not list `NET_RAW` or `ALL` in `capabilities.add`. Applies at every Pod Security level: the baseline level allows NET_RAW, and the restricted level\'s "drop ALL" rule (K8S018) is only enforced where that level is chosen. Capability names are compared as container runtimes do (case-insensitive, optional `CAP_` prefix). Windows pods are skipped.',
      rationale: 'NET_RAW is in the default capability set of Docker and containerd. It allows crafting raw packets: ARP and DNS spoofing of other pods on the node network, and ICMP-based attacks. Almost no application needs it.',
      remediation: 'Add `NET_RAW` (better: `ALL`) to `securityContext.capabilities.drop`, and remove `NET_RAW` from `capabilities.add`. Tools such as `ping` work without it on modern kernels (unprivileged ICMP sockets).',
      example: {
        bad: 'securityContext:\n  capabilities:\n    add: ["NET_RAW"]\n',
        good: 'securityContext:\n  capabilities:\n    drop: ["ALL"]\n',
      },
    },
  },
  (pod, ctx) => {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const added = capabilityItems(c, 'add').filter((x) => ['NET_RAW', 'ALL'].includes(capName(x.name)));
      for (const a of added) {
        ctx.report({ loc: a.view.loc, message: `${who(pod, c)}: securityContext.capabilities.add contains ${a.name}, which grants NET_RAW (raw sockets, packet spoofing); remove it.` });
      }
      if (added.length) continue;
      const dropped = capabilityItems(c, 'drop').some((x) => ['NET_RAW', 'ALL'].includes(capName(x.name)));
      if (dropped) continue;
      const drop = c.view.at('securityContext', 'capabilities', 'drop');
      const caps = c.view.at('securityContext', 'capabilities');
      const loc = drop.exists && drop.keyLoc ? drop.keyLoc : caps.exists && caps.keyLoc ? caps.keyLoc : containerScLoc(c);
      ctx.report({ loc, message: `${who(pod, c)}: NET_RAW is not dropped; add ALL (or at least NET_RAW) to securityContext.capabilities.drop.` });
    }
  },
);
