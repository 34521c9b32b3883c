import { ruleMeta } from '../../rule';
import { spireRule } from './spire-rule';
import { truthy, setLiteral } from './spire-config';
import * as fix from '../../fix';

export default spireRule(
  ruleMeta({
    id: 'SPF004', name: 'spire-skip-kubelet-verification', title: 'SPIRE agent skips kubelet certificate verification', severity: 'error', language: 'spiffe',
    docs: {
      description: 'The SPIRE agent `k8s` WorkloadAttestor sets `skip_kubelet_verification = true` (in HCL, in its JSON form, or in YAML, where the block is a key such as `WorkloadAttestor "k8s":`).',
      rationale: 'The agent asks the kubelet which pod a process belongs to; without verifying the kubelet certificate, anything that can answer on the kubelet port can claim any pod and obtain its SVID.',
      remediation: 'Remove `skip_kubelet_verification` and give the agent the kubelet CA (`kubelet_ca_path`), or use the node name and the secure port with a trusted certificate. The quick fix sets the value to `false` (only that value changes, inside the HCL or YAML text); it is unsafe: the agent then verifies the kubelet\'s serving certificate, and until it can (a kubelet certificate signed by a CA the agent is given), workload attestation fails and pods get no SVID.',
      example: {
        bad: 'WorkloadAttestor "k8s" {\n  plugin_data {\n    skip_kubelet_verification = true\n  }\n}\n',
        good: 'WorkloadAttestor "k8s" {\n  plugin_data {\n    kubelet_ca_path = "/run/secrets/kubernetes.io/serviceaccount/ca.crt"\n  }\n}\n',
        language: 'hcl',
      },
    },
    fix: 'unsafe',
  }),
  (cfg, report, ctx) => {
    for (const s of cfg.settings) {
      if (s.path.includes('WorkloadAttestor') && s.path[s.path.length - 1] === 'skip_kubelet_verification' && truthy(s.value)) {
        report(s, 'skip_kubelet_verification is true, so the agent trusts any kubelet answer when attesting pods; remove it and set kubelet_ca_path.', false,
          fix.unsafe('Set skip_kubelet_verification to false', setLiteral(ctx.text, s, 'false')));
      }
    }
  },
);
