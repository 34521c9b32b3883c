import { ruleMeta } from '../../rule';
import { falcoRule, label } from './falco-rule';
import { PRIORITIES } from './falco';

export default falcoRule(
  ruleMeta({
    id: 'FAL002', name: 'falco-invalid-priority', title: 'Falco rule with an invalid priority', severity: 'error', language: 'falco',
    docs: {
      description: 'A Falco rule `priority` is not one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL (INFO), DEBUG (case-insensitive).',
      rationale: 'Falco rejects the rules file, and alert routing (Falcosidekick, priority thresholds) depends on the priority: a detection that never loads never fires.',
      remediation: 'Use one of the valid priorities, e.g. `priority: WARNING`.',
      example: { bad: 'priority: HIGH\n', good: 'priority: CRITICAL\n' },
    },
  }),
  (items, ctx) => {
    for (const i of items) {
      if (i.kind !== 'rule') continue;
      const p = i.view.get('priority');
      if (p.isNull) continue;
      const s = p.str;
      if (s === undefined || !PRIORITIES.includes(s.toLowerCase())) ctx.report({ loc: p.loc, message: `${label(i)}: priority '${s ?? '?'}' is not valid; use one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG.` });
    }
  },
);
