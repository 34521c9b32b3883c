import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { vaultAnnotations, family, PREFIX } from './vault';

const DEPENDENT = new Set(['agent-inject-template-', 'agent-inject-template-file-', 'agent-inject-file-', 'agent-inject-perms-', 'agent-inject-command-']);

export default defineRule('object',
  {
    id: 'VLT005', name: 'vault-template-without-secret', title: 'Vault secret template without a matching agent-inject-secret', severity: 'warning', language: 'vault',
    docs: {
      description: 'A pod template has `agent-inject-template-<name>` (or `-template-file-`, `-file-`, `-perms-`, `-command-`) without `agent-inject-secret-<name>`.',
      rationale: 'The injector keys everything on `agent-inject-secret-<name>`; without it the template, file name or permissions are silently ignored, so a secret the application expects is missing or is written with default (wider) permissions.',
      remediation: 'Add `vault.hashicorp.com/agent-inject-secret-<name>: <vault path>` with the same `<name>`, or fix the spelling of the name.',
      example: {
        bad: 'vault.hashicorp.com/agent-inject-template-db: |\n  {{ with secret "database/creds/shop" }}{{ .Data.password }}{{ end }}\n',
        good: 'vault.hashicorp.com/agent-inject-secret-db: "database/creds/shop"\nvault.hashicorp.com/agent-inject-template-db: |\n  {{ with secret "database/creds/shop" }}{{ .Data.password }}{{ end }}\n',
      },
    },
  },
  (obj, ctx) => {
    const va = vaultAnnotations(obj);
    if (!va) return;
    const secrets = new Set(va.entries.map(([k]) => family(k)).filter((f) => f?.prefix === 'agent-inject-secret-').map((f) => f!.suffix));
    for (const [k, v] of va.entries) {
      const f = family(k);
      if (!f || !DEPENDENT.has(f.prefix) || secrets.has(f.suffix)) continue;
      ctx.report({ loc: v.keyLoc ?? v.loc, message: `${who(obj)}: ${PREFIX}${k} has no matching ${PREFIX}agent-inject-secret-${f.suffix}, so the injector ignores it; add that annotation with the Vault path, or fix the name.` });
    }
  },
  { applies: runsPod },
);
