import { ruleMeta } from '../../rule';
import { falcoRule, label } from './falco-rule';
import { DEFAULT_RULES } from './falco';

export default falcoRule(
  ruleMeta({
    id: 'FAL005', name: 'falco-default-rule-disabled', title: 'Default Falco security rule disabled', severity: 'info', language: 'falco',
    docs: {
      description: 'A rules file sets `enabled: false` on a rule of the default Falco ruleset (a rule falco_rules.yaml of falcosecurity/rules enables, for example "Terminal shell in container"). A full definition of the rule (with its own condition, as the upstream incubating and sandbox files write theirs) is not a change to the default rule and is not reported.',
      rationale: 'Disabling a default rule removes a detection for every workload. Usually the noise comes from a few known processes or images, which an exception handles without losing the detection.',
      remediation: 'Keep the rule enabled and add an `exceptions:` entry (or append to the `user_known_*` macro) for the known-good case.',
      example: { bad: '- rule: Terminal shell in container\n  enabled: false\n', good: '- rule: Terminal shell in container\n  exceptions:\n  - name: debug_images\n    fields: [container.image.repository]\n    values: [[registry.example.com/debug]]\n  override:\n    exceptions: append\n' },
    },
  }),
  (items, ctx) => {
    for (const i of items) {
      if (i.kind !== 'rule' || !DEFAULT_RULES.has(i.name)) continue;
      // a full definition (with its condition) is the rule itself, as upstream's own files write it, not a change to the default one
      if (i.view.get('condition').exists && !i.view.get('override').isMap && i.view.get('append').bool !== true) continue;
      const en = i.view.get('enabled');
      if (en.bool === false) ctx.report({ loc: en.pairLoc, message: `${label(i)} is a default security rule and 'enabled: false' removes its detection everywhere; keep it enabled and add an exception for the known-good case.` });
    }
  },
);
