/**
 * Running rules, for every kind of analysis (YAML documents, Dockerfiles, the workspace's cross-file
 * rules): which rules of a registry run and at what severity, a rule's check guarded so that a
 * throwing rule becomes one "internal error" finding instead of taking the analysis down, and the
 * one conversion of a rule's report (offsets) into a finding (lines and columns). Pure.
 *
 * The analyses keep their own loops (the YAML one caches per document, reuses unchanged documents'
 * findings and stops at the time budget per object); what a rule sees and what a finding looks
 * like is decided here, once.
 */
import type { Finding, Fix, Loc, Range, RuleMeta, Severity } from './types';
import type { RelatedLoc, Report, Rule, WorkspaceRule } from './rule';
import type { DockerfileRule } from './dockerfile/rule';
import type { K8sObject } from './k8s/model';
import type { Settings } from './settings';
import type { LineIndex } from './text';
import { renderLineRefs } from './text';
import { severityOf, ruleEntry } from './severity';

/** Where a report's offsets are in the file: its own range, a line for a line reference, a related location's range. */
export interface Positions {
  range(loc: Loc): Range;
  /** The (0-based) line of an offset, for line references in messages and titles (text.ts lineRef). */
  lineOf(offset: number): number;
  related(r: RelatedLoc): Range;
}

/** Offsets into one file whose line index is `lines` (a Dockerfile, a workspace file). */
export function filePositions(lines: LineIndex): Positions {
  return {
    range: (loc) => lines.range(loc),
    lineOf: (o) => lines.lineOf(o),
    related: (r) => (r.index ?? lines).range(r.loc),
  };
}

/**
 * The one conversion of a rule's report into a finding: ranges, fixes' edits, related information,
 * line references rendered, the object it is about (the report's own `resource`, else the object
 * checked), and the peers it stands for when the report names a subset of the rule's.
 */
export function toFinding(meta: RuleMeta, severity: Severity, r: Report, pos: Positions, obj?: K8sObject | null): Finding {
  const lineOf = (o: number) => pos.lineOf(o);
  const fixes: Fix[] = (r.fixes ?? []).map((x) => ({
    title: renderLineRefs(x.title, lineOf),
    applicability: x.applicability,
    snippet: x.snippet,
    edits: x.edits.map((e) => ({ range: pos.range([e.start, e.end]), newText: e.newText })),
  }));
  const f: Finding = {
    ruleId: meta.id,
    name: meta.name,
    severity,
    message: renderLineRefs(r.message, lineOf),
    range: pos.range(r.loc),
    resource: r.resource !== undefined ? r.resource : obj ? { ...obj.ref } : null,
    references: r.peers ? { ...meta.references, peers: r.peers.filter((p) => meta.references.peers.includes(p)) } : meta.references,
    fixes,
  };
  if (r.messageId !== undefined) f.messageId = r.messageId;
  if (r.related?.length) f.related = r.related.map((x) => ({ file: x.file, message: renderLineRefs(x.message, lineOf), range: pos.related(x) }));
  return f;
}

/**
 * The severity of one report: the rule's severity under the settings, or the report's own (a less
 * exploitable variant) when the rule runs at its default severity, unless the user set the rule's.
 */
export function reportSeverity(meta: RuleMeta, sev: Severity, r: Report, settings: Settings): Severity {
  return r.severity && sev === meta.severity && ruleEntry(settings.rules, meta) === undefined ? r.severity : sev;
}

/** The report a rule that threw gives instead of its findings (at `loc`: the object's head, or the file's start). */
export function internalErrorReport(meta: RuleMeta, err: unknown, loc: Loc): Report {
  return { loc, message: `Internal error in rule ${meta.id} (${meta.name}): ${(err as Error)?.message ?? err}. Other rules still ran; please report this.` };
}

/**
 * Runs `check`; a rule that throws reports one internal error at `loc` (error severity) through
 * `fail`, and the analysis goes on with the next rule.
 */
export function guarded(meta: RuleMeta, check: () => void, fail: (r: Report) => void, loc: Loc = [0, 0]): void {
  try { check(); } catch (err) { fail(internalErrorReport(meta, err, loc)); }
}

/** A registry split by target. Computed once per registry (an array the caller owns and does not change afterwards). */
export interface RuleSets {
  /** Rules over YAML: Kubernetes objects and whole documents, in registry order. */
  yaml: Rule[];
  dockerfile: DockerfileRule[];
  workspace: WorkspaceRule[];
  /** The YAML rules' severities (undefined: off), by the rule settings' JSON: the last few. */
  severities: Map<string, (Severity | undefined)[]>;
}

const setsOf = new WeakMap<readonly Rule[], RuleSets>();

/**
 * The rule sets of a registry. The engine's registry (rules/index.ts) is the default everywhere;
 * tests pass their own array (the registry plus a rule of theirs) instead of changing it.
 */
export function ruleSetsOf(registry: readonly Rule[]): RuleSets {
  let s = setsOf.get(registry);
  if (!s) {
    s = {
      yaml: registry.filter((r) => r.target === 'k8s' || r.target === 'yaml-doc'),
      dockerfile: registry.filter((r): r is DockerfileRule => r.target === 'dockerfile'),
      workspace: registry.filter((r): r is WorkspaceRule => r.target === 'workspace'),
      severities: new Map(),
    };
    setsOf.set(registry, s);
  }
  return s;
}

/** The YAML rules of `sets` and the severity of each under `settings`, whose rule settings' JSON is `rulesKey`. */
export function yamlRulesUnder(sets: RuleSets, rulesKey: string, settings: Settings): { rules: Rule[]; severities: (Severity | undefined)[] } {
  let sev = sets.severities.get(rulesKey);
  if (!sev) {
    sev = sets.yaml.map((r) => severityOf(r.meta, settings));
    if (sets.severities.size >= 8) sets.severities.clear();
    sets.severities.set(rulesKey, sev);
  }
  return { rules: sets.yaml, severities: sev };
}
