import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../../server/src/engine/rules';
import type { Rule } from '../../server/src/engine/rule';

// Guard rails for the rule tree (#19): new rules follow one naming and placement convention, and the exceptions that
// exist today are listed here explicitly, so the list can only shrink (a renamed file must leave it, a stale entry fails).
const RULES_DIR = path.resolve(__dirname, '..', '..', 'server', 'src', 'engine', 'rules');
const ID = /^(K8S|RBAC|NET|CP|DF|IST|SPF|VLT|GK|FAL|GHA|YAML|SEC)(\d{3})$/;
const RULE_FILE = /^((?:K8S|RBAC|NET|CP|DF|IST|SPF|VLT|GK|FAL|GHA|YAML|SEC)\d{3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.ts$/;

/** The folder(s) a rule id prefix lives in. K8S001-019 (the Pod Security Standards checks) are in pss/. */
const FOLDERS: Record<string, string[]> = {
  K8S: ['pss', 'k8s'], YAML: ['yaml'], RBAC: ['rbac'], NET: ['network'], CP: ['controlplane'], DF: ['dockerfile'],
  IST: ['mesh'], SEC: ['mesh'], SPF: ['mesh'], VLT: ['mesh'], FAL: ['policy'], GK: ['policy'], GHA: ['gha'],
};

/**
 * Rule files whose slug is not the rule's meta.name, as of #19 (file slug, and the meta.name it should be).
 * Do NOT add to this list: a new rule lives in `<ID>-<meta.name>.ts`. Renaming these files (or their meta.name, which
 * users write in configuration) is left to the rule-tree refactor of #19, to avoid colliding with work in progress;
 * remove an entry when its file is renamed.
 */
const SLUG_EXCEPTIONS: Record<string, string> = {
  K8S001: 'host-process', // name: pss-host-process
  K8S002: 'host-namespaces', // name: pss-host-namespaces
  K8S003: 'privileged', // name: pss-privileged
  K8S004: 'capabilities-baseline', // name: pss-capabilities-baseline
  K8S005: 'host-path-volumes', // name: pss-host-path-volumes
  K8S006: 'host-ports', // name: pss-host-ports
  K8S007: 'host-probes-lifecycle', // name: pss-host-probes-lifecycle
  K8S008: 'apparmor', // name: pss-apparmor
  K8S009: 'selinux', // name: pss-selinux
  K8S010: 'proc-mount', // name: pss-proc-mount
  K8S011: 'seccomp-baseline', // name: pss-seccomp-baseline
  K8S012: 'sysctls', // name: pss-sysctls
  K8S013: 'volume-types', // name: pss-volume-types
  K8S014: 'allow-privilege-escalation', // name: pss-allow-privilege-escalation
  K8S015: 'run-as-non-root', // name: pss-run-as-non-root
  K8S016: 'run-as-user', // name: pss-run-as-user
  K8S017: 'seccomp-restricted', // name: pss-seccomp-restricted
  K8S018: 'capabilities-restricted', // name: pss-capabilities-restricted
  K8S019: 'proc-mount-restricted', // name: pss-proc-mount-restricted
  K8S055: 'nginx-snippet', // name: nginx-ingress-snippet
  K8S056: 'nginx-snippet-lua', // name: nginx-ingress-snippet-lua
  K8S057: 'nginx-snippet-alias', // name: nginx-ingress-snippet-alias
  RBAC001: 'wildcard-in-rules', // name: rbac-wildcard
  RBAC002: 'read-secrets', // name: rbac-read-secrets
  RBAC003: 'pod-exec-attach', // name: rbac-pod-exec-attach
  RBAC004: 'pod-port-forward', // name: rbac-pod-port-forward
  RBAC005: 'create-workloads', // name: rbac-create-workloads
  RBAC006: 'escalate', // name: rbac-escalate
  RBAC007: 'bind', // name: rbac-bind
  RBAC008: 'impersonate', // name: rbac-impersonate
  RBAC009: 'node-proxy', // name: rbac-node-proxy
  RBAC010: 'admission-webhooks', // name: rbac-admission-webhooks
  RBAC011: 'approve-csr', // name: rbac-approve-csr
  RBAC012: 'cluster-admin-binding', // name: rbac-cluster-admin-binding
  RBAC013: 'admin-edit-binding', // name: rbac-admin-edit-binding
  RBAC014: 'anonymous-subject', // name: rbac-anonymous-subject
  RBAC015: 'authenticated-subject', // name: rbac-authenticated-subject
  RBAC016: 'masters-subject', // name: rbac-masters-subject
  RBAC017: 'default-service-account-binding', // name: rbac-default-service-account-binding
  RBAC018: 'delete-pod-logs', // name: rbac-delete-pod-logs
  RBAC019: 'manage-configmaps', // name: rbac-manage-configmaps
  RBAC020: 'eks-aws-auth', // name: rbac-eks-aws-auth
  RBAC021: 'manage-networking', // name: rbac-manage-networking
  RBAC022: 'manage-rbac', // name: rbac-manage-rbac
  RBAC023: 'write-secrets', // name: rbac-write-secrets
  NET052: 'network-policy-one-direction', // name: workload-isolated-one-direction
  DF002: 'image-latest', // name: image-latest-or-untagged
  DF003: 'image-digest', // name: image-not-pinned-by-digest
  DF005: 'sdk-final-stage', // name: sdk-image-in-final-stage
  DF010: 'package-signature-bypass', // name: package-signature-check-disabled
  DF013: 'sudo', // name: sudo-in-run
  DF014: 'world-writable', // name: world-writable-permissions
  DF019: 'unpinned-packages', // name: unpinned-package-versions
  DF020: 'package-cache', // name: package-cache-left
  DF023: 'maintainer', // name: maintainer-deprecated
  DF024: 'update-alone', // name: package-index-update-alone
  IST001: 'peer-authentication-not-strict', // name: istio-mtls-not-strict
  IST002: 'authz-allow-all', // name: istio-authz-allow-all
  IST003: 'authz-allow-negative-match', // name: istio-authz-allow-negative-match
  IST004: 'authz-wildcard-source', // name: istio-authz-wildcard-source
  IST005: 'authz-path-normalization', // name: istio-authz-path-variants
  IST006: 'jwt-insecure-url', // name: istio-jwt-insecure-url
  IST007: 'destination-rule-tls-disabled', // name: istio-destination-rule-tls-disabled
  IST008: 'destination-rule-no-verification', // name: istio-destination-rule-no-server-verification
  IST009: 'gateway-tls-min-version', // name: istio-gateway-tls-min-version
  IST010: 'gateway-passthrough', // name: istio-gateway-passthrough
  IST011: 'jwt-not-required', // name: istio-jwt-not-required
  IST012: 'injection-disabled-strict', // name: istio-injection-disabled-strict
  IST013: 'namespace-without-strict', // name: istio-namespace-without-strict-mtls
  IST014: 'app-runs-as-proxy-uid', // name: istio-app-runs-as-proxy-uid
  IST015: 'sidecar-traffic-exclusion', // name: istio-sidecar-traffic-exclusion
  IST016: 'gateway-plain-http-any-host', // name: istio-gateway-plain-http-any-host
  SPF001: 'clusterspiffeid-broad-selector', // name: spire-clusterspiffeid-broad-selector
  SPF002: 'clusterspiffeid-privileged', // name: spire-clusterspiffeid-admin
  SPF003: 'clusterspiffeid-template', // name: spire-clusterspiffeid-template
  SPF007: 'spire-datastore-tls', // name: spire-datastore-without-tls
  SPF008: 'spire-join-token', // name: spire-join-token-attestation
  VLT001: 'inject-without-role', // name: vault-inject-without-role
  VLT002: 'tls-skip-verify', // name: vault-tls-skip-verify
  VLT003: 'inject-token', // name: vault-inject-token
  VLT004: 'same-user-root', // name: vault-same-user-root
  VLT005: 'template-without-secret', // name: vault-template-without-secret
  VLT006: 'unknown-annotation', // name: vault-unknown-annotation
  VLT007: 'annotations-on-workload', // name: vault-annotations-on-workload
  VLT008: 'agent-run-as-root', // name: vault-agent-run-as-root
  VLT009: 'agent-security-context-disabled', // name: vault-agent-security-context-disabled
  VLT010: 'plaintext-address', // name: vault-plaintext-address
  VLT011: 'world-writable-secret-file', // name: vault-world-writable-secret-file
  FAL001: 'missing-keys', // name: falco-missing-required-keys
  FAL002: 'invalid-priority', // name: falco-invalid-priority
  FAL003: 'undefined-reference', // name: falco-undefined-reference
  FAL004: 'duplicate-rule', // name: falco-duplicate-rule
  FAL005: 'default-rule-disabled', // name: falco-default-rule-disabled
  GK001: 'constraint-without-match', // name: gatekeeper-constraint-without-match
  GK002: 'enforcement-not-deny', // name: gatekeeper-enforcement-not-deny
  GK003: 'allowed-repos-too-broad', // name: gatekeeper-allowed-repos-too-broad
  GK004: 'constraint-without-template', // name: gatekeeper-constraint-without-template
  GHA001: 'unpinned-action', // name: gha-unpinned-action
  GHA002: 'script-injection', // name: gha-script-injection
  GHA003: 'untrusted-checkout', // name: gha-untrusted-checkout
  GHA004: 'write-all-permissions', // name: gha-write-all-permissions
  GHA005: 'missing-permissions', // name: gha-missing-permissions
  GHA006: 'secret-exposure', // name: gha-secret-exposure
  GHA007: 'insecure-commands', // name: gha-insecure-commands
  GHA008: 'self-hosted-pull-request', // name: gha-self-hosted-pull-request
  GHA009: 'credential-persistence', // name: gha-checkout-persist-credentials
  GHA010: 'github-env-write', // name: gha-github-env-write
  GHA011: 'untrusted-artifact', // name: gha-untrusted-artifact
  GHA012: 'spoofable-bot-condition', // name: gha-spoofable-bot-condition
  GHA013: 'broad-permissions', // name: gha-broad-permissions
  GHA014: 'invalid-permissions', // name: gha-invalid-permissions
  GHA015: 'unredacted-secrets', // name: gha-unredacted-secret
  GHA016: 'cache-poisoning', // name: gha-cache-poisoning
  GHA017: 'dependabot-code-execution', // name: gha-dependabot-code-execution
};

/**
 * Files named like rule files that hold helpers or several rules (K8S1xx-workspace.ts, NET05x-rules.ts, ...), as of #19.
 * Do NOT add to this list: helpers get a plain name (util.ts, image.ts), one rule per file.
 */
const RULE_LIKE_HELPERS = new Set<string>();

function tsFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? tsFiles(dir, r) : e.name.endsWith('.ts') ? [r] : [];
  });
}

function isRule(x: unknown): x is Rule {
  return !!x && typeof x === 'object' && 'meta' in x && typeof (x as Rule).meta?.id === 'string';
}

/** For every registered rule, the rule files (named `<ID>-...ts`) that export it, found by loading each module. */
function ruleHomes(): Map<Rule, string[]> {
  const homes = new Map<Rule, string[]>();
  for (const file of tsFiles(RULES_DIR)) {
    if (!RULE_FILE.test(path.basename(file))) continue;
    const mod = require(path.join(RULES_DIR, file)) as Record<string, unknown>;
    for (const v of Object.values(mod)) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (!isRule(x)) continue;
        const list = homes.get(x) ?? [];
        if (!list.includes(file)) list.push(file);
        homes.set(x, list);
      }
    }
  }
  return homes;
}

describe('rule tree conventions (#19)', () => {
  const homes = ruleHomes();

  it('ids and names are unique, ids are well formed', () => {
    const ids = allRules.map((r) => r.meta.id);
    const names = allRules.map((r) => r.meta.name);
    assert.deepStrictEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], 'duplicate ids');
    assert.deepStrictEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'duplicate names');
    assert.deepStrictEqual(ids.filter((id) => !ID.test(id)), [], 'ids not of the form FAMILY000');
  });

  it('every rule has a title and docs (description, rationale, remediation)', () => {
    const missing: string[] = [];
    for (const { meta: m } of allRules) {
      if (!m.title?.trim()) missing.push(`${m.id}: title`);
      else if (m.title !== m.title.trim() || /\.$/.test(m.title) || m.title.length > 100) missing.push(`${m.id}: title "${m.title}" (one line of at most 100 characters, no trailing period)`);
      for (const k of ['description', 'rationale', 'remediation'] as const) if (!m.docs?.[k]?.trim()) missing.push(`${m.id}: docs.${k}`);
    }
    assert.deepStrictEqual(missing, []);
  });

  it('every rule lives in one file <ID>-<slug>.ts in its family folder', () => {
    const problems: string[] = [];
    for (const r of allRules) {
      const files = homes.get(r) ?? [];
      const own = files.filter((f) => !RULE_LIKE_HELPERS.has(f));
      if (own.length !== 1) { problems.push(`${r.meta.id}: exported by ${own.length ? own.join(', ') : 'no rule file'} (want one ${r.meta.id}-${r.meta.name}.ts)`); continue; }
      const [folder, base] = own[0].split('/');
      const m = RULE_FILE.exec(base ?? '');
      if (!m || m[1] !== r.meta.id) problems.push(`${r.meta.id}: in ${own[0]}, whose id is ${m?.[1]}`);
      const prefix = ID.exec(r.meta.id)?.[1] ?? '';
      if (!(FOLDERS[prefix] ?? []).includes(folder)) problems.push(`${r.meta.id}: in ${folder}/, want ${(FOLDERS[prefix] ?? ['?']).join(' or ')}/`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('a rule file is named <ID>-<meta.name>.ts (except the files listed in SLUG_EXCEPTIONS, which may only shrink)', () => {
    const wrong: string[] = [];
    const byId = new Map(allRules.map((r) => [r.meta.id, r] as const));
    for (const r of allRules) {
      const file = (homes.get(r) ?? []).find((f) => !RULE_LIKE_HELPERS.has(f));
      if (!file) continue; // reported by the placement test
      const slug = RULE_FILE.exec(path.basename(file))?.[2];
      const allowed = SLUG_EXCEPTIONS[r.meta.id];
      if (allowed !== undefined) {
        if (slug === r.meta.name) wrong.push(`${r.meta.id}: ${file} now matches meta.name; remove it from SLUG_EXCEPTIONS`);
        else if (slug !== allowed) wrong.push(`${r.meta.id}: ${file} is listed in SLUG_EXCEPTIONS as '${allowed}'; name it ${r.meta.id}-${r.meta.name}.ts instead`);
      } else if (slug !== r.meta.name) wrong.push(`${r.meta.id}: ${file} should be ${r.meta.id}-${r.meta.name}.ts`);
    }
    for (const id of Object.keys(SLUG_EXCEPTIONS)) if (!byId.has(id)) wrong.push(`SLUG_EXCEPTIONS lists ${id}, which is not a registered rule`);
    assert.deepStrictEqual(wrong, []);
  });

  it('files named like rules hold one registered rule (helper files named like rules are only the listed ones)', () => {
    const registered = new Set<Rule>(allRules);
    const problems: string[] = [];
    const exported = new Map<string, Rule[]>();
    for (const [r, files] of homes) for (const f of files) exported.set(f, [...(exported.get(f) ?? []), r]);
    for (const file of tsFiles(RULES_DIR)) {
      if (!RULE_FILE.test(path.basename(file))) continue;
      if (RULE_LIKE_HELPERS.has(file)) continue;
      const rules = exported.get(file) ?? [];
      if (rules.length !== 1) problems.push(`${file}: exports ${rules.length} rules`);
      else if (!registered.has(rules[0])) problems.push(`${file}: ${rules[0].meta.id} is not in the registry (server/src/engine/rules/index.ts)`);
    }
    for (const f of RULE_LIKE_HELPERS) if (!fs.existsSync(path.join(RULES_DIR, f))) problems.push(`RULE_LIKE_HELPERS lists ${f}, which no longer exists; remove it`);
    for (const file of tsFiles(RULES_DIR)) {
      if (/^[A-Z]+\d*x+-/.test(path.basename(file)) && !RULE_LIKE_HELPERS.has(file)) problems.push(`${file}: a helper named like a rule file; give it a plain name`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('a family folder never imports another family\'s folder: helpers more than one family uses live in rules/shared/', () => {
    const families = new Set(fs.readdirSync(RULES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'shared').map((e) => e.name));
    const cross: string[] = [];
    for (const file of tsFiles(RULES_DIR)) {
      const folder = file.split('/')[0];
      const text = fs.readFileSync(path.join(RULES_DIR, file), 'utf8');
      for (const m of text.matchAll(/from\s+'\.\.\/([a-z0-9]+)\/([^']+)'/g)) {
        // shared/ imports no family; a family imports shared/ and itself only
        if (m[1] !== folder && families.has(m[1])) cross.push(`${file} imports ../${m[1]}/${m[2]}`);
      }
    }
    assert.deepStrictEqual(cross, []);
  });

  it('every rule is defined with defineRule (directly or through a family framework built on it)', () => {
    const builders = /\b(k8sMeta|familyMeta|pssMeta|dfRule|podRule|objectRule|objRule|docRule|workspaceRule|wsRule)\b/;
    const old: string[] = [];
    for (const file of tsFiles(RULES_DIR)) if (builders.test(fs.readFileSync(path.join(RULES_DIR, file), 'utf8'))) old.push(file);
    assert.deepStrictEqual(old, []);
    for (const file of tsFiles(RULES_DIR)) {
      if (!RULE_FILE.test(path.basename(file))) continue;
      const text = fs.readFileSync(path.join(RULES_DIR, file), 'utf8');
      assert.match(text, /export default (defineRule|pssRule|componentRule|workflowRule|falcoRule|spireRule|pspRule|pspBoolRule)\(/, `${file}: export default defineRule(...)`);
    }
  });
});
