import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, isRole } from './util';

export default defineRule('object',
  {
    id: 'RBAC003', name: 'rbac-pod-exec-attach', title: 'Roles should not allow exec or attach into pods',
    severity: 'warning',
    peers: ['polaris:clusterrolePodExecAttach', 'polaris:rolePodExecAttach', 'trivy:KSV-0053', 'trivy:KSV-0054', 'kubescape:C-0002'],
    cis: [],
    docs: {
      description: 'A Role or ClusterRole grants `create` or `get` (or `*`) on `pods/exec` or `pods/attach` (directly, through `*/exec`, `*/attach` or `*`) in the core API group. `get` on `pods/exec` or `pods/attach` by name counts: before Kubernetes 1.30, exec and attach over WebSockets were authorized as GET requests. `get` through a wildcard resource (`*`) is reported as information only: it makes a read-only role exec-capable only on clusters before 1.30 (since 1.30 a WebSocket exec or attach also needs `create`). `patch` and `delete` never count.',
      rationale: 'Exec and attach run commands inside running containers, with their service account tokens, mounted Secrets and network position. It bypasses admission control on the pod spec and leaves only an audit event behind.',
      remediation: 'Remove `pods/exec` and `pods/attach` from roles that do not strictly need them; give humans time-bound access through a break-glass procedure, and debug with `kubectl debug` and ephemeral containers where policy allows.',
      example: {
        bad: 'rules:\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n',
        good: 'rules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list"]\n',
      },
    },
  },
  (obj, ctx) => {
    const rules = policyRules(obj);
    if (!rules) return;
    const polaris = obj.kind === 'ClusterRole' ? 'polaris:clusterrolePodExecAttach' : 'polaris:rolePodExecAttach';
    for (const r of rules) {
      let g = grants(r, [''], ['pods/exec', 'pods/attach'], ['create', 'get']);
      if (!g) continue;
      // `get` through a wildcard resource: a read-only role, exec-capable only on clusters before 1.30, where
      // a WebSocket exec or attach was authorized as get (since 1.30 it also needs create); patch and delete never exec
      const wildcardGet = g.resource.value === '*' && g.verb.value === 'get';
      if (wildcardGet) { const c = grants(r, [''], ['pods/exec', 'pods/attach'], ['create']); if (c) { g = c; } }
      const onlyOld = g.resource.value === '*' && g.verb.value === 'get';
      const sub = g.resource.value.endsWith('/attach') ? ['attach'] : g.resource.value.endsWith('/exec') ? ['exec'] : ['exec', 'attach'];
      const peers = [polaris, 'kubescape:C-0002', ...(sub.includes('exec') ? ['trivy:KSV-0053'] : []), ...(sub.includes('attach') ? ['trivy:KSV-0054'] : [])];
      if (onlyOld) {
        ctx.report({
          loc: g.resource.view.loc, peers, severity: 'info',
          message: `${describeRule(obj, r)}: 'get' on '*' covers pods/exec and pods/attach. Exec and attach need 'create' since Kubernetes 1.30, but on older clusters a WebSocket exec or attach needs only 'get', so there the subject can run commands in containers. List the resources this role reads instead of '*'.`,
        });
        continue;
      }
      ctx.report({
        loc: g.resource.view.loc, peers,
        message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject ${sub.join(' and ')} into running containers and use their credentials. Remove ${sub.map((s) => `pods/${s}`).join(' and ')} from this role.`,
      });
    }
  },
  { applies: isRole },
);
