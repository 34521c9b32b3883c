import { ruleMeta } from '../../rule';
import { falcoRule, label } from './falco-rule';
import { isPartial } from './falco';

const REQUIRED: Record<string, string[]> = { rule: ['desc', 'condition', 'output', 'priority'], macro: ['condition'], list: ['items'] };

export default falcoRule(
  ruleMeta({
    id: 'FAL001', name: 'falco-missing-required-keys', title: 'Falco rule, macro or list misses a required key', severity: 'error', language: 'falco',
    docs: {
      description: 'A Falco rule lacks one of `desc`, `condition`, `output`, `priority`; a macro lacks `condition`; a list lacks `items` (items that `append` or `override` an existing definition are exempt).',
      rationale: 'Falco refuses to load a rules file with an incomplete rule, so the whole file (and every detection in it) is missing at runtime, often noticed only when an incident is not detected.',
      remediation: 'Add the missing keys. Use `override:` (or `append: true`) when you mean to change a rule defined in another file.',
      example: {
        bad: '- rule: Shell in container\n  condition: spawned_process and container and proc.name = bash\n',
        good: '- rule: Shell in container\n  desc: A shell was started in a container.\n  condition: spawned_process and container and proc.name = bash\n  output: Shell in container (user=%user.name container=%container.id)\n  priority: WARNING\n',
      },
    },
  }),
  (items, ctx) => {
    for (const i of items) {
      if (isPartial(i)) continue;
      const keys = i.view.entries().map(([k]) => k);
      // `- rule: X` with only `enabled` (or tags) toggles a rule defined elsewhere
      if (i.kind === 'rule' && keys.every((k) => ['rule', 'enabled', 'tags'].includes(k)) && keys.includes('enabled')) continue;
      const missing = REQUIRED[i.kind].filter((k) => i.view.get(k).isNull);
      if (missing.length) ctx.report({ loc: i.nameView.keyLoc ?? i.nameView.loc, message: `${label(i)} is missing ${missing.map((k) => `'${k}'`).join(', ')}; Falco will refuse to load the file. Add ${missing.length > 1 ? 'them' : 'it'}, or use 'override:' to change a rule defined elsewhere.` });
    }
  },
);
