import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, fileFlag, isKubeletConfiguration } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP060', name: 'kubelet-tls-cert-and-key', title: 'The kubelet serving certificate must come with its key',
    severity: 'warning',
    aliases: ['CP022', 'kubelet-hardening'],
    peers: ['checkov:CKV_K8S_148', 'trivy:KCV-0088', 'trivy:KCV-0089'],
    cis: [],
    docs: {
      description: 'A kubelet (flags or KubeletConfiguration) gives only one of `--tls-cert-file` and `--tls-private-key-file` (`tlsCertFile`, `tlsPrivateKeyFile`).',
      rationale: 'A serving certificate without its key (or the reverse) cannot be served: the kubelet falls back to a self-signed certificate that the API server cannot verify.',
      remediation: 'Set `--tls-cert-file` and `--tls-private-key-file` together, or use `serverTLSBootstrap: true` to get serving certificates from the cluster CA.',
      example: { bad: 'command:\n  - kubelet\n  - --tls-cert-file=/var/lib/kubelet/pki/kubelet.crt\n', good: 'command:\n  - kubelet\n  - --tls-cert-file=/var/lib/kubelet/pki/kubelet.crt\n  - --tls-private-key-file=/var/lib/kubelet/pki/kubelet.key\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const cert = fileFlag(c, 'tls-cert-file');
    const key = fileFlag(c, 'tls-private-key-file');
    if (!!cert !== !!key) ctx.report({ loc: (cert ?? key)!.loc, message: `${c.who}: ${cert ? '--tls-cert-file is set without --tls-private-key-file' : '--tls-private-key-file is set without --tls-cert-file'}, so the kubelet cannot serve that certificate. Set both.` });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const v = obj.view;
    const cert = v.get('tlsCertFile').str;
    const key = v.get('tlsPrivateKeyFile').str;
    if (!!cert !== !!key) ctx.report({ loc: v.get(cert ? 'tlsCertFile' : 'tlsPrivateKeyFile').pairLoc, message: `${describeConfig(obj)}: ${cert ? 'tlsCertFile is set without tlsPrivateKeyFile' : 'tlsPrivateKeyFile is set without tlsCertFile'}. Set both.` });
  },
);
