/**
 * Core types of the Palisade analysis engine. The engine is pure: text in, findings out.
 * Nothing here may import `vscode` or any LSP package.
 */

export type Severity = 'error' | 'warning' | 'info';
export type Applicability = 'safe' | 'unsafe' | 'display-only';
export type PssLevel = 'privileged' | 'baseline' | 'restricted';
export type Language = 'kubernetes' | 'dockerfile' | 'github-actions' | 'istio' | 'spiffe' | 'vault' | 'gatekeeper' | 'falco' | 'yaml';

/** 0-based line and UTF-16 character, exactly as LSP. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** Half-open [start, end) offsets into the file text (UTF-16 code units). */
export type Loc = readonly [number, number];

export interface OffsetEdit { start: number; end: number; newText: string }
export interface TextEdit { range: Range; newText: string }

export interface FixDef {
  title: string;
  applicability: Applicability;
  edits: OffsetEdit[];
  /** newText uses snippet syntax (${1:placeholder}); a plain-text fallback is in `plainText`. */
  snippet?: boolean;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: TextEdit[];
  snippet?: boolean;
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  document: number;
  /** For an object a Helm chart rendered: where it came from (absent for objects read from a file as they are). */
  provenance?: Provenance;
}

/** Where a rendered object and its offending value came from. Ranges are 0-based, as every range of a finding. */
export interface Provenance {
  renderer: 'helm';
  /** the chart's name and folder (as the report names files) */
  chart: string;
  chartDir: string;
  /** the template that rendered the object, and where in it the finding's text was written */
  template: { file: string; range: Range };
  /** the values file (and place in it) that set the offending value, or the --set that did */
  values?: { file: string; range: Range; path: string } | { set: string; path: string };
}

export interface PssRef { level: 'baseline' | 'restricted'; control: string }

export interface References {
  /** The Pod Security Standards control, or null. */
  pss: PssRef | null;
  /** Peer rule ids, "tool:id" (ids as in ../shared/corpus/crosswalk.json). */
  peers: string[];
  /** CIS benchmark controls. */
  cis: string[];
}

export interface RuleDocs {
  description: string;
  rationale: string;
  remediation: string;
  example?: { bad: string; good: string; language?: string };
}

export interface RuleMeta {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  language: Language;
  docs: RuleDocs;
  references: References;
  fix: { applicability: Applicability } | null;
  /** Message templates by id, `{{name}}` placeholders (rules that report by messageId). */
  messages?: Record<string, string>;
  /**
   * The former id (and name) of the rule this one was split from (a rule that checked several
   * settings, now one rule per setting): configuration and suppressions naming either apply to this
   * rule too; a setting of the rule's own id or name takes precedence. Absent when the rule has none.
   */
  aliases?: string[];
}

export interface RelatedInfo { file: string; range: Range; message: string }

export interface Finding {
  ruleId: string;
  name: string;
  severity: Severity;
  message: string;
  /** The id of the rule's message it was rendered from (rules with `meta.messages`). */
  messageId?: string;
  range: Range;
  resource: ResourceRef | null;
  references: References;
  fixes: Fix[];
  related?: RelatedInfo[];
  /**
   * When several findings start at the same place of the same object (under the default profile,
   * engine/present.ts): the findings this one stands for, each complete, in position order. The
   * merged finding carries the first most severe part's rule id; suppressions, rule settings,
   * SARIF results and the JSON contract keep every part's own rule id.
   */
  parts?: Finding[];
}

export interface AnalysisError { message: string; range: Range }

export interface FileResult {
  file: string;
  findings: Finding[];
  errors: AnalysisError[];
  /**
   * `findings` per YAML document, in order (their concatenation), when each document's findings
   * start on its own lines (so that sorting or grouping them by position never mixes two documents'):
   * a consumer can work per document, and a document that did not change or move keeps the same
   * array from one analysis to the next (the language server presents and converts it once).
   * `runLines[i]` is document i's first line, and `runLines[runs.length]` the last document's end.
   */
  runs?: Finding[][];
  runLines?: number[];
}
