import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, isKubeletConfiguration } from './flags';
import { parseDuration } from './CP009-apiserver-request-timeout';

export default componentRule(
  ruleMeta({
    id: 'CP022', name: 'kubelet-hardening', title: 'Kubelet streaming connections must time out',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_143', 'trivy:KCV-0085'],
    cis: ['4.2.5'],
    docs: {
      description: 'A kubelet sets `--streaming-connection-idle-timeout=0` (`streamingConnectionIdleTimeout` in a KubeletConfiguration). The other kubelet flags this rule used to check have their own ids: `--protect-kernel-defaults` (CP057), `--make-iptables-util-chains` (CP058), `--hostname-override` (CP059), `--tls-cert-file` with `--tls-private-key-file` (CP060).',
      rationale: 'Idle exec, attach and port-forward streams that never time out stay open for whoever hijacks them, and pile up on the node.',
      remediation: 'Remove the flag (the default is 4h) or set a timeout such as `--streaming-connection-idle-timeout=5m`.',
      example: { bad: 'command:\n  - kubelet\n  - --streaming-connection-idle-timeout=0\n', good: 'command:\n  - kubelet\n  - --streaming-connection-idle-timeout=5m\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const idle = flag(c, 'streaming-connection-idle-timeout');
    if (idle && idle.value !== undefined && parseDuration(idle.value) === 0) ctx.report({ loc: idle.loc, message: `${c.who}: --streaming-connection-idle-timeout=${idle.value} never closes idle exec, attach and port-forward streams. Set a timeout such as 5m.` });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const idle = obj.view.get('streamingConnectionIdleTimeout');
    if (idle.str !== undefined && parseDuration(idle.str) === 0) ctx.report({ loc: idle.pairLoc, message: `${describeConfig(obj)}: streamingConnectionIdleTimeout ${idle.str} never closes idle streams. Set a timeout such as 5m.` });
  },
);
