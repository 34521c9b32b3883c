import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { PREFIX, injectedAnnotations } from './vault';
import * as fix from '../../fix';

export default defineRule('object',
  {
    id: 'VLT008', name: 'vault-agent-run-as-root', title: 'Vault agent set to run as root', severity: 'warning', language: 'vault',
    docs: {
      description: 'A pod template with `vault.hashicorp.com/agent-inject: "true"` sets `vault.hashicorp.com/agent-run-as-user: "0"` (or `agent-run-as-group: "0"`).',
      rationale: 'The injected agent holds the pod\'s Vault token and renders every secret; running it as root (UID 100 by default) gives a compromise of the agent, or of anything that shares its volumes, root in the container and makes root-owned secret files the norm.',
      remediation: 'Remove the annotation (the injector defaults to UID 100, GID 1000) or set a non-zero UID the application can share files with. The quick fix removes the annotation, so the agent runs as the injector\'s default user or group; it is unsafe: files the agent shares with the application, and volumes it writes to, may need other owners or permissions.',
      example: { bad: 'vault.hashicorp.com/agent-inject: "true"\nvault.hashicorp.com/agent-run-as-user: "0"\n', good: 'vault.hashicorp.com/agent-inject: "true"\nvault.hashicorp.com/agent-run-as-user: "10001"\n' },
    },
    fix: 'unsafe',
  },
  (obj, ctx) => {
    const va = injectedAnnotations(obj);
    if (!va) return;
    for (const [k, v] of va.entries) {
      if ((k === 'agent-run-as-user' || k === 'agent-run-as-group') && (v.str ?? '').trim() === '0') {
        ctx.report({
          loc: v.pairLoc, message: `${who(obj)}: ${PREFIX}${k} is "0", so the injected Vault agent, which holds the Vault token, runs as root; remove it (the default is ${k.endsWith('user') ? 'UID 100' : 'GID 1000'}) or use a non-zero ${k.endsWith('user') ? 'UID' : 'GID'}.`,
          fixes: fix.unsafe(`Remove ${PREFIX}${k} (run the agent as the injector's default ${k.endsWith('user') ? 'user' : 'group'})`, fix.removePair(ctx.text, v)),
        });
      }
    }
  },
  { applies: runsPod },
);
