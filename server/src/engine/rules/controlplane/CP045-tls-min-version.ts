import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, isKubeletConfiguration } from './flags';
import { setFlagFix } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP045', name: 'tls-min-version', title: 'The API server and kubelet must not accept TLS 1.0 or 1.1',
    severity: 'warning',
    aliases: ['CP014', 'tls-cipher-suites'],
    peers: [],
    cis: [],
    fix: 'unsafe',
    docs: {
      description: 'A kube-apiserver or kubelet container sets `--tls-min-version` (a KubeletConfiguration `tlsMinVersion`) to VersionTLS10 or VersionTLS11.',
      rationale: 'TLS 1.0 and 1.1 are deprecated (RFC 8996) and open to downgrade and padding-oracle attacks; every supported client speaks TLS 1.2.',
      remediation: 'Set `--tls-min-version=VersionTLS12` (or VersionTLS13), or remove the flag (Go\'s default is TLS 1.2). The quick fix sets VersionTLS12.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --tls-min-version=VersionTLS10\n', good: 'command:\n  - kube-apiserver\n  - --tls-min-version=VersionTLS12\n' },
    },
  }),
  ['kube-apiserver', 'kubelet'],
  (c, ctx) => {
    const min = flag(c, 'tls-min-version');
    if (min && /^VersionTLS1[01]$/.test(min.value?.trim() ?? '')) ctx.report({ loc: min.loc, message: `${c.who}: --tls-min-version=${min.value} allows TLS 1.0/1.1. Use VersionTLS12 or VersionTLS13.`, fixes: setFlagFix(c, ctx, 'tls-min-version', 'VersionTLS12') });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const min = obj.view.get('tlsMinVersion');
    if (/^VersionTLS1[01]$/.test(min.str ?? '')) ctx.report({ loc: min.loc, message: `${describeConfig(obj)}: tlsMinVersion ${min.str} allows TLS 1.0/1.1. Use VersionTLS12 or VersionTLS13.`, fixes: fix.unsafe('Set tlsMinVersion: VersionTLS12', fix.setScalar(ctx.text, min, 'VersionTLS12')) });
  },
);
