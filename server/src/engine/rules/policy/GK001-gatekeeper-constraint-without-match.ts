import { defineRule } from '../../rule';
import { inGroup, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'GK001', name: 'gatekeeper-constraint-without-match', title: 'Gatekeeper constraint without match', severity: 'warning', language: 'gatekeeper',
    docs: {
      description: 'A Gatekeeper constraint (`constraints.gatekeeper.sh`) has no `spec.match`.',
      rationale: 'Without `match` the constraint is evaluated against every kind in every namespace, including `kube-system` and Gatekeeper\'s own namespace. Teams then exempt namespaces in a hurry and the policy ends up weaker, or it blocks system components and gets disabled.',
      remediation: 'Add `spec.match.kinds` (API groups and kinds the policy is about) and, where needed, `excludedNamespaces` or a `namespaceSelector`.',
      example: {
        bad: 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sPSPPrivilegedContainer\nmetadata:\n  name: no-privileged\n',
        good: 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sPSPPrivilegedContainer\nmetadata:\n  name: no-privileged\nspec:\n  match:\n    kinds:\n    - apiGroups: [""]\n      kinds: ["Pod"]\n',
      },
    },
  },
  (obj, ctx) => {
    if (!inGroup(obj, 'constraints.gatekeeper.sh')) return;
    const m = obj.view.at('spec', 'match');
    if (m.isNull || (m.isMap && m.entries().length === 0)) ctx.report({ loc: m.exists ? m.pairLoc : obj.headLoc, message: `${who(obj)}: the constraint has no spec.match, so it applies to every kind in every namespace; add match.kinds (and excludedNamespaces or a namespaceSelector where needed).` });
  },
  { applies: (obj) => inGroup(obj, 'constraints.gatekeeper.sh') },
);
