import { defineRule } from '../../rule';
import { policyRules, describeRule, isRole, type PolicyRule } from './util';

export default defineRule('object',
  {
    id: 'RBAC001', name: 'rbac-wildcard', title: 'Roles must not use wildcards in apiGroups, resources or verbs',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', 'trivy:KSV-0044', 'trivy:KSV-0045', 'trivy:KSV-0046', 'trivy:KSV-0112'],
    cis: ['5.1.3'],
    docs: {
      description: 'A rule of a Role or ClusterRole lists `"*"` in `apiGroups`, `resources` or `verbs` (or `nonResourceURLs`). Each wildcard is reported where it is written, and names only the peer checks that report it: Checkov CKV_K8S_49 a `"*"` in `apiGroups`, `resources` or `verbs`; kube-linter wildcard-in-rules one in `resources` or `verbs`; Trivy KSV-0044 `"*"` in all three of one rule, KSV-0045 a `"*"` verb on a named sensitive resource (secrets, pods, workloads, RBAC objects, users, groups), KSV-0046 (ClusterRole) and KSV-0112 (Role) a `"*"` resource with a verb such as get, list, create, update or delete. No peer checks `nonResourceURLs`.',
      rationale: 'A wildcard grants everything that exists today and everything added later: new resource types, subresources such as `pods/exec`, verbs such as `escalate`, `bind` and `impersonate`. Wildcard roles are the usual path from a compromised workload to cluster admin. Kubernetes\' own bootstrap roles (`cluster-admin`, `admin`, `edit`, `view`, `system:*`) are not reported: the API server reconciles them.',
      remediation: 'List the API groups, resources and verbs the subject needs. `kubectl auth can-i --list --as=<subject>` and the audit log show what is actually used.',
      example: {
        bad: 'rules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
        good: 'rules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    for (const r of rules) {
      // most rules have no "*": their peers are not worked out
      if (!hasStar(r)) continue;
      const peers = wildcardPeers(obj.kind, r);
      for (const [field, items] of [['apiGroups', r.apiGroups], ['resources', r.resources], ['verbs', r.verbs], ['nonResourceURLs', r.nonResourceURLs]] as const) {
        for (const it of items) {
          if (it.value !== '*') continue;
          const what = field === 'verbs' ? 'every verb (including escalate, bind and impersonate)'
            : field === 'resources' ? (r.apiGroups.some((g) => g.value === '' || g.value === '*') ? 'every resource and subresource (including secrets and pods/exec)' : `every resource and subresource of API group(s) ${r.apiGroups.map((g) => `'${g.value}'`).join(', ') || '(none listed)'}, including ones added later`)
            : field === 'apiGroups' ? 'every API group, including ones installed later'
            : 'every non-resource URL';
          ctx.report({ loc: it.view.loc, peers: peers[field], message: `${describeRule(obj, r)}: "*" in ${field} grants ${what}. List only the ${field} the subject needs.` });
        }
      }
    }
  },
  { applies: isRole },
);

function hasStar(r: PolicyRule): boolean {
  const star = (items: { value: string }[]) => items.some((x) => x.value === '*');
  return star(r.apiGroups) || star(r.resources) || star(r.verbs) || star(r.nonResourceURLs);
}

/** Trivy KSV-0045's resources: a "*" verb on one of these (by exact name) is what it reports. */
const KSV0045_RESOURCES = ['secrets', 'pods', 'deployments', 'daemonsets', 'statefulsets', 'replicationcontrollers', 'replicasets', 'cronjobs', 'jobs', 'roles', 'clusterroles', 'rolebindings', 'clusterrolebindings', 'users', 'groups'];
/** Trivy KSV-0046/KSV-0112's verbs: one of these on "*" resources is what they report. */
const KSV0046_VERBS = ['create', 'update', 'delete', 'deletecollection', 'impersonate', '*', 'list', 'get'];

/**
 * The peer checks a "*" of each field of one policy rule stands for, each with its own condition
 * (trivy-checks, kube-linter and checkov sources, as in the shared crosswalk):
 * - checkov CKV_K8S_49: "*" in apiGroups, resources or verbs (not nonResourceURLs);
 * - kube-linter wildcard-in-rules: "*" in resources or verbs only;
 * - trivy KSV-0044: "*" in apiGroups, resources and verbs of one rule (named on each of the three);
 * - trivy KSV-0045: a "*" verb on one of KSV0045_RESOURCES (a "*" resource alone is not one);
 * - trivy KSV-0046 (ClusterRole) / KSV-0112 (Role): a "*" resource with one of KSV0046_VERBS.
 * No peer checks "*" in nonResourceURLs.
 */
function wildcardPeers(kind: string, r: PolicyRule): Record<'apiGroups' | 'resources' | 'verbs' | 'nonResourceURLs', string[]> {
  const star = (items: { value: string }[]) => items.some((x) => x.value === '*');
  const all3 = star(r.apiGroups) && star(r.resources) && star(r.verbs) ? ['trivy:KSV-0044'] : [];
  const ksv45 = r.resources.some((x) => KSV0045_RESOURCES.includes(x.value)) ? ['trivy:KSV-0045'] : [];
  const ksv46 = r.verbs.some((v) => KSV0046_VERBS.includes(v.value)) ? [kind === 'ClusterRole' ? 'trivy:KSV-0046' : 'trivy:KSV-0112'] : [];
  return {
    apiGroups: ['checkov:CKV_K8S_49', ...all3],
    resources: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', ...all3, ...ksv46],
    verbs: ['checkov:CKV_K8S_49', 'kube-linter:wildcard-in-rules', ...all3, ...ksv45],
    nonResourceURLs: [],
  };
}
