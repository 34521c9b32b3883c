import { ruleMeta } from '../../rule';
import { spireRule } from './spire-rule';

export default spireRule(
  ruleMeta({
    id: 'SPF008', name: 'spire-join-token-attestation', title: 'SPIRE uses join-token node attestation', severity: 'warning', language: 'spiffe',
    docs: {
      description: 'The SPIRE server or agent configures the `join_token` NodeAttestor.',
      rationale: 'A join token is a bearer secret: whoever holds it can attest as a node, and nothing ties it to the machine. On Kubernetes the platform attestors (`k8s_psat`, cloud instance identity) prove which node the agent runs on.',
      remediation: 'Use `k8s_psat` (or `aws_iid`, `gcp_iit`, `azure_msi`, `x509pop`, `tpm`) for node attestation in production.',
      example: { bad: 'NodeAttestor "join_token" {\n  plugin_data {}\n}\n', good: 'NodeAttestor "k8s_psat" {\n  plugin_data {\n    clusters = { "prod" = { service_account_allow_list = ["spire:spire-agent"] } }\n  }\n}\n', language: 'hcl' },
    },
  }),
  (cfg, report) => {
    for (const s of cfg.settings) {
      const i = s.path.indexOf('NodeAttestor');
      if (i >= 0 && s.path.length === i + 2 && s.path[i + 1] === 'join_token') report(s, 'the join_token NodeAttestor lets anyone holding the token attest as a node; use k8s_psat or a platform attestor in production.');
    }
  },
);
