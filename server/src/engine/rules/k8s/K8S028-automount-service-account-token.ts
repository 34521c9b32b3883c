import { defineRule } from '../../rule';
import { who, podSpecKeyLoc } from '../shared/pod';
import * as fix from '../../fix';
import { TextScopedCache } from '../../text';

/**
 * ServiceAccounts of the same file that set `automountServiceAccountToken: false` (namespace/name).
 * Rules see one object at a time, so the file's other documents are read here from the text: a
 * document whose top-level `kind` is ServiceAccount and whose top-level
 * `automountServiceAccountToken` is false. A pod of such a ServiceAccount gets no token unless it
 * asks for one, so K8S028 does not speak for it.
 */
const saCache = new TextScopedCache<object, Set<string>>();
const KEY = {};
export function serviceAccountsWithoutAutomount(text: string): Set<string> {
  return saCache.get(text, KEY, 0, () => {
    const out = new Set<string>();
    if (!text.includes('ServiceAccount')) return out;
    for (const doc of text.split(/^---[^\n]*$/m)) {
      if (!/^kind:\s*["']?ServiceAccount["']?\s*(#.*)?$/m.test(doc)) continue;
      if (!/^automountServiceAccountToken:\s*false\s*(#.*)?$/m.test(doc)) continue;
      const meta = /^metadata:\s*\n((?:[ \t]+.*\n?|\s*\n)*)/m.exec(doc);
      if (!meta) continue;
      const name = /^[ \t]+name:\s*["']?([^\s"'#]+)/m.exec(meta[1]);
      const ns = /^[ \t]+namespace:\s*["']?([^\s"'#]+)/m.exec(meta[1]);
      if (name) out.add(`${ns ? ns[1] : 'default'}/${name[1]}`);
    }
    return out;
  });
}

/** The Vault Agent injector authenticates with the pod's service account token: the pod must mount it. */
export function vaultInjected(meta: import('../../yaml/nodes').YView): boolean {
  return meta.get('annotations').get('vault.hashicorp.com/agent-inject').str === 'true';
}

export default defineRule('pod',
  {
    id: 'K8S028', name: 'automount-service-account-token', title: 'Pods should not automount a service account token they do not need',
    severity: 'warning', fix: 'unsafe',
    peers: ['polaris:automountServiceAccountToken', 'checkov:CKV_K8S_38', 'trivy:KSV-0036', 'kubesec:AutomountServiceAccountToken'],
    cis: ['5.1.6'],
    docs: {
      description: 'The pod spec does not set `automountServiceAccountToken: false`, so Kubernetes mounts an API token for the pod\'s service account into every container. The pod\'s own setting is required because it is the one that travels with the workload: a ServiceAccount\'s `automountServiceAccountToken: false` can be changed independently, and the pod setting overrides it. Not reported: pods whose ServiceAccount, in the same file, sets `automountServiceAccountToken: false` (no token is mounted), and pods the Vault Agent injector serves (`vault.hashicorp.com/agent-inject: "true"`), whose agent logs in to Vault with that token.',
      rationale: 'Any process in the container (including an attacker after a remote code execution) can use the token to call the Kubernetes API with the service account\'s permissions: list secrets, create pods, or probe the cluster. Most application pods never call the API.',
      remediation: 'Set `automountServiceAccountToken: false` in the pod spec. Workloads that do call the API should use a dedicated ServiceAccount with minimal RBAC, and may mount a projected token with a short expiry and a specific audience instead.',
      example: {
        bad: 'spec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
        good: 'spec:\n  automountServiceAccountToken: false\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n',
      },
    },
  },
  (pod, ctx) => {
    const v = pod.spec.get('automountServiceAccountToken');
    if (v.bool === false) return;
    const sa = pod.spec.get('serviceAccountName').str || pod.spec.get('serviceAccount').str || 'default';
    if (vaultInjected(pod.meta)) return;
    if (!v.isNull) {
      ctx.report({ loc: v.pairLoc, message: `${who(pod)}: automountServiceAccountToken is ${v.str}, so every container gets an API token of service account '${sa}'; set it to false unless the pod calls the Kubernetes API.`, fixes: fix.unsafe('Set automountServiceAccountToken: false', fix.setScalar(ctx.text, v, false)) });
    } else {
      if (serviceAccountsWithoutAutomount(ctx.text).has(`${pod.obj.namespace || 'default'}/${sa}`)) return;
      ctx.report({ loc: podSpecKeyLoc(pod), message: `${who(pod)}: automountServiceAccountToken is not set in the pod spec, so every container gets an API token of service account '${sa}'; set automountServiceAccountToken: false unless the pod calls the Kubernetes API.`, fixes: fix.unsafe('Set automountServiceAccountToken: false', fix.setPath(ctx.text, pod.spec, ['automountServiceAccountToken'], false)) });
    }
  },
);
