/** The shape of a rule module and the context a check runs in. */
import type { FixDef, Loc, RuleMeta, ResourceRef, PssLevel, Severity } from './types';
import type { K8sObject } from './k8s/model';
import type { DocModel } from './yaml/parse';
import type { Settings } from './settings';
import type { LineIndex } from './text';

export interface RelatedLoc { file: string; loc: Loc; message: string; index?: LineIndex }

export interface Report {
  loc: Loc;
  message: string;
  fixes?: FixDef[];
  related?: RelatedLoc[];
  resource?: ResourceRef | null;
  /**
   * The peer ids this finding stands for, when a rule bundles several peer checks (a table of
   * control-plane flags, say) and a finding matches only some of them: a subset of the rule's
   * `references.peers`. Default: all of them.
   */
  peers?: string[];
  /**
   * A severity for this finding other than the rule's (a less exploitable variant, e.g. a workflow
   * pattern reachable only from `push`); ignored when the user sets the rule's severity.
   */
  severity?: Severity;
}

export interface RuleContext {
  /** File path or URI, for messages and related information. */
  file: string;
  /** Full text of the file. */
  text: string;
  lines: LineIndex;
  settings: Settings;
  /** Pod Security level and minor version in force for the object being checked. */
  pss: { level: PssLevel; minor: number };
  report(r: Report): void;
}

export interface K8sRule {
  meta: RuleMeta;
  target: 'k8s';
  /** Pod Security Standards rules: the PSA check id this rule implements. */
  pssCheck?: string;
  check(obj: K8sObject, ctx: RuleContext): void;
}

/** Rules over a whole YAML document of any shape (GitHub Actions, Falco rules, ...). */
export interface YamlDocRule {
  meta: RuleMeta;
  target: 'yaml-doc';
  check(doc: DocModel, ctx: RuleContext): void;
}

/** One object of a workspace model: the object, its file, and that file's line index. */
export interface WorkspaceObject { obj: K8sObject; file: string; lines: LineIndex }

/** A file of a scan or workspace as text, for cross-file rules that read whole files (GitHub workflows calling each other). */
export interface WorkspaceSource { file: string; text: string; lines: LineIndex }

/**
 * All Kubernetes objects of all YAML files of a scan or workspace; `files`: the files themselves,
 * at least those with objects and those `readsText` (engine/scan.ts) asks for.
 */
export interface WorkspaceModel { objects: WorkspaceObject[]; files?: WorkspaceSource[] }

export interface WorkspaceRuleContext {
  settings: Settings;
  /** Reports into `file`; `loc` (and related locs without an index) are offsets in that file's text. */
  report(r: Report & { file: string; lines: LineIndex; obj?: K8sObject }): void;
}

/** Cross-resource rules: see every object of every file, report into the file of the object to edit. */
export interface WorkspaceRule {
  meta: RuleMeta;
  target: 'workspace';
  check(model: WorkspaceModel, ctx: WorkspaceRuleContext): void;
  /**
   * Files without Kubernetes objects whose text the rule reads (in `model.files`): the callers of
   * the workspace rules (CLI, language server, scanTexts) keep these too. A cheap test on the text.
   */
  readsText?(file: string, text: string): boolean;
}

export type Rule = K8sRule | YamlDocRule | import('./dockerfile/rule').DockerfileRule | WorkspaceRule;
