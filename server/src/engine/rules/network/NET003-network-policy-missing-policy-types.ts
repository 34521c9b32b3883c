import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { isNetworkPolicy } from './util';

export default defineRule('object',
  {
    id: 'NET003', name: 'network-policy-missing-policy-types', title: 'NetworkPolicies should state their policyTypes',
    severity: 'info',
    peers: [],
    cis: [],
    docs: {
      description: 'A NetworkPolicy has no `spec.policyTypes`. Kubernetes then infers them: `Ingress` always, `Egress` only when the policy has a non-empty `egress` list.',
      rationale: 'The inference hides intent and breaks the most common pattern: a policy meant to deny all egress (`egress: []` or no egress rules) does not restrict egress at all without `policyTypes: [Egress]`. Explicit types make a default-deny policy do what it says.',
      remediation: 'Add `policyTypes` listing the directions the policy restricts, e.g. `policyTypes: [Ingress, Egress]`.',
      example: {
        bad: 'spec:\n  podSelector: {}\n  egress: []\n',
        good: 'spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isNetworkPolicy(obj)) return;
    const spec = obj.view.get('spec');
    const pt = spec.get('policyTypes');
    if (pt.isSeq && pt.items().length) return;
    const egress = spec.get('egress');
    const egressInferred = egress.isSeq && egress.items().length > 0;
    const note = egress.exists && !egressInferred
      ? ` Its empty 'egress' does not deny egress: without policyTypes the policy does not apply to egress at all.`
      : egressInferred ? '' : ' Egress is not restricted by this policy.';
    ctx.report({ loc: pt.exists ? pt.pairLoc : spec.keyLoc ?? obj.headLoc, message: `${describeObject(obj)}: spec.policyTypes is not set, so Kubernetes infers [Ingress${egressInferred ? ', Egress' : ''}].${note} Set policyTypes explicitly (e.g. [Ingress, Egress]).` });
  },
  { applies: (obj) => isNetworkPolicy(obj) },
);
