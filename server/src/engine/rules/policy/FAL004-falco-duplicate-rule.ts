import { ruleMeta } from '../../rule';
import { falcoRule, label } from './falco-rule';
import { isPartial } from './falco';
import { lineRef } from '../../text';

export default falcoRule(
  ruleMeta({
    id: 'FAL004', name: 'falco-duplicate-rule', title: 'Falco rule defined twice in one file', severity: 'warning', language: 'falco',
    docs: {
      description: 'Two full definitions of a Falco rule with the same name appear in one rules file (neither uses `append` or `override`).',
      rationale: 'The later definition silently replaces the earlier one: the condition a reviewer reads first is not the one that runs, and an exception added to one copy is lost.',
      remediation: 'Keep one definition; use `override:` or `append: true` to change a rule on purpose.',
      example: { bad: '- rule: Shell in container\n  ...\n- rule: Shell in container\n  ...\n', good: '- rule: Shell in container\n  ...\n- rule: Shell in container\n  override:\n    condition: append\n  condition: and not proc.pname = sshd\n' },
    },
  }),
  (items, ctx) => {
    const first = new Map<string, number>();
    for (const i of items) {
      if (i.kind !== 'rule' || !i.name || isPartial(i)) continue;
      if (i.view.entries().every(([k]) => ['rule', 'enabled', 'tags'].includes(k))) continue;
      const prev = first.get(i.name);
      if (prev !== undefined) ctx.report({ loc: i.nameView.loc, message: `${label(i)} is already defined on line ${lineRef(prev)}; this definition replaces it. Remove one, or use 'override:' to change the rule on purpose.` });
      else first.set(i.name, i.nameView.loc[0]);
    }
  },
);
