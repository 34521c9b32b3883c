import { ruleMeta } from '../../rule';
import { spireRule } from './spire-rule';
import { truthy, pathIs, setLiteral } from './spire-config';
import * as fix from '../../fix';

export default spireRule(
  ruleMeta({
    id: 'SPF005', name: 'spire-insecure-bootstrap', title: 'SPIRE agent bootstraps without verifying the server', severity: 'error', language: 'spiffe',
    docs: {
      description: 'The SPIRE agent configuration sets `insecure_bootstrap = true`.',
      rationale: 'With insecure bootstrap the agent does not verify the SPIRE server on first contact, so an attacker on the network can pose as the server, hand out its own trust bundle and issue identities to the node.',
      remediation: 'Remove `insecure_bootstrap` and provide `trust_bundle_path` (or `trust_bundle_url` with a pinned format) so the agent verifies the server. The quick fix sets the value to `false`, the default (only that value changes, inside the HCL or YAML text); it is unsafe: an agent given no trust bundle then cannot bootstrap and stops at start-up.',
      example: { bad: 'agent {\n  insecure_bootstrap = true\n}\n', good: 'agent {\n  trust_bundle_path = "/run/spire/bundle/bundle.crt"\n}\n', language: 'hcl' },
    },
    fix: 'unsafe',
  }),
  (cfg, report, ctx) => {
    for (const s of cfg.settings) {
      if (pathIs(s, 'agent', 'insecure_bootstrap') && truthy(s.value)) {
        report(s, 'insecure_bootstrap is true, so the agent trusts whichever server answers first; remove it and set trust_bundle_path.', false,
          fix.unsafe('Set insecure_bootstrap to false', setLiteral(ctx.text, s, 'false')));
      }
    }
  },
);
