import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who, deletePairLines } from '../shared/objects';
import { vaultAnnotations, annTrue, PREFIX } from './vault';

export default defineRule('object',
  {
    id: 'VLT002', name: 'vault-tls-skip-verify', title: 'Vault agent skips TLS verification of the Vault server', severity: 'error', language: 'vault',
    docs: {
      description: 'A pod template sets `vault.hashicorp.com/tls-skip-verify: "true"`.',
      rationale: 'The agent then accepts any certificate for the Vault address, so anyone on the network path can impersonate Vault, capture the service account JWT used to log in and serve forged secrets.',
      remediation: 'Remove the annotation and provide the CA instead: `vault.hashicorp.com/ca-cert` (path) with `vault.hashicorp.com/tls-secret` (a Secret holding the CA). The quick fix removes the annotation (its line, with its comment); it is unsafe: until the agent is given the CA, it cannot verify the server and the secrets are not rendered.',
      example: {
        bad: 'annotations:\n  vault.hashicorp.com/agent-inject: "true"\n  vault.hashicorp.com/role: "shop"\n  vault.hashicorp.com/tls-skip-verify: "true"\n',
        good: 'annotations:\n  vault.hashicorp.com/agent-inject: "true"\n  vault.hashicorp.com/role: "shop"\n  vault.hashicorp.com/tls-secret: "vault-ca"\n  vault.hashicorp.com/ca-cert: "/vault/tls/ca.crt"\n',
      },
    },
    fix: 'unsafe',
  },
  (obj, ctx) => {
    const va = vaultAnnotations(obj);
    if (!va) return;
    for (const [k, v] of va.entries) {
      if (k !== 'tls-skip-verify' || !annTrue(v)) continue;
      const del = deletePairLines(v, ctx.text);
      ctx.report({
        loc: v.pairLoc,
        message: `${who(obj)}: ${PREFIX}tls-skip-verify is "true", so the Vault agent accepts any server certificate; remove it and set ${PREFIX}tls-secret and ${PREFIX}ca-cert.`,
        fixes: del ? [{ title: `Remove ${PREFIX}tls-skip-verify`, applicability: 'unsafe', edits: [del] }] : [],
      });
    }
  },
  { applies: runsPod },
);
