/**
 * Rule profiles: which rules run when the settings do not name them.
 *
 * - `default`: the rules a security engineer acts on. Best-practice and hygiene checks whose
 *   finding says "consider" rather than "this is exploitable or forbidden" are left out, and
 *   findings that stack on one spot are shown merged (engine/present.ts).
 * - `strict`: every rule, each finding on its own: for audits, per-rule conformance with peer
 *   tools, and anyone who wants the whole catalogue.
 *
 * Per-rule settings (`palisade.rules`, `rules:` in `.palisade.yaml`) win over the profile either
 * way: `{"K8S038": "info"}` turns one of the strict-only rules on under the default profile.
 * The list is kept here, in one place, like Ruff's default selection or ESLint's `recommended`
 * configuration: what belongs in the default set is a product decision over the whole catalogue,
 * and the docs page of each rule says which profile it is in.
 */
export type Profile = 'default' | 'strict';

export const PROFILES: readonly Profile[] = ['default', 'strict'];

export function isProfile(v: unknown): v is Profile { return v === 'default' || v === 'strict'; }

/** Rules that only the strict profile runs (unless a rule setting turns them on), with why. */
export const STRICT_ONLY: ReadonlyMap<string, string> = new Map([
  // Kubernetes workloads: best practices, or restatements of controls other rules check precisely
  ['K8S025', 'an unset runAsUser is reported as a Pod Security finding (K8S015 runAsNonRoot); a high UID is a further hardening step'],
  ['K8S027', 'a high, explicit GID is a hardening step beyond the Pod Security Standards'],
  ['K8S029', 'the service account token is what matters, and K8S028 reports it'],
  ['K8S034', 'secrets in environment variables are common and not exploitable on their own'],
  ['K8S036', 'digest pinning is a supply-chain practice; K8S035 reports mutable :latest tags'],
  ['K8S037', 'imagePullPolicy is an operational choice'],
  ['K8S038', 'CPU requests are about scheduling, not security'],
  ['K8S039', 'CPU limits are about fairness, not security'],
  ['K8S040', 'memory requests are about scheduling; K8S041 reports the missing memory limit'],
  ['K8S042', 'hostAliases are rarely a risk'],
  ['K8S043', 'a shared process namespace is a design choice'],
  ['K8S044', 'the default namespace is an organisation practice'],
  ['K8S046', 'a privileged port inside a container is harmless without NET_BIND_SERVICE misuse'],
  ['K8S048', 'restates K8S017 (seccomp) and K8S018 (capabilities) at the restricted level'],
  ['K8S049', 'restates the pod-level Pod Security findings'],
  ['K8S050', 'restates the container-level Pod Security findings'],
  // RBAC, network, control plane: reviews rather than problems
  ['RBAC004', 'port-forwarding is a review item'],
  ['RBAC005', 'creating pods is what deployment tooling does; RBAC rules on escalation cover the risk'],
  ['RBAC019', 'changing ConfigMaps is a review item'],
  ['RBAC021', 'changing Services and Ingresses is a review item'],
  ['NET003', 'policyTypes default correctly from the rules present'],
  ['NET052', 'NET050 reports workloads that no policy isolates'],
  ['CP009', 'a request timeout is a tuning choice'],
  ['CP016', 'the terminated-pod GC threshold is a tuning choice'],
  ['CP023', 'the kubelet event rate is a tuning choice'],
  // Dockerfiles: image hygiene
  ['DF003', 'digest pinning is a supply-chain practice; DF002 reports unpinned and :latest images'],
  ['DF018', 'recommended packages make images larger, not less safe'],
  ['DF019', 'unpinned package versions are a reproducibility concern'],
  ['DF020', 'a package cache makes images larger, not less safe'],
  ['DF021', 'HEALTHCHECK is an operational choice, and orchestrators use their own probes'],
  ['DF023', 'MAINTAINER is a deprecation, not a risk'],
  // others
  ['SPF006', 'debug logging is an operational choice'],
  ['IST010', 'TLS passthrough is a legitimate design for end-to-end TLS'],
  ['SEC001', 'an unused SecretProviderClass is clutter, not a risk'],
]);

/** Whether the rule runs under `profile` when the settings do not name it. */
export function inProfile(ruleId: string, profile: Profile | undefined): boolean {
  return profile === 'strict' || !STRICT_ONLY.has(ruleId);
}
