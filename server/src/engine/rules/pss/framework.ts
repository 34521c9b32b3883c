import { defineRule } from '../../rule';
/**
 * The Pod Security Standards as the Pod Security Admission controller enforces them
 * (kubernetes/pod-security-admission, policy/check_*.go): checks with per-version variants,
 * restricted checks that override baseline ones, evaluated on a pod spec.
 */
import type { K8sRule, RuleContext } from '../../rule';
import type { FixDef, Loc, RuleMeta } from '../../types';
import { PodSpecRef, ContainerRef, describeObject, describeContainer } from '../../k8s/model';
import type { YView } from '../../yaml/nodes';

export interface PssViolation { loc: Loc; message: string; fixes?: FixDef[] }

export interface PssVariant {
  /** Kubernetes minor version from which this variant applies. */
  min: number;
  check(pod: PodSpecRef, ctx: RuleContext): PssViolation[];
  /** PSA check ids this check replaces at its level (restricted variants of baseline checks). */
  overrides?: string[];
}

export interface PssCheckDef {
  /** PSA check id, e.g. `allowPrivilegeEscalation`. */
  checkId: string;
  level: 'baseline' | 'restricted';
  variants: PssVariant[];
}

const defs = new Map<string, PssCheckDef>();

function variantFor(def: PssCheckDef, minor: number): PssVariant | undefined {
  let best: PssVariant | undefined;
  for (const v of def.variants) if (v.min <= minor && (!best || v.min > best.min)) best = v;
  return best;
}

function levelIncludes(active: 'privileged' | 'baseline' | 'restricted', level: 'baseline' | 'restricted'): boolean {
  if (active === 'privileged') return false;
  return active === 'restricted' || level === 'baseline';
}

/** The check that reports `checkId`'s violations at this level and version (itself, or the check overriding it). */
export function reportingCheck(checkId: string, level: 'privileged' | 'baseline' | 'restricted', minor: number): string {
  for (const d of defs.values()) {
    if (!levelIncludes(level, d.level)) continue;
    const v = variantFor(d, minor);
    if (v?.overrides?.includes(checkId)) return d.checkId;
  }
  return checkId;
}

/** The checks PSA treats as one control at this version: a check, the checks it overrides and the check overriding it. */
export function pssFamily(checkId: string, level: 'privileged' | 'baseline' | 'restricted', minor: number): string[] {
  const out = new Set([checkId, reportingCheck(checkId, level, minor)]);
  for (const id of [...out]) {
    const d = defs.get(id);
    const v = d && levelIncludes(level, d.level) ? variantFor(d, minor) : undefined;
    for (const o of v?.overrides ?? []) out.add(o);
  }
  return [...out];
}

/** The variants of the checks some other check overrides (their violations are asked twice per pod); listed on first use, once every check is defined. */
let overridden: Set<PssVariant> | undefined;
function isOverridden(v: PssVariant): boolean {
  if (!overridden) {
    overridden = new Set();
    for (const d of defs.values()) for (const x of d.variants) for (const id of x.overrides ?? []) for (const o of defs.get(id)?.variants ?? []) overridden.add(o);
  }
  return overridden.has(v);
}

export function pssRule(meta: RuleMeta, def: PssCheckDef): K8sRule {
  defs.set(def.checkId, def);
  overridden = undefined;
  const rule = defineRule('pod', meta, (pod, ctx) => {
    const { level, minor } = ctx.pss;
    if (!levelIncludes(level, def.level)) return;
    const variant = variantFor(def, minor);
    if (!variant) return;
    // PSA replaces some baseline checks by a restricted superset. The baseline check still
    // reports what it covers (as the more severe baseline violation); the restricted check
    // reports only the rest, so the verdict is PSA's and nothing is reported twice.
    const found = violations(variant, pod, ctx);
    if (!found.length) return;
    if (!variant.overrides) { for (const v of found) ctx.report(v); return; }
    const covered = new Set<string>();
    for (const id of variant.overrides) {
      const d = defs.get(id);
      const v = d && variantFor(d, minor);
      if (v) for (const x of violations(v, pod, ctx)) covered.add(`${x.loc[0]}:${x.loc[1]}`);
    }
    for (const v of found) if (!covered.has(`${v.loc[0]}:${v.loc[1]}`)) ctx.report(v);
  });
  return { ...rule, pssCheck: def.checkId };
}

/**
 * The violations of a variant on a pod, kept for the check that overrides it (a restricted check
 * runs the baseline check it replaces, which reported on the same pod just before): per pod spec
 * (one per object and document offset), file text (fixes depend on the file's style), settings and level.
 */
const checked = new WeakMap<PodSpecRef, { text: string; settings: unknown; pss: unknown; byVariant: Map<PssVariant, PssViolation[]> }>();
function violations(variant: PssVariant, pod: PodSpecRef, ctx: RuleContext): PssViolation[] {
  if (!isOverridden(variant)) return variant.check(pod, ctx);
  let c = checked.get(pod);
  if (!c || c.text !== ctx.text || c.settings !== ctx.settings || c.pss !== ctx.pss) checked.set(pod, (c = { text: ctx.text, settings: ctx.settings, pss: ctx.pss, byVariant: new Map() }));
  let out = c.byVariant.get(variant);
  if (!out) c.byVariant.set(variant, (out = variant.check(pod, ctx)));
  return out;
}

// ---- helpers shared by the checks ----

export function who(pod: PodSpecRef, c?: ContainerRef): string {
  return c ? `${describeObject(pod.obj)}, ${describeContainer(c)}` : describeObject(pod.obj);
}

export function podSc(pod: PodSpecRef): YView { return pod.spec.get('securityContext'); }
export function sc(c: ContainerRef): YView { return c.view.get('securityContext'); }

export function isWindows(pod: PodSpecRef): boolean {
  return pod.spec.at('os', 'name').str === 'windows';
}

/** `spec.hostUsers: false`: the pod runs in a user namespace. */
export function usesUserNamespace(pod: PodSpecRef): boolean {
  return pod.spec.get('hostUsers').bool === false;
}

/** Where to point when a field is missing on a container: its securityContext key, else its name. */
export function containerMissingLoc(c: ContainerRef): Loc {
  const s = sc(c);
  return s.exists && s.keyLoc ? s.keyLoc : c.headLoc;
}

export function levelText(level: 'baseline' | 'restricted'): string {
  return `the ${level} Pod Security Standard`;
}
