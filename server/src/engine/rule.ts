/** The shape of a rule module and the context a check runs in. */
import type { Applicability, FixDef, Language, Loc, RuleDocs, RuleMeta, ResourceRef, PssLevel, Severity } from './types';
import { podSpecOf, type K8sObject, type PodSpecRef } from './k8s/model';
import type { DocModel } from './yaml/parse';
import type { Settings } from './settings';
import type { LineIndex } from './text';

export interface RelatedLoc { file: string; loc: Loc; message: string; index?: LineIndex }

/** The values a message template's `{{name}}` placeholders are filled with. */
export type MessageData = Record<string, string | number>;

export interface Report {
  loc: Loc;
  message: string;
  /**
   * The id of the rule's message (`meta.messages`) this report's message was rendered from, and the
   * data it was filled with (ESLint's messageId/data): tests and tools match findings by id, not by
   * wording. Set by defineRule when a check reports `{ messageId, data }`.
   */
  messageId?: string;
  data?: MessageData;
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

// ---------------------------------------------------------------- defining a rule

/**
 * What a rule module states about itself (rules/<family>/<ID>-<name>.ts): its stable id and name,
 * title, severity, docs, the peers' rule ids it corresponds to (ids as in the shared crosswalk),
 * CIS controls, the Pod Security Standards control it implements (`level` and `control`; its
 * severity then defaults to error for baseline and warning for restricted), and the applicability
 * of its fixes. The language defaults to the target's (Kubernetes; Dockerfile for Dockerfile rules).
 */
export interface RuleSpec {
  id: string;
  name: string;
  title: string;
  severity?: Severity;
  language?: Language;
  /** The Pod Security Standards level and control this rule implements. */
  level?: 'baseline' | 'restricted';
  control?: string;
  peers?: string[];
  cis?: string[];
  docs: RuleDocs;
  fix?: Applicability;
  /** The former id and name of the rule this one was split from: they still name it in configuration and suppressions (RuleMeta.aliases). */
  aliases?: string[];
  /**
   * The rule's messages by id, with `{{name}}` placeholders (ESLint's `meta.messages`): a check then
   * reports `{ loc, messageId, data }` and the message is rendered from the template.
   */
  messages?: Record<string, string>;
}

/** A report by message id (a rule with `messages`): the message is rendered from the template and `data`. */
export type IdReport = Omit<Report, 'message' | 'messageId'> & { messageId: string; data?: MessageData };

/** A rule's message `id` filled with `data`; an unknown id or a placeholder without data is a bug of the rule (it throws). */
export function renderMessage(meta: RuleMeta, id: string, data: MessageData = {}): string {
  const t = meta.messages?.[id];
  if (t === undefined) throw new Error(`rule ${meta.id} reports messageId '${id}', which is not in its messages`);
  const parts = templateParts(t);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    if (!Object.hasOwn(data, k)) throw new Error(`rule ${meta.id}, message '${id}': no data for {{${k}}}`);
    out += String(data[k]) + parts[i + 1];
  }
  return out;
}

/** A message template cut at its placeholders: text, name, text, ..., text (made once per template). */
const templates = new Map<string, string[]>();
function templateParts(t: string): string[] {
  let parts = templates.get(t);
  if (!parts) {
    parts = [];
    const re = /\{\{\s*(\w+)\s*\}\}/g;
    let last = 0;
    for (let m = re.exec(t); m; m = re.exec(t)) { parts.push(t.slice(last, m.index), m[1]); last = m.index + m[0].length; }
    parts.push(t.slice(last));
    templates.set(t, parts);
  }
  return parts;
}

/** The one builder of a rule's metadata (the registry, the docs and the tests read it). */
export function ruleMeta(s: RuleSpec): RuleMeta {
  const language = s.language ?? 'kubernetes';
  const severity = s.severity ?? (s.level === 'baseline' ? 'error' : s.level === 'restricted' ? 'warning' : undefined);
  if (!severity) throw new Error(`rule ${s.id}: no severity`);
  if (!!s.level !== !!s.control) throw new Error(`rule ${s.id}: a Pod Security control needs both level and control`);
  // a docs example is in the rule's language (the docs generator highlights it so)
  let docs = s.docs;
  if (language === 'dockerfile') {
    docs = { ...s.docs, example: s.docs.example ? { ...s.docs.example, language: 'dockerfile' } : undefined };
    if (!docs.example) delete docs.example;
  }
  const meta: RuleMeta = {
    id: s.id, name: s.name, title: s.title, severity, language, docs,
    references: { pss: s.level && s.control ? { level: s.level, control: s.control } : null, peers: s.peers ?? [], cis: s.cis ?? [] },
    fix: s.fix ? { applicability: s.fix } : null,
  };
  if (s.aliases?.length) {
    if (s.aliases.includes(s.id) || s.aliases.includes(s.name)) throw new Error(`rule ${s.id}: an alias cannot be the rule's own id or name`);
    meta.aliases = [...s.aliases];
  }
  if (s.messages) meta.messages = { ...s.messages };
  return meta;
}

/** What a rule checks, and the subject its check receives. */
export interface RuleTargets {
  /** Every Kubernetes object of a YAML document. */
  object: K8sObject;
  /** The pod spec of every workload (Pod, Deployment, CronJob, ... or a custom resource embedding a pod template). */
  pod: PodSpecRef;
  /** Every YAML document, of any shape (GitHub Actions workflows, Falco rules, ...). */
  'yaml-doc': DocModel;
  dockerfile: import('./dockerfile/model').DockerfileModel;
  /** All objects (and the files they read) of a scan or workspace: cross-file rules. */
  workspace: WorkspaceModel;
}
type ContextOf<T extends keyof RuleTargets> = T extends 'workspace'
  ? WorkspaceRuleContext & { report(r: IdReport & { file: string; lines: LineIndex; obj?: K8sObject }): void }
  : RuleContext & { report(r: IdReport): void };
type RuleOf<T extends keyof RuleTargets> = T extends 'object' | 'pod' ? K8sRule : T extends 'yaml-doc' ? YamlDocRule : T extends 'dockerfile' ? import('./dockerfile/rule').DockerfileRule : WorkspaceRule;

/**
 * The one way to define a rule: `export default defineRule('pod', { id, name, title, ... }, (pod, ctx) => { ... })`.
 * A workspace rule may name the files without Kubernetes objects whose text it reads (`options.readsText`);
 * an object rule, a cheap test of the objects it can report on (`options.applies`: the check is not
 * run for the others).
 * Reports of object, pod and document rules end at the last non-blank character of their node (YAML
 * block nodes end at the next line's start, which is not what a person should see underlined).
 */
export function defineRule<T extends keyof RuleTargets>(target: T, spec: RuleSpec | RuleMeta, check: (subject: RuleTargets[T], ctx: ContextOf<T>) => void, options: { readsText?: WorkspaceRule['readsText']; applies?: (obj: K8sObject) => boolean } = {}): RuleOf<T> {
  const meta = 'references' in spec ? spec : ruleMeta({ ...spec, language: spec.language ?? (target === 'dockerfile' ? 'dockerfile' : undefined) });
  const check0 = check as (s: unknown, ctx: unknown) => void;
  // a rule with messages reports by id: the message is rendered here, so every analysis receives plain reports
  const run: (s: unknown, ctx: unknown) => void = meta.messages ? (s, ctx) => check0(s, withMessages(meta, ctx as RuleContext)) : check0;
  // object, pod and document rules: one CheckContext (tight ranges, messages by id) per check
  const m = meta.messages ? meta : undefined;
  switch (target) {
    case 'object': {
      // a rule that says which objects it can speak on is not entered (nor given a context) for the others
      const applies = options.applies;
      if (applies) return { meta, target: 'k8s', check: (obj: K8sObject, ctx: RuleContext) => { if (applies(obj)) check0(obj, new CheckContext(ctx, m)); } } as K8sRule as RuleOf<T>;
      return { meta, target: 'k8s', check: (obj: K8sObject, ctx: RuleContext) => check0(obj, new CheckContext(ctx, m)) } as K8sRule as RuleOf<T>;
    }
    case 'pod': return { meta, target: 'k8s', check: (obj: K8sObject, ctx: RuleContext) => { const pod = podSpecOf(obj); if (pod) check0(pod, new CheckContext(ctx, m)); } } as K8sRule as RuleOf<T>;
    case 'yaml-doc': return { meta, target: 'yaml-doc', check: (doc: DocModel, ctx: RuleContext) => check0(doc, new CheckContext(ctx, m)) } as YamlDocRule as RuleOf<T>;
    case 'dockerfile': return { meta, target: 'dockerfile', check: run } as unknown as RuleOf<T>;
    default: return { meta, target: 'workspace', check: run, ...(options.readsText ? { readsText: options.readsText } : {}) } as WorkspaceRule as RuleOf<T>;
  }
}

/** A context whose `report` also takes `{ messageId, data }` of the rule's messages. */
function withMessages<C extends { report(r: Report): void }>(meta: RuleMeta, ctx: C): C {
  const out = Object.create(ctx) as C;
  out.report = (r: Report | IdReport) => ctx.report('messageId' in r && r.messageId !== undefined && (r as Report).message === undefined ? { ...r, message: renderMessage(meta, r.messageId, r.data) } as Report : r as Report);
  return out;
}

/**
 * A context whose reports end at the last non-blank character: YAML nodes of block scalars and
 * block maps end at the start of the next line, which is not what the user should see underlined.
 */
export function tightContext(ctx: RuleContext): RuleContext {
  return new CheckContext(ctx, undefined);
}

/**
 * The context of one check of an object, pod or document rule: the analysis's context (read
 * through, `lines` staying lazy), with reports tightened to their last non-blank character and, for
 * a rule with `meta` messages, rendered from `{ messageId, data }`. One small object of one class
 * per check: an `Object.create` of the analysis's context per check (as before) gave every object's
 * context its own prototype, so every rule's reads of `ctx.pss`, `ctx.text`, `ctx.report` saw as
 * many shapes as objects (megamorphic), and cost two objects and two closures per rule and object.
 */
class CheckContext implements RuleContext {
  constructor(private readonly base: RuleContext, private readonly meta: RuleMeta | undefined) {}
  get file(): string { return this.base.file; }
  get text(): string { return this.base.text; }
  get lines(): LineIndex { return this.base.lines; }
  get settings(): Settings { return this.base.settings; }
  get pss(): RuleContext['pss'] { return this.base.pss; }
  report(r0: Report | IdReport): void {
    const meta = this.meta;
    const r = meta && 'messageId' in r0 && r0.messageId !== undefined && (r0 as Report).message === undefined ? { ...r0, message: renderMessage(meta, r0.messageId, r0.data) } as Report : r0 as Report;
    const text = this.base.text;
    let [s, e] = r.loc;
    while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
    this.base.report(s === r.loc[0] && e === r.loc[1] ? r : { ...r, loc: [s, e] });
  }
}
