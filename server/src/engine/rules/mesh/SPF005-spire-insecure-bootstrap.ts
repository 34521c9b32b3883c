import { ruleMeta } from '../../rule';
import { spireRule } from './spire-rule';
import { truthy, pathIs } from './spire-config';

export default spireRule(
  ruleMeta({
    id: 'SPF005', name: 'spire-insecure-bootstrap', title: 'SPIRE agent bootstraps without verifying the server', severity: 'error', language: 'spiffe',
    docs: {
      description: 'The SPIRE agent configuration sets `insecure_bootstrap = true`.',
      rationale: 'With insecure bootstrap the agent does not verify the SPIRE server on first contact, so an attacker on the network can pose as the server, hand out its own trust bundle and issue identities to the node.',
      remediation: 'Remove `insecure_bootstrap` and provide `trust_bundle_path` (or `trust_bundle_url` with a pinned format) so the agent verifies the server.',
      example: { bad: 'agent {\n  insecure_bootstrap = true\n}\n', good: 'agent {\n  trust_bundle_path = "/run/spire/bundle/bundle.crt"\n}\n', language: 'hcl' },
    },
  }),
  (cfg, report) => {
    for (const s of cfg.settings) if (pathIs(s, 'agent', 'insecure_bootstrap') && truthy(s.value)) report(s, 'insecure_bootstrap is true, so the agent trusts whichever server answers first; remove it and set trust_bundle_path.');
  },
);
