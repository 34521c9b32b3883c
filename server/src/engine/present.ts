/**
 * What a person sees: under the default profile, findings that start at the same place of the same
 * object are shown as one. Kubernetes rules report a missing setting where it would go (the
 * container's securityContext, its name, the pod spec): four or five Pod Security controls, the
 * resource limits or an image's tag and digest land on one spot, and a stack of diagnostics there
 * says one thing, "this container is not hardened", five times. The merged finding lists what is
 * wrong, keeps each part (rule id, message, range, fixes) in `parts` and in its related information,
 * and offers every part's fixes. The strict profile shows the parts as they are.
 *
 * Suppressions and rule settings act on the parts before this step (they are applied by the
 * analysis), so `# palisade-ignore K8S020` removes that part and leaves the rest. Pure.
 */
import type { Finding, Fix, RelatedInfo, Severity } from './types';
import type { Profile } from './profiles';
import { getRule } from './rules';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** A merged finding is rebuilt only when its parts change: unchanged ones keep their identity (the LSP caches per finding). */
const mergedOf = new WeakMap<Finding, { parts: Finding[]; merged: Finding }>();

/**
 * A finding's group: its start position and its object. Cached per finding: after an edit most
 * findings are the same objects (the engine reuses unchanged documents' findings), and a cached key
 * string also keeps its hash, so grouping a large file's findings again is a map lookup each.
 */
const groupKeys = new WeakMap<Finding, string>();
function groupKey(f: Finding): string {
  let k = groupKeys.get(f);
  if (k === undefined) {
    const r = f.resource;
    k = `${f.range.start.line}:${f.range.start.character}\u0000${r ? `${r.document}\u0000${r.kind}\u0000${r.namespace}\u0000${r.name}` : ''}`;
    groupKeys.set(f, k);
  }
  return k;
}

/**
 * Messages lead with the problem: a rule's "Deployment 'web', container 'app': X is not set; ..."
 * is shown as "X is not set (Deployment 'web', container 'app'); ...", so that a Problems panel cut
 * to its width shows what is wrong, and the object still names itself in the first clause. Only the
 * exact description of the finding's own object (k8s/model.ts describeObject) is moved.
 */
export function leadWithProblem(message: string, resource: Finding['resource']): string {
  const sub = subjectOf(message, resource);
  if (!sub) return message;
  const { who, body } = sub;
  // after the first clause: before the first "; " or sentence end, else at the end (not capitalised:
  // most messages start with a field name, hostNetwork or resources.limits.memory)
  const cut = /; |\. (?=[A-Z])|\.$/.exec(body);
  return cut ? `${body.slice(0, cut.index)} (${who})${body.slice(cut.index)}` : `${body} (${who})`;
}

/** A rule message's leading "<Kind> '<name>'[, container '<c>']: " split off: who it names, the container's label, the rest. */
function subjectOf(message: string, resource: Finding['resource']): { who: string; container?: string; body: string } | undefined {
  if (!resource || !resource.kind) return undefined;
  const head = `${resource.kind} '${resource.name || '(unnamed)'}'`;
  if (!message.startsWith(head)) return undefined;
  const m = /^(?:, ((?:init |ephemeral )?container '[^']*'))?: /.exec(message.slice(head.length));
  if (!m) return undefined;
  const body = message.slice(head.length + m[0].length);
  if (!body) return undefined;
  return { who: m[1] ? `${head}, ${m[1]}` : head, container: m[1], body };
}

/** The finding with its message led by the problem; the same object while the finding is. */
const ledOf = new WeakMap<Finding, Finding>();
function led(f: Finding): Finding {
  let x = ledOf.get(f);
  if (!x) {
    const message = leadWithProblem(f.message, f.resource);
    x = message === f.message ? f : { ...f, message };
    ledOf.set(f, x);
  }
  return x;
}

/** The findings of one file as shown under `profile`: messages led by the problem, and (default profile) merged per start position and object, in the same order. */
export function presentFindings(file: string, findings: Finding[], profile: Profile | undefined): Finding[] {
  if (profile === 'strict' || findings.length < 2) return findings.map(led);
  // a group of one is its finding (no array made for it: most findings of a large file are alone)
  const groups = new Map<string, Finding | Finding[]>();
  let merged = false;
  for (const f of findings) {
    const key = groupKey(f);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, f);
    else if (Array.isArray(g)) g.push(f);
    else { groups.set(key, [g, f]); merged = true; }
  }
  if (!merged) return findings.map(led);
  const out: Finding[] = [];
  for (const g of groups.values()) out.push(Array.isArray(g) ? merge(file, g) : led(g));
  return out;
}

/** The container every part names (they start at one place: the container's, when one does). */
function containerOf(parts: Finding[]): string | undefined {
  let c: string | undefined;
  for (const p of parts) {
    const x = subjectOf(p.message, p.resource)?.container;
    if (x) { if (c && c !== x) return undefined; c = x; }
  }
  return c;
}

/**
 * Rules that say, in a merged finding, less than another part beside them: listing them adds a line
 * that states the same fact (their findings stay in `parts`, the related information and strict).
 */
const SUBSUMED_BY: ReadonlyMap<string, readonly string[]> = new Map([
  ['K8S021', ['K8S018']], // NET_RAW not dropped: dropping ALL (K8S018) drops it
  ['K8S048', ['K8S017', 'K8S018']], // no Linux hardening: seccomp and drop ALL are the hardening
  ['K8S050', ['K8S014', 'K8S015', 'K8S017', 'K8S018']], // no container securityContext
  ['K8S049', ['K8S015', 'K8S017']], // no pod securityContext
]);

function subsumed(p: Finding, parts: Finding[]): boolean {
  const by = SUBSUMED_BY.get(p.ruleId);
  return !!by && parts.some((q) => by.includes(q.ruleId));
}

/** First letter in lower case, unless the word is an identifier or an acronym (`allowPrivilegeEscalation`, `NGINX`). */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z ]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/** The findings of a group shown as one: the same object while its parts are the same findings. */
function merge(file: string, group: Finding[]): Finding {
  const hit = mergedOf.get(led(group[0]));
  if (hit && hit.parts.length === group.length && group.every((f, i) => led(f) === hit.parts[i])) return hit.merged;
  const parts = group.map(led);
  const container = containerOf(group);
  let primary = parts[0];
  for (const p of parts) if (RANK[p.severity] > RANK[primary.severity]) primary = p;
  const label = (p: Finding) => `${lowerFirst(getRule(p.ruleId)?.meta.title ?? p.ruleId)} (${p.ruleId})`;
  // the Pod Security controls first, under the level they fail; then the other rules
  const pss = parts.filter((p) => p.references.pss);
  const rest = parts.filter((p) => !p.references.pss && !subsumed(p, parts));
  const levels = new Set(pss.map((p) => p.references.pss!.level));
  // restricted includes baseline: a mix of both levels fails restricted
  const level = levels.has('restricted') ? 'restricted' : 'baseline';
  const shown = [...pss, ...rest];
  const r = primary.resource;
  const obj = r && r.kind ? `${r.kind} '${r.name || '(unnamed)'}'` : '';
  // who does not meet the level: the container when the parts are on one, else the object
  const subject = container ? container[0].toUpperCase() + container.slice(1) : obj;
  const where = container && obj ? ` (${obj})` : '';
  const text = shown.length === 1
    ? shown[0].message.replace(/\.$/, '') // the others only restate it: its own message says it best
    : pss.length
    ? `${subject ? `${subject} does` : 'Does'} not meet the ${level} Pod Security Standard${where}: ${pss.map(label).join('; ')}${rest.length ? `; also ${rest.map(label).join('; ')}` : ''}`
    : `${rest.length} problems${subject ? ` in ${container ?? obj}` : ''}${where}: ${rest.map(label).join('; ')}`;
  const fixes: Fix[] = [];
  const titlesSeen = new Set<string>();
  for (const p of parts) for (const x of p.fixes) {
    if (titlesSeen.has(x.title)) continue;
    titlesSeen.add(x.title);
    fixes.push(x);
  }
  const related: RelatedInfo[] = [];
  for (const p of parts) {
    related.push({ file, range: p.range, message: `${p.ruleId}: ${p.message}` });
    if (p.related) related.push(...p.related);
  }
  const merged: Finding = {
    ruleId: primary.ruleId,
    name: primary.name,
    severity: primary.severity,
    message: `${text}.`,
    range: primary.range,
    resource: primary.resource,
    references: primary.references,
    fixes,
    related,
    parts,
  };
  mergedOf.set(parts[0], { parts, merged });
  return merged;
}

/** The findings a merged finding stands for (itself when it is not merged). */
export function partsOf(f: Finding): Finding[] { return f.parts ?? [f]; }
