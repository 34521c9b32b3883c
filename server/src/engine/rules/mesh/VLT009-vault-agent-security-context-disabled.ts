import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { PREFIX, injectedAnnotations } from './vault';
import * as fix from '../../fix';

export default defineRule('object',
  {
    id: 'VLT009', name: 'vault-agent-security-context-disabled', title: 'Vault agent injected without its security context', severity: 'warning', language: 'vault',
    docs: {
      description: 'A pod template with `vault.hashicorp.com/agent-inject: "true"` sets `vault.hashicorp.com/agent-set-security-context: "false"`.',
      rationale: 'By default the injector gives the agent containers a hardened security context (non-root user, no privilege escalation, all capabilities dropped, read-only root filesystem). With the annotation false the agent runs with the runtime defaults, and under the restricted Pod Security Standard the pod is rejected.',
      remediation: 'Remove the annotation (or set it to `"true"`, the default); if the agent needs a particular user, set `agent-run-as-user`/`agent-run-as-group` instead. The quick fix sets it to `"true"`; it is unsafe: the agent containers then run non-root with a read-only root filesystem and no capabilities, which an agent configuration that writes elsewhere or needs root does not survive.',
      example: { bad: 'vault.hashicorp.com/agent-inject: "true"\nvault.hashicorp.com/agent-set-security-context: "false"\n', good: 'vault.hashicorp.com/agent-inject: "true"\n' },
    },
    fix: 'unsafe',
  },
  (obj, ctx) => {
    const va = injectedAnnotations(obj);
    if (!va) return;
    const v = va.entries.find(([k]) => k === 'agent-set-security-context')?.[1];
    if (v && /^(false|0|f)$/i.test((v.str ?? '').trim())) {
      ctx.report({
        loc: v.pairLoc, message: `${who(obj)}: ${PREFIX}agent-set-security-context is "false", so the injected Vault agent runs without the injector's hardened security context (non-root, no privilege escalation, capabilities dropped, read-only root filesystem); remove the annotation.`,
        fixes: fix.unsafe(`Set ${PREFIX}agent-set-security-context to "true"`, fix.setScalar(ctx.text, v, 'true')),
      });
    }
  },
  { applies: runsPod },
);
