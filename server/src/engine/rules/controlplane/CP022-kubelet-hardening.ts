import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, fileFlag, boolFlag, isKubeletConfiguration } from './flags';
import { parseDuration } from './CP009-apiserver-request-timeout';

export default componentRule(
  ruleMeta({
    id: 'CP022', name: 'kubelet-hardening', title: 'Kubelet flags from the CIS Benchmark',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_143', 'checkov:CKV_K8S_144', 'checkov:CKV_K8S_145', 'checkov:CKV_K8S_146', 'checkov:CKV_K8S_148', 'trivy:KCV-0083', 'trivy:KCV-0084', 'trivy:KCV-0085', 'trivy:KCV-0086', 'trivy:KCV-0088', 'trivy:KCV-0089'],
    cis: ['4.2.5', '4.2.6', '4.2.7', '4.2.8', '4.2.9'],
    docs: {
      description: 'A kubelet (flags or KubeletConfiguration) sets `--streaming-connection-idle-timeout=0` (`streamingConnectionIdleTimeout`), `--protect-kernel-defaults=false` (`protectKernelDefaults`), `--make-iptables-util-chains=false` (`makeIPTablesUtilChains`), sets `--hostname-override`, or gives only one of `--tls-cert-file` and `--tls-private-key-file` (`tlsCertFile`, `tlsPrivateKeyFile`).',
      rationale: 'Idle exec and port-forward streams that never time out stay open for whoever hijacks them; without kernel-default protection pods can tune node sysctls; without the iptables utility chains the kubelet cannot keep node networking consistent with pods; a hostname override breaks the node identity that TLS and the NodeRestriction plugin rely on; a serving certificate without its key (or the reverse) leaves the kubelet on a self-signed certificate.',
      remediation: 'Remove the flags (or set `--streaming-connection-idle-timeout=5m`, `--protect-kernel-defaults=true`, `--make-iptables-util-chains=true`), and set `--tls-cert-file` and `--tls-private-key-file` together (or use `serverTLSBootstrap: true`).',
      example: { bad: 'command:\n  - kubelet\n  - --streaming-connection-idle-timeout=0\n  - --hostname-override=node-1\n', good: 'command:\n  - kubelet\n  - --streaming-connection-idle-timeout=5m\n  - --protect-kernel-defaults=true\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const idle = flag(c, 'streaming-connection-idle-timeout');
    if (idle && idle.value !== undefined && parseDuration(idle.value) === 0) ctx.report({ loc: idle.loc, peers: ['checkov:CKV_K8S_143', 'trivy:KCV-0085'], message: `${c.who}: --streaming-connection-idle-timeout=${idle.value} never closes idle exec, attach and port-forward streams. Set a timeout such as 5m.` });
    const pkd = flag(c, 'protect-kernel-defaults');
    if (boolFlag(pkd) === false) ctx.report({ loc: pkd!.loc, peers: ['checkov:CKV_K8S_144', 'trivy:KCV-0083'], message: `${c.who}: --protect-kernel-defaults=${pkd!.value} lets the kubelet and pods change kernel settings from their defaults. Set --protect-kernel-defaults=true.` });
    const ipt = flag(c, 'make-iptables-util-chains');
    if (boolFlag(ipt) === false) ctx.report({ loc: ipt!.loc, peers: ['checkov:CKV_K8S_145', 'trivy:KCV-0084'], message: `${c.who}: --make-iptables-util-chains=${ipt!.value} stops the kubelet from managing its iptables chains, so node networking can drift from the pods' configuration. Remove it (default true).` });
    const host = fileFlag(c, 'hostname-override');
    if (host) ctx.report({ loc: host.loc, peers: ['checkov:CKV_K8S_146', 'trivy:KCV-0086'], message: `${c.who}: --hostname-override=${host.value} makes the node name differ from the host name, breaking TLS verification and node identity checks. Remove it.` });
    const cert = fileFlag(c, 'tls-cert-file');
    const key = fileFlag(c, 'tls-private-key-file');
    if (!!cert !== !!key) ctx.report({ loc: (cert ?? key)!.loc, peers: ['checkov:CKV_K8S_148', 'trivy:KCV-0088', 'trivy:KCV-0089'], message: `${c.who}: ${cert ? '--tls-cert-file is set without --tls-private-key-file' : '--tls-private-key-file is set without --tls-cert-file'}, so the kubelet cannot serve that certificate. Set both.` });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const v = obj.view;
    const idle = v.get('streamingConnectionIdleTimeout');
    if (idle.str !== undefined && parseDuration(idle.str) === 0) ctx.report({ loc: idle.pairLoc, peers: ['checkov:CKV_K8S_143', 'trivy:KCV-0085'], message: `${describeConfig(obj)}: streamingConnectionIdleTimeout ${idle.str} never closes idle streams. Set a timeout such as 5m.` });
    const pkd = v.get('protectKernelDefaults');
    if (pkd.bool === false) ctx.report({ loc: pkd.pairLoc, peers: ['checkov:CKV_K8S_144', 'trivy:KCV-0083'], message: `${describeConfig(obj)}: protectKernelDefaults: false lets kernel settings drift from their defaults. Set it to true.` });
    const ipt = v.get('makeIPTablesUtilChains');
    if (ipt.bool === false) ctx.report({ loc: ipt.pairLoc, peers: ['checkov:CKV_K8S_145', 'trivy:KCV-0084'], message: `${describeConfig(obj)}: makeIPTablesUtilChains: false stops the kubelet from managing its iptables chains. Remove it.` });
    const cert = v.get('tlsCertFile').str;
    const key = v.get('tlsPrivateKeyFile').str;
    if (!!cert !== !!key) ctx.report({ loc: v.get(cert ? 'tlsCertFile' : 'tlsPrivateKeyFile').pairLoc, peers: ['checkov:CKV_K8S_148', 'trivy:KCV-0088', 'trivy:KCV-0089'], message: `${describeConfig(obj)}: ${cert ? 'tlsCertFile is set without tlsPrivateKeyFile' : 'tlsPrivateKeyFile is set without tlsCertFile'}. Set both.` });
  },
);
