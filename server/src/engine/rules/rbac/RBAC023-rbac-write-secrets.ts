import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, WRITE_VERBS, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC023', name: 'rbac-write-secrets', title: 'Roles should not create or change Secrets',
    severity: 'warning',
    peers: [],
    cis: [],
    docs: {
      description: 'A Role or ClusterRole grants a write verb (`create`, `update`, `patch`, `delete`, `deletecollection` or `*`) on `secrets` in the core API group. `create` is reported even with `resourceNames` (Kubernetes cannot restrict create by name); the other verbs only when the rule covers every Secret (no `resourceNames`). RBAC002 reports read access.',
      rationale: 'Creating a Secret of type `kubernetes.io/service-account-token` that names another service account makes the token controller fill it with that account\'s token: a subject that may create Secrets obtains the identity (and permissions) of any service account of the namespace. Updating or patching Secrets swaps TLS keys and credentials that workloads trust; deleting them breaks the workloads.',
      remediation: 'Remove the write verbs, or limit `update`/`patch` to the Secrets the subject owns with `resourceNames`. Let a dedicated controller (External Secrets, cert-manager) own Secret writes.',
      example: {
        bad: 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["create", "update", "patch"]\n',
        good: 'rules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["my-app-tls"]\n    verbs: ["update", "patch"]\n',
      },
    },
  },
  (obj, ctx) => {
    for (const r of policyRules(obj) ?? []) {
      const g = r.resourceNames.length ? grants(r, [''], ['secrets'], ['create']) : grants(r, [''], ['secrets'], WRITE_VERBS);
      if (!g) continue;
      const scope = obj.kind === 'ClusterRole' ? 'in every namespace it is bound for' : `in namespace '${obj.namespace || 'default'}'`;
      const create = g.verb.value === 'create' || g.verb.value === '*';
      ctx.report({
        loc: g.resource.view.loc,
        message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject ${create ? `create Secrets ${scope}, including service account token Secrets that hand it the token of any service account there` : `change or delete every Secret ${scope}`}. Remove it${create ? '' : ', or limit it to its own Secrets with resourceNames'}.`,
      });
    }
  },
  { applies: isRole },
);
