import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { PREFIX, injectedAnnotations } from './vault';

export default defineRule('object',
  {
    id: 'VLT010', name: 'vault-plaintext-address', title: 'Vault agent talks to Vault over plain HTTP', severity: 'warning', language: 'vault',
    docs: {
      description: 'A pod template with `vault.hashicorp.com/agent-inject: "true"` sets `vault.hashicorp.com/service` (or `proxy-address`) to an `http://` URL other than localhost.',
      rationale: 'The agent sends the pod\'s service account token to log in and receives the Vault token and every secret over that connection. Without TLS anyone on the network path reads them, or answers as Vault.',
      remediation: 'Use the `https://` address of Vault and give the agent its CA with `vault.hashicorp.com/tls-secret` and `vault.hashicorp.com/ca-cert`.',
      example: { bad: 'vault.hashicorp.com/service: "http://vault.vault:8200"\n', good: 'vault.hashicorp.com/service: "https://vault.vault:8200"\nvault.hashicorp.com/tls-secret: "vault-ca"\nvault.hashicorp.com/ca-cert: "/vault/tls/ca.crt"\n' },
    },
  },
  (obj, ctx) => {
    const va = injectedAnnotations(obj);
    if (!va) return;
    for (const [k, v] of va.entries) {
      if (k !== 'service' && k !== 'proxy-address') continue;
      const m = /^\s*http:\/\/(\[[^\]]*\]|[^/:]*)/i.exec(v.str ?? '');
      if (!m || /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(m[1])) continue;
      ctx.report({ loc: v.loc, message: `${who(obj)}: ${PREFIX}${k} is ${v.str}, so the Vault login and every secret travel unencrypted; use the https:// address and set ${PREFIX}tls-secret and ${PREFIX}ca-cert.` });
    }
  },
  { applies: runsPod },
);
