import { defineRule } from '../../rule';
import { inGroup, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'GK002', name: 'gatekeeper-enforcement-not-deny', title: 'Gatekeeper constraint only audits or warns', severity: 'info', language: 'gatekeeper',
    docs: {
      description: 'A Gatekeeper constraint sets `enforcementAction: dryrun` or `warn`.',
      rationale: 'dryrun only records violations in the audit status and warn only prints a warning to the client: neither blocks a non-compliant resource. That is right while rolling a policy out, but easy to forget.',
      remediation: 'Switch to `enforcementAction: deny` once the audit results are clean.',
      example: { bad: 'spec:\n  enforcementAction: dryrun\n', good: 'spec:\n  enforcementAction: deny\n' },
    },
  },
  (obj, ctx) => {
    if (!inGroup(obj, 'constraints.gatekeeper.sh')) return;
    const a = obj.view.at('spec', 'enforcementAction');
    if (a.str === 'dryrun' || a.str === 'warn') ctx.report({ loc: a.loc, message: `${who(obj)}: enforcementAction is ${a.str}, so violations are ${a.str === 'dryrun' ? 'only audited' : 'only warned about'} and not blocked; switch to deny once the audit is clean.` });
  },
  { applies: (obj) => inGroup(obj, 'constraints.gatekeeper.sh') },
);
