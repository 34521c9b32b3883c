import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, listFlag, itemLoc, isKubeletConfiguration } from './flags';

/** CIS Kubernetes Benchmark 1.2.29 / 4.2.12: the strong cipher suites (TLS 1.3 suites are not configurable and always strong). */
const STRONG = new Set([
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_256_GCM_SHA384',
]);
const PEERS: Record<string, string[]> = { 'kube-apiserver': ['checkov:CKV_K8S_105'], kubelet: ['checkov:CKV_K8S_151', 'trivy:KCV-0092'] };

export default componentRule(
  ruleMeta({
    id: 'CP014', name: 'tls-cipher-suites', title: 'The API server and kubelet should allow only strong TLS cipher suites',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_105', 'checkov:CKV_K8S_151', 'trivy:KCV-0092'],
    cis: ['1.2.29', '4.2.12'],
    docs: {
      description: 'A kube-apiserver or kubelet container (or a KubeletConfiguration) lists a cipher suite in `--tls-cipher-suites` (`tlsCipherSuites`) that is not one of the strong AEAD suites of the CIS Benchmark. `--tls-min-version`, which this rule used to check too, has its own id, CP045.',
      rationale: 'CBC-mode, RC4 and 3DES suites are vulnerable to known attacks (BEAST, Lucky13, SWEET32); a misspelt suite name stops the component from starting.',
      remediation: 'List only ECDHE suites with AES-GCM or ChaCha20-Poly1305 (e.g. `TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,...`), or remove the flag to use Go\'s secure defaults.',
      example: { bad: 'command:\n  - kubelet\n  - --tls-cipher-suites=TLS_RSA_WITH_3DES_EDE_CBC_SHA\n', good: 'command:\n  - kubelet\n  - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n' },
    },
  }),
  ['kube-apiserver', 'kubelet'],
  (c, ctx) => {
    const { flags } = listFlag(c, 'tls-cipher-suites');
    for (const f of flags) {
      for (const s of (f.value ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
        if (!STRONG.has(s)) ctx.report({ loc: itemLoc(f, s, ctx.text), peers: PEERS[c.kind], message: `${c.who}: --tls-cipher-suites includes '${s}', which is not a strong cipher suite${/^TLS_/.test(s) && /CBC|RC4|3DES|NULL|EXPORT/.test(s) ? '' : ' (or not a known one)'}. Keep only ECDHE suites with AES-GCM or ChaCha20-Poly1305.` });
      }
    }
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    for (const it of obj.view.get('tlsCipherSuites').items()) {
      const s = it.str?.trim();
      if (s && !STRONG.has(s)) ctx.report({ loc: it.loc, peers: PEERS.kubelet, message: `${describeConfig(obj)}: tlsCipherSuites includes '${s}', which is not a strong cipher suite. Keep only ECDHE suites with AES-GCM or ChaCha20-Poly1305.` });
    }
  },
);
