import { defineRule } from '../../rule';
import { runsPod } from '../../k8s/model';
import { who } from '../shared/objects';
import { vaultAnnotations, family, KNOWN, FAMILIES, PREFIX } from './vault';
import { levenshtein } from '../shared/text';

export function suggest(name: string): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const k of KNOWN) { const d = levenshtein(name, k); if (d < bestD) { bestD = d; best = k; } }
  // a family member with a misspelt prefix: compare the prefix part
  for (const p of FAMILIES) {
    for (let delta = -2; delta <= 2; delta++) {
      const cut = p.length + delta;
      if (cut <= 0 || cut >= name.length) continue;
      const head = name.slice(0, cut);
      const d = levenshtein(head, p) + (head.endsWith('-') ? 0 : 0.5);
      if (d < bestD) { bestD = d; best = p + name.slice(cut); }
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 6)) ? best : undefined;
}

export default defineRule('object',
  {
    id: 'VLT006', name: 'vault-unknown-annotation', title: 'Unknown Vault agent injector annotation', severity: 'warning', language: 'vault',
    docs: {
      description: 'A pod template has a `vault.hashicorp.com/` annotation that the Vault agent injector does not know (usually a typo).',
      rationale: 'The injector silently ignores unknown annotations: a misspelt `tls-secret`, `role` or `agent-inject-secret-*` means the setting you reviewed is not in effect.',
      remediation: 'Use the suggested annotation name, or remove the annotation.',
      example: { bad: 'vault.hashicorp.com/agent-inject-secrets-db: "database/creds/shop"\n', good: 'vault.hashicorp.com/agent-inject-secret-db: "database/creds/shop"\n' },
    },
  },
  (obj, ctx) => {
    const va = vaultAnnotations(obj);
    if (!va) return;
    for (const [k, v] of va.entries) {
      if (KNOWN.includes(k) || family(k)) continue;
      const s = suggest(k);
      ctx.report({ loc: v.keyLoc ?? v.loc, message: `${who(obj)}: '${PREFIX}${k}' is not a Vault agent injector annotation and is ignored${s ? `; did you mean '${PREFIX}${s}'?` : '; check the name against the injector documentation.'}` });
    }
  },
  { applies: runsPod },
);
