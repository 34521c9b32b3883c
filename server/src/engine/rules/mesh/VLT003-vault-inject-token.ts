import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { vaultAnnotations, annTrue, PREFIX } from './vault';

export default defineRule('object',
  {
    id: 'VLT003', name: 'vault-inject-token', title: 'Vault token written into the pod', severity: 'warning', language: 'vault',
    docs: {
      description: 'A pod template sets `vault.hashicorp.com/agent-inject-token: "true"`.',
      rationale: 'The agent then writes its Vault token to `/vault/secrets/token`, readable by every application container: a compromise of the app yields a token that can read everything the role allows, not just the rendered secrets.',
      remediation: 'Remove the annotation and render only the secrets the application needs with `agent-inject-secret-*` templates.',
      example: { bad: 'vault.hashicorp.com/agent-inject-token: "true"\n', good: 'vault.hashicorp.com/agent-inject-secret-db: "database/creds/shop"\n' },
    },
  },
  (obj, ctx) => {
    const va = vaultAnnotations(obj);
    if (!va) return;
    for (const [k, v] of va.entries) {
      if (k === 'agent-inject-token' && annTrue(v)) ctx.report({ loc: v.pairLoc, message: `${who(obj)}: ${PREFIX}agent-inject-token writes the Vault token into /vault/secrets where application containers can read it; remove it and render only the secrets the app needs.` });
    }
  },
  { applies: runsPod },
);
