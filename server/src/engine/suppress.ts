/**
 * Suppressions, applied to the findings of a file after its rules ran:
 *
 * - `# palisade-ignore K8S001,K8S020 -- reason` (ids or rule names, comma- or space-separated; none
 *   means every rule; a former id of split rules, RuleMeta.aliases, names each rule split from it) in the comment block directly above a line: it covers the findings on that
 *   line and, when the line opens a block (a mapping key with nested lines, a `- ` sequence item,
 *   e.g. a container), the findings inside that block. Above the first line of an object (or of a
 *   `- ` item of a `kind: List`) it covers the whole resource.
 * - `# palisade-ignore-file K8S001 -- reason` anywhere: the whole file.
 * - The annotation `palisade.dev/ignore: "K8S001,RBAC003 -- reason"` (reason also in
 *   `palisade.dev/ignore-reason`) in `metadata.annotations` or in the pod template's metadata: the
 *   whole object.
 * - Peers' annotations, mapped through the rules' `references.peers`: `checkov.io/skipN:
 *   CKV_K8S_20=reason`, `ignore-check.kube-linter.io/<check>`, `kube-linter.io/ignore-all` (every
 *   rule with a kube-linter peer), `polaris.fairwinds.com/<check>-exempt: "true"` and
 *   `polaris.fairwinds.com/exempt: "true"` (every rule with a Polaris peer).
 * - zizmor's `# zizmor: ignore[audit,...]` comments (GitHub Actions): the findings whose range
 *   covers the comment's line, of the rules with those `zizmor:` peers.
 * - `.palisade.yaml` per-namespace rule settings (`settings.namespaceRules`): 'off' drops the
 *   findings of objects in that namespace, a severity changes it.
 *
 * Comment parsing is language-neutral (full-line `#` comments), so other line-comment formats can
 * reuse `parseDirectives`. With `requireSuppressionReason`, palisade suppressions without a reason
 * still apply but are reported (K8S100, info); unknown rule ids in them are reported too (K8S102).
 */
import type { Finding, Loc, RuleMeta, Severity } from './types';
import type { LineIndex } from './text';
import { K8sObject, podSpecOf } from './k8s/model';
import type { Settings } from './settings';
import type { YView } from './yaml/nodes';
import { getRule, isRuleKey } from './rules';
import { lookup } from './own';
import { namesRule, ruleEntry, type RuleNames } from './severity';

export interface Directive {
  file: boolean;
  /** Rule ids (upper case) or names (lower case) as written; empty = every rule. */
  ids: string[];
  reason: string;
  /** 0-based line of the comment, and the comment's offsets. */
  line: number;
  loc: Loc;
}

export interface SuppressOptions {
  /** Report K8S100 / K8S102 findings about the suppressions themselves (default true). */
  meta?: boolean;
  /** Whether the text mentions a suppression at all, when the caller knows (saves a scan of the text). */
  hasText?: boolean;
}

/** Whether a text can hold a suppression at all (comment or annotation): the cheap test before parsing any. */
export const SUPPRESSION_HINT = /palisade-ignore|palisade\.dev\/ignore|checkov\.io\/skip|kube-linter\.io|polaris\.fairwinds\.com|zizmor:\s*ignore/;
const DIRECTIVE = /^([ \t]*)#[ \t]*palisade-ignore(-file)?(?=[\s,:]|$)(.*)$/gm;

/** `# palisade-ignore[-file] ids -- reason` comments of a text (full-line `#` comments). */
export function parseDirectives(text: string, lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text))) {
    const body = m[3].replace(/\r$/, '').replace(/^:/, '');
    const cut = /(^|\s)--(\s|$)/.exec(body);
    const idsPart = cut ? body.slice(0, cut.index) : body;
    const reason = cut ? body.slice(cut.index + cut[0].length).trim() : '';
    const start = m.index + m[1].length;
    out.push({ file: !!m[2], ids: splitIds(idsPart), reason, line: lines.lineOf(start), loc: [start, m.index + m[0].replace(/\r$/, '').length] });
  }
  return out;
}

function splitIds(s: string): string[] {
  return s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean).map(normId);
}
function normId(x: string): string { return /^[A-Za-z0-9_]+$/.test(x) && /\d$/.test(x) ? x.toUpperCase() : x.toLowerCase(); }

/** What names the rule of a finding: its id, name and former ids (a rule split from another keeps the old id as an alias). */
function namesOf(f: Finding): RuleNames {
  return getRule(f.ruleId)?.meta ?? { id: f.ruleId, name: f.name };
}

function matchesRule(ids: string[], f: Finding): boolean {
  if (ids.length === 0) return true;
  const names = namesOf(f);
  return ids.some((id) => namesRule(id, names));
}

/** True when the line holds only a comment (or nothing). */
const isCommentLine = (s: string) => /^\s*#/.test(s);
const isBlank = (s: string) => /^\s*$/.test(s);

function lineText(lines: LineIndex, n: number): string {
  const s = lines.lineStarts[n];
  const e = n + 1 < lines.lineStarts.length ? lines.lineStarts[n + 1] : lines.text.length;
  return lines.text.slice(s, e).replace(/\r?\n$|\r$/, '');
}

/**
 * The lines a line-level directive covers: the line after its comment block, and the block that
 * line opens (an object, a `- ` item, a key with nested lines). Undefined when the comment block
 * is not directly followed by a line of content.
 */
function extentOf(d: Directive, lines: LineIndex, objects: K8sObject[]): [number, number] | undefined {
  let t = d.line + 1;
  while (t < lines.lineCount && isCommentLine(lineText(lines, t))) t++;
  if (t >= lines.lineCount) return undefined;
  const first = lineText(lines, t);
  if (isBlank(first) || /^(---|\.\.\.)(\s|$)/.test(first)) return undefined;
  const obj = objects.filter((o) => lines.lineOf(o.startLoc[0]) === t).sort((a, b) => (b.view.loc[1] - b.view.loc[0]) - (a.view.loc[1] - a.view.loc[0]))[0];
  if (obj) return [t, lines.lineOf(Math.max(obj.view.loc[0], obj.view.loc[1] - 1))];
  const indent = /^[ \t]*/.exec(first)![0].length;
  const opensKey = /:\s*(#.*)?$/.test(first) && !/^\s*-\s*$/.test(first);
  let end = t;
  for (let n = t + 1; n < lines.lineCount; n++) {
    const s = lineText(lines, n);
    if (isBlank(s) || isCommentLine(s)) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(s)) break;
    const ind = /^[ \t]*/.exec(s)![0].length;
    if (ind > indent || (opensKey && ind === indent && /^\s*-(\s|$)/.test(s))) end = n;
    else break;
  }
  return [t, end];
}

interface AnnotationSuppression {
  obj: K8sObject;
  /** Own rule ids/names, or peer ids ("checkov:CKV_K8S_20"), or a whole tool ("kube-linter:*"). */
  own?: string[];
  peers?: string[];
  tools?: string[];
  reason: string;
  loc: Loc;
}

function annotationSuppressions(objects: K8sObject[]): AnnotationSuppression[] {
  const out: AnnotationSuppression[] = [];
  for (const obj of objects) {
    const metas: YView[] = [obj.view.get('metadata')];
    const pod = podSpecOf(obj);
    if (pod && pod.meta.exists && pod.meta.node !== metas[0].node) metas.push(pod.meta);
    for (const meta of metas) {
      const ann = meta.get('annotations');
      if (!ann.isMap) continue;
      const entries = ann.entries();
      const reasonAnn = entries.find(([k]) => k === 'palisade.dev/ignore-reason')?.[1].str?.trim() ?? '';
      for (const [k, v] of entries) {
        const val = v.str ?? '';
        let m: RegExpExecArray | null;
        if (k === 'palisade.dev/ignore') {
          const cut = /(^|\s)--(\s|$)/.exec(val);
          const ids = splitIds(cut ? val.slice(0, cut.index) : val);
          out.push({ obj, own: ids, reason: (cut ? val.slice(cut.index + cut[0].length).trim() : '') || reasonAnn, loc: v.pair ? v.pairLoc : v.loc });
        } else if (/^checkov\.io\/skip\d*$/.test(k)) {
          for (const part of val.split(',')) {
            const id = part.split('=')[0].trim().toUpperCase();
            if (id) out.push({ obj, peers: [`checkov:${id}`], reason: part.split('=').slice(1).join('=').trim(), loc: v.pairLoc });
          }
        } else if ((m = /^ignore-check\.kube-linter\.io\/(.+)$/.exec(k))) {
          out.push({ obj, peers: [`kube-linter:${m[1]}`], reason: val, loc: v.pairLoc });
        } else if (k === 'kube-linter.io/ignore-all') {
          out.push({ obj, tools: ['kube-linter'], reason: val, loc: v.pairLoc });
        } else if (k === 'polaris.fairwinds.com/exempt' && truthy(v)) {
          out.push({ obj, tools: ['polaris'], reason: '', loc: v.pairLoc });
        } else if ((m = /^polaris\.fairwinds\.com\/(.+)-exempt$/.exec(k)) && truthy(v)) {
          out.push({ obj, peers: [`polaris:${m[1]}`], reason: '', loc: v.pairLoc });
        }
      }
    }
  }
  return out;
}

function truthy(v: YView): boolean {
  return v.bool === true || /^(true|yes|on|1)$/i.test(v.str ?? '');
}

function metaOf(id: string): RuleMeta | undefined { return getRule(id)?.meta; }

function severityFor(id: string, settings: Settings): Severity | undefined {
  const m = metaOf(id);
  if (!m) return undefined;
  const s = ruleEntry(settings.rules, m);
  if (s === 'off') return undefined;
  return s ?? m.severity;
}

function metaFinding(id: string, severity: Severity, message: string, loc: Loc, lines: LineIndex): Finding {
  const m = metaOf(id)!;
  return { ruleId: m.id, name: m.name, severity, message, range: lines.range(loc), resource: null, references: m.references, fixes: [] };
}

function knownRule(id: string): boolean {
  return isRuleKey(id) || isRuleKey(id.toUpperCase()) || isRuleKey(id.toLowerCase());
}

/** Lines (0-based) holding `# zizmor: ignore[a, b]` comments, and the audits they name; undefined if none. */
function zizmorIgnores(text: string, lines: LineIndex): Map<number, string[]> | undefined {
  let out: Map<number, string[]> | undefined;
  const re = /#\s*zizmor:\s*ignore\[([^\]\n]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const line = lines.lineOf(m.index);
    (out ??= new Map()).set(line, [...(out.get(line) ?? []), ...m[1].split(',').map((x) => x.trim()).filter(Boolean)]);
  }
  return out;
}

/** `lines` may be given lazily: it is only built when the text has suppressions. */
export function applySuppressions(findings: Finding[], text: string, linesArg: LineIndex | (() => LineIndex), objects: K8sObject[], settings: Settings, opts: SuppressOptions = {}): Finding[] {
  const nsRules = settings.namespaceRules && Object.keys(settings.namespaceRules).length ? settings.namespaceRules : undefined;
  const hasText = opts.hasText ?? SUPPRESSION_HINT.test(text);
  if (!hasText && !nsRules) return findings;
  let out = findings;

  if (nsRules) {
    const next: Finding[] = [];
    for (const f of out) {
      const ns = f.resource ? f.resource.namespace || 'default' : undefined;
      const r = ns !== undefined ? lookup(nsRules, ns) : undefined;
      const s = r && ruleEntry(r, namesOf(f));
      if (s === 'off') continue;
      next.push(s ? { ...f, severity: s } : f);
    }
    out = next;
  }
  if (!hasText) return out;

  const lines = typeof linesArg === 'function' ? linesArg() : linesArg;
  const directives = parseDirectives(text, lines);
  const fileLevel = directives.filter((d) => d.file);
  const lineLevel = directives.filter((d) => !d.file).map((d) => ({ d, extent: extentOf(d, lines, objects) }));
  const annotations = annotationSuppressions(objects);
  const zizmor = zizmorIgnores(text, lines);
  const objLines = new Map<K8sObject, [number, number]>();
  const linesOfObj = (o: K8sObject) => {
    let r = objLines.get(o);
    if (!r) { r = [lines.lineOf(o.view.loc[0]), lines.lineOf(Math.max(o.view.loc[0], o.view.loc[1] - 1))]; objLines.set(o, r); }
    return r;
  };

  out = out.filter((f) => {
    const line = f.range.start.line;
    for (const d of fileLevel) if (matchesRule(d.ids, f)) return false;
    for (const { d, extent } of lineLevel) if (extent && line >= extent[0] && line <= extent[1] && matchesRule(d.ids, f)) return false;
    if (zizmor) for (let l = line; l <= f.range.end.line; l++) if (zizmor.get(l)?.some((a) => f.references.peers.includes(`zizmor:${a}`))) return false;
    for (const a of annotations) {
      const [s, e] = linesOfObj(a.obj);
      if (line < s || line > e) continue;
      if (a.own && matchesRule(a.own, f)) return false;
      if (a.peers && a.peers.some((p) => f.references.peers.includes(p))) return false;
      if (a.tools && a.tools.some((t) => f.references.peers.some((p) => p.startsWith(t + ':')))) return false;
    }
    return true;
  });

  if (opts.meta === false) return out;
  const meta: Finding[] = [];
  const sev100 = settings.requireSuppressionReason ? severityFor('K8S100', settings) : undefined;
  const sev102 = severityFor('K8S102', settings);
  for (const d of directives) {
    const directive = d.file ? 'palisade-ignore-file' : 'palisade-ignore';
    if (sev100 && !d.reason) meta.push(metaFinding('K8S100', sev100, `This ${directive} suppression gives no reason. Add one after ' -- ' (# ${directive} ${d.ids.join(',') || '<rule>'} -- <why it does not apply>); palisade.requireSuppressionReason is on.`, d.loc, lines));
    if (sev102) for (const id of d.ids) if (!knownRule(id)) meta.push(metaFinding('K8S102', sev102, `Unknown rule '${id}' in this ${directive} comment: it suppresses nothing. Use a Palisade rule id (e.g. K8S020) or name; peers' ids go in their own annotations.`, d.loc, lines));
  }
  for (const a of annotations) {
    if (!a.own) continue;
    if (sev100 && !a.reason) meta.push(metaFinding('K8S100', sev100, `The palisade.dev/ignore annotation gives no reason. Add one after ' -- ' in its value, or a palisade.dev/ignore-reason annotation; palisade.requireSuppressionReason is on.`, a.loc, lines));
    if (sev102) for (const id of a.own) if (!knownRule(id)) meta.push(metaFinding('K8S102', sev102, `Unknown rule '${id}' in the palisade.dev/ignore annotation: it suppresses nothing. Use a Palisade rule id (e.g. K8S020) or name.`, a.loc, lines));
  }
  if (!meta.length) return out;
  const kept = meta.filter((m) => !fileLevel.some((d) => d.ids.length > 0 && matchesRule(d.ids, m)));
  return [...out, ...kept];
}
