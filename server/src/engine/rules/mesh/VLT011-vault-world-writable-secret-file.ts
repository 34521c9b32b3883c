import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { PREFIX, injectedAnnotations } from './vault';
import * as fix from '../../fix';

export default defineRule('object',
  {
    id: 'VLT011', name: 'vault-world-writable-secret-file', title: 'Vault-rendered secret file writable by every user', severity: 'warning', language: 'vault',
    docs: {
      description: 'A pod template with `vault.hashicorp.com/agent-inject: "true"` sets `vault.hashicorp.com/agent-inject-perms-<name>` to a mode that lets other users write the file (for example `0777` or `0666`).',
      rationale: 'Any process in the pod, under any user, can then replace the rendered credentials or configuration that the application trusts (a database URL pointing elsewhere, a certificate of the attacker\'s choosing).',
      remediation: 'Use a mode without write permission for others, usually `0400` or `0440` (with a shared group). The quick fix clears only the write bit for others (`0777` becomes `0775`), keeping the rest of the mode as written; it is unsafe: a process of another user that wrote to the file can no longer do so.',
      example: { bad: 'vault.hashicorp.com/agent-inject-perms-db: "0777"\n', good: 'vault.hashicorp.com/agent-inject-perms-db: "0440"\n' },
    },
    fix: 'unsafe',
  },
  (obj, ctx) => {
    const va = injectedAnnotations(obj);
    if (!va) return;
    for (const [k, v] of va.entries) {
      if (!k.startsWith('agent-inject-perms-')) continue;
      const mode = (v.str ?? '').trim();
      if (!/^0?[0-7]{3,4}$/.test(mode)) continue;
      if ((parseInt(mode, 8) & 0o002) === 0) continue;
      const fixed = (parseInt(mode, 8) & ~0o002).toString(8).padStart(mode.length, '0');
      ctx.report({
        loc: v.loc, message: `${who(obj)}: ${PREFIX}${k} is "${mode}", so every user in the pod can overwrite the secret file '${k.slice('agent-inject-perms-'.length)}'; use 0400 or 0440.`,
        fixes: fix.unsafe(`Set ${PREFIX}${k} to "${fixed}" (no write for others)`, fix.setScalar(ctx.text, v, fixed)),
      });
    }
  },
  { applies: runsPod },
);
