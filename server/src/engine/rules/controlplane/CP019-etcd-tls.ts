import { ruleMeta } from '../../rule';
import { componentRule, flag, fileFlag, boolFlag, listFlag, itemLoc, Component } from './flags';
import type { RuleContext } from '../../rule';

function pair(c: Component, ctx: RuleContext, certName: string, keyName: string, peers: string[], what: string): void {
  const cert = fileFlag(c, certName);
  const key = fileFlag(c, keyName);
  if (cert && key) return;
  const missing = [!cert && `--${certName}`, !key && `--${keyName}`].filter(Boolean).join(' and ');
  ctx.report({ loc: (cert ?? key)?.loc ?? c.headLoc, peers, message: `${c.who}: ${missing} ${cert || key ? 'is' : 'are'} not set, so ${what} is not served over TLS with a proper certificate. Set both.` });
}

function mustBeTrue(c: Component, ctx: RuleContext, name: string, peers: string[], what: string): void {
  const f = flag(c, name);
  if (boolFlag(f) === true) return;
  ctx.report({ loc: f?.loc ?? c.headLoc, peers, message: `${c.who}: ${f ? `--${name}=${f.value}` : `--${name} is not set (default false)`}, so ${what}. Set --${name}=true.` });
}

function mustNotBeTrue(c: Component, ctx: RuleContext, name: string, peers: string[], what: string): void {
  const f = flag(c, name);
  if (boolFlag(f) !== true) return;
  ctx.report({ loc: f!.loc, peers, message: `${c.who}: --${name}=${f!.value ?? 'true'} ${what}. Remove it and use certificates from your CA.` });
}

/** `http://` URLs etcd listens on or advertises, other than loopback: that traffic is plaintext and unauthenticated. */
function plainUrls(c: Component, ctx: RuleContext, names: string[], peers: string[], what: string): void {
  for (const name of names) {
    const { flags } = listFlag(c, name);
    for (const f of flags) {
      for (const url of (f.value ?? '').split(',').map((s) => s.trim())) {
        const m = /^http:\/\/(\[[^\]]*\]|[^/:]*)/i.exec(url);
        if (!m || /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(m[1])) continue;
        const loc = ctx.text.slice(f.loc[0], f.loc[1]).includes(url) ? itemLoc(f, url, ctx.text) : f.loc;
        ctx.report({ loc, peers, message: `${c.who}: --${name} has ${url}, so ${what} is plaintext and needs no certificate. Use https:// with --${name.includes('peer') ? 'peer-cert-file and --peer-key-file' : 'cert-file and --key-file'}.` });
      }
    }
  }
}

export default componentRule(
  ruleMeta({
    id: 'CP019', name: 'etcd-tls', title: 'etcd must use TLS with client and peer certificate authentication',
    severity: 'error',
    peers: ['checkov:CKV_K8S_116', 'checkov:CKV_K8S_117', 'checkov:CKV_K8S_118', 'checkov:CKV_K8S_119', 'checkov:CKV_K8S_121', 'trivy:KCV-0042', 'trivy:KCV-0043', 'trivy:KCV-0044', 'trivy:KCV-0045', 'trivy:KCV-0046', 'trivy:KCV-0047'],
    cis: ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6'],
    docs: {
      description: 'An etcd container (recognized by its command, or by its image or `ETCD_*` server variables when it has no command; flags given as `ETCD_*` environment variables count) listens on or advertises a non-loopback `http://` URL, lacks `--cert-file`/`--key-file` or `--peer-cert-file`/`--peer-key-file`, does not set `--client-cert-auth=true` or `--peer-client-cert-auth=true`, or sets `--auto-tls=true` or `--peer-auto-tls=true` (self-signed certificates).',
      rationale: 'etcd stores every object of the cluster, Secrets included, and anyone who can talk to it bypasses the API server\'s authentication, authorization, admission and audit. Client and peer connections must be encrypted and authenticated with certificates from a CA that only the API server and etcd members hold.',
      remediation: 'Set `--cert-file`, `--key-file`, `--client-cert-auth=true`, `--trusted-ca-file`, and for members `--peer-cert-file`, `--peer-key-file`, `--peer-client-cert-auth=true`, `--peer-trusted-ca-file`; remove `--auto-tls` and `--peer-auto-tls`.',
      example: { bad: 'command:\n  - etcd\n  - --auto-tls=true\n', good: 'command:\n  - etcd\n  - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n  - --key-file=/etc/kubernetes/pki/etcd/server.key\n  - --client-cert-auth=true\n  - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n  - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n  - --peer-client-cert-auth=true\n' },
    },
  }),
  ['etcd'],
  (c, ctx) => {
    plainUrls(c, ctx, ['listen-client-urls', 'advertise-client-urls'], ['checkov:CKV_K8S_116', 'trivy:KCV-0042'], 'client traffic');
    plainUrls(c, ctx, ['listen-peer-urls', 'initial-advertise-peer-urls'], ['checkov:CKV_K8S_119', 'trivy:KCV-0045'], 'member-to-member traffic');
    pair(c, ctx, 'cert-file', 'key-file', ['checkov:CKV_K8S_116', 'trivy:KCV-0042'], 'the client API');
    mustBeTrue(c, ctx, 'client-cert-auth', ['checkov:CKV_K8S_117', 'trivy:KCV-0043'], 'etcd accepts clients without a certificate');
    mustNotBeTrue(c, ctx, 'auto-tls', ['checkov:CKV_K8S_118', 'trivy:KCV-0044'], 'serves clients with a self-signed certificate that clients cannot verify');
    pair(c, ctx, 'peer-cert-file', 'peer-key-file', ['checkov:CKV_K8S_119', 'trivy:KCV-0045'], 'member-to-member traffic');
    mustBeTrue(c, ctx, 'peer-client-cert-auth', ['checkov:CKV_K8S_121', 'trivy:KCV-0046'], 'etcd accepts peers without a certificate');
    mustNotBeTrue(c, ctx, 'peer-auto-tls', ['trivy:KCV-0047'], 'uses self-signed peer certificates that members cannot verify');
  },
);
