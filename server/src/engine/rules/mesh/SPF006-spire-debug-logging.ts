import { ruleMeta } from '../../rule';
import { spireRule } from './spire-rule';
import { pathIs, setLiteral } from './spire-config';
import * as fix from '../../fix';

export default spireRule(
  ruleMeta({
    id: 'SPF006', name: 'spire-debug-logging', title: 'SPIRE server or agent logs at DEBUG level', severity: 'info', language: 'spiffe',
    docs: {
      description: 'The SPIRE server or agent sets `log_level = "DEBUG"`.',
      rationale: 'Debug logs record registration entries, selectors and attestation details that help an attacker map identities, and their volume hides real events. They belong in development, not production.',
      remediation: 'Use `log_level = "INFO"` (or WARN) in production configurations. The quick fix writes INFO, SPIRE\'s default (in the case the file uses; only that value changes); it is unsafe: the logs then lose the detail someone may be relying on to debug attestation.',
      example: { bad: 'server {\n  log_level = "DEBUG"\n}\n', good: 'server {\n  log_level = "INFO"\n}\n', language: 'hcl' },
    },
    fix: 'unsafe',
  }),
  (cfg, report, ctx) => {
    for (const s of cfg.settings) {
      if ((pathIs(s, 'server', 'log_level') || pathIs(s, 'agent', 'log_level')) && typeof s.value === 'string' && s.value.toUpperCase() === 'DEBUG') {
        const info = s.value === 'debug' ? 'info' : 'INFO';
        report(s, `${s.path[0]} log_level is DEBUG, which logs identity and attestation details; use INFO in production.`, true,
          fix.unsafe(`Set log_level to ${info}`, setLiteral(ctx.text, s, info)));
      }
    }
  },
);
