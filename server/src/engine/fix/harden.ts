/**
 * Hardening to a Pod Security level: every safe and unsafe fix of the Pod Security Standards
 * rules, evaluated at that level (namespace labels in the file do not lower it), applied round
 * after round until nothing more applies. For a whole file (the Harden File command), or for the
 * one YAML document that holds a workload (the "Harden <workload> to <level>" quick fix): only
 * that document is analysed and changed, so the quick fix costs the same in a 10,000-line file as
 * in a 30-line one, and it never touches the other documents. Pure.
 */
import { Analyzer } from '../analyze';
import type { Settings } from '../settings';
import type { OffsetEdit } from '../types';
import { splitDocuments } from '../yaml/split';
import { fixText, FixFilter, FixResult, offsetEditsBetween } from './apply';
import { podSpecOf, describeContainer, type ContainerKind } from '../k8s/model';
import { lookup, put } from '../own';

/** `settings` with every namespace of the file's objects checked at `level`; the analyzer that saw them. */
function atLevel(file: string, text: string, level: 'baseline' | 'restricted', settings: Settings, languageId: string | undefined): { s: Settings; a: Analyzer } {
  const s: Settings = { ...settings, podSecurity: { ...settings.podSecurity, level }, namespaces: { ...settings.namespaces } };
  const a = new Analyzer();
  a.analyze(file, text, { settings: s, languageId });
  for (const o of a.objects(file)) put(s.namespaces, o.namespace, { level, version: lookup(settings.namespaces, o.namespace)?.version ?? settings.podSecurity.version });
  return { s, a };
}

/** Every safe and unsafe fix of the Pod Security rules (within a span of the text, when given), round after round. */
function hardenAt(file: string, text: string, s: Settings, languageId: string | undefined, within?: FixFilter['within']): FixResult {
  return fixText(file, text, s, { applicability: ['safe', 'unsafe'], rule: (f) => f.references.pss !== null, within }, { languageId });
}

export function hardenText(file: string, text: string, level: 'baseline' | 'restricted', settings: Settings, opts: { languageId?: string } = {}): FixResult {
  return hardenAt(file, text, atLevel(file, text, level, settings, opts.languageId).s, opts.languageId);
}

export interface HardenEdit {
  /** Edits of the file's text (offsets into it). */
  edits: OffsetEdit[];
  /** Fixes applied, and the rules they fixed. */
  applied: number;
  rules: Set<string>;
}

/**
 * Every Pod Security fix `level` needs for the YAML document holding `offset`, as edits of the whole
 * file; undefined when nothing applies. JSON files are one document.
 */
export function hardenDocumentAt(file: string, text: string, offset: number, level: 'baseline' | 'restricted', settings: Settings, opts: { languageId?: string } = {}): HardenEdit | undefined {
  const c = chunkAt(text, offset);
  if (!c) return undefined;
  return editsOf(c, hardenText(file, c.text, level, settings, opts));
}

function chunkAt(text: string, offset: number): { text: string; offset: number } | undefined {
  const chunks = splitDocuments(text);
  let c = chunks[0];
  for (const x of chunks) if (x.offset <= offset) c = x;
  return c;
}

/**
 * The container (of a workload in the YAML document holding `offset`) whose node holds `offset`,
 * and every Pod Security fix `level` needs that changes only that container's node: the
 * "Harden container 'web' to restricted" quick fix. Pod-level settings (the pod's securityContext,
 * hostNetwork, volumes) are the workload's hardening. Undefined when `offset` is in no container or
 * nothing applies.
 */
export function hardenContainerAt(file: string, text: string, offset: number, level: 'baseline' | 'restricted', settings: Settings, opts: { languageId?: string } = {}): (HardenEdit & { container: string }) | undefined {
  const c = chunkAt(text, offset);
  if (!c) return undefined;
  const at = offset - c.offset;
  // the analysis that finds the container also gives the settings to harden with
  const { s, a } = atLevel(file, c.text, level, settings, opts.languageId);
  let target: { obj: number; kind: ContainerKind; index: number; label: string } | undefined;
  a.objects(file).forEach((o, i) => {
    for (const k of podSpecOf(o)?.containers ?? []) {
      const [s, e] = k.view.loc;
      if (s <= at && at <= e) target = { obj: i, kind: k.kind, index: k.index, label: describeContainer(k) };
    }
  });
  if (!target) return undefined;
  const t = target;
  const within: FixFilter['within'] = (text, analyzer) => {
    const o = analyzer.objects(file)[t.obj];
    const k = o && podSpecOf(o)?.containers.find((x) => x.kind === t.kind && x.index === t.index);
    if (!k) return undefined;
    const [start, end] = k.view.loc;
    return { start, end, indent: start - (text.lastIndexOf('\n', start - 1) + 1) };
  };
  const h = editsOf(c, hardenAt(file, c.text, s, opts.languageId, within));
  return h && { ...h, container: t.label };
}

function editsOf(c: { text: string; offset: number }, r: FixResult): HardenEdit | undefined {
  if (!r.applied || r.text === c.text) return undefined;
  const edits = offsetEditsBetween(c.text, r.text).map((e) => ({ start: e.start + c.offset, end: e.end + c.offset, newText: e.newText }));
  return { edits, applied: r.applied, rules: r.rules };
}
