import { familyMeta, objectRule, policyRules, describeRule, grants } from './util';

export default objectRule(
  familyMeta({
    id: 'RBAC003', name: 'rbac-pod-exec-attach', title: 'Roles should not allow exec or attach into pods',
    severity: 'warning',
    peers: ['polaris:clusterrolePodExecAttach', 'polaris:rolePodExecAttach', 'trivy:KSV-0053', 'trivy:KSV-0054', 'kubescape:C-0002'],
    cis: [],
    docs: {
      description: 'A Role or ClusterRole grants `create` or `get` (or `*`) on `pods/exec` or `pods/attach` (directly, through `*/exec`, `*/attach` or `*`) in the core API group. `get` on `pods/exec` or `pods/attach` by name counts: before Kubernetes 1.30, exec and attach over WebSockets were authorized as GET requests. Through a wildcard resource (`*`) only `create` counts, so a read-only `get` on everything is not reported here, and `patch` or `delete` never are.',
      rationale: 'Exec and attach run commands inside running containers, with their service account tokens, mounted Secrets and network position. It bypasses admission control on the pod spec and leaves only an audit event behind.',
      remediation: 'Remove `pods/exec` and `pods/attach` from roles that do not strictly need them; give humans time-bound access through a break-glass procedure, and debug with `kubectl debug` and ephemeral containers where policy allows.',
      example: {
        bad: 'rules:\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n',
        good: 'rules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list"]\n',
      },
    },
  }),
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    const polaris = obj.kind === 'ClusterRole' ? 'polaris:clusterrolePodExecAttach' : 'polaris:rolePodExecAttach';
    for (const r of rules) {
      let g = grants(r, [''], ['pods/exec', 'pods/attach'], ['create', 'get']);
      // through a wildcard resource only `create` counts: `get` on `*` is a read-only role on current
      // clusters (the WebSocket upgrade also needs create since Kubernetes 1.30), and patch or delete never exec
      if (g && g.resource.value === '*' && g.verb.value === 'get') g = grants(r, [''], ['pods/exec', 'pods/attach'], ['create']);
      if (!g) continue;
      const sub = g.resource.value.endsWith('/attach') ? ['attach'] : g.resource.value.endsWith('/exec') ? ['exec'] : ['exec', 'attach'];
      const peers = [polaris, 'kubescape:C-0002', ...(sub.includes('exec') ? ['trivy:KSV-0053'] : []), ...(sub.includes('attach') ? ['trivy:KSV-0054'] : [])];
      ctx.report({
        loc: g.resource.view.loc, peers,
        message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject ${sub.join(' and ')} into running containers and use their credentials. Remove ${sub.map((s) => `pods/${s}`).join(' and ')} from this role.`,
      });
    }
  },
);
