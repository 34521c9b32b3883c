/**
 * Applying fixes to a whole file: choose one fix per finding, keep only fixes whose edits do not
 * overlap or touch one another, apply them, analyse again and repeat (bounded) until nothing more
 * applies. Fixes that would make the file fail to parse are rolled back. Pure.
 */
import { Analyzer } from '../analyze';
import type { Settings } from '../settings';
import type { Applicability, Finding, Fix, OffsetEdit, TextEdit } from '../types';
import { LineIndex, applyOffsetEdits } from '../text';
import { lineDiff } from './diff';

export interface FixFilter {
  /** Applicabilities to apply (display-only is never applied automatically). */
  applicability: Applicability[];
  /** Only findings of these rules (default: all). */
  rule?: (f: Finding) => boolean;
  /**
   * Only fixes whose every edit lies inside this span of the current text (recomputed each round,
   * from the analyzer that analysed it): hardening one container leaves the rest of the pod alone.
   */
  within?: (text: string, analyzer: Analyzer) => Span | undefined;
}

export interface FixResult {
  text: string;
  /** Fixes applied over all rounds. */
  applied: number;
  rounds: number;
  /** Rule ids that had a fix applied. */
  rules: Set<string>;
}

export const MAX_ROUNDS = 10;

/** The fix to apply for a finding under a filter: the first eligible one that is not a suppression. */
export function chooseFix(f: Finding, filter: FixFilter): Fix | undefined {
  return eligibleFixes(f, filter)[0];
}

function eligibleFixes(f: Finding, filter: FixFilter): Fix[] {
  if (filter.rule && !filter.rule(f)) return [];
  return f.fixes.filter((x) => x.applicability !== 'display-only' && !x.snippet && filter.applicability.includes(x.applicability) && !x.title.startsWith('Disable '));
}

/** A span of the text; `indent`: an insertion at its very end belongs to it only when its lines are indented at least this much (a YAML node's end is also its parent's). */
export interface Span { start: number; end: number; indent?: number }

function insideSpan(e: { start: number; end: number; newText: string }, w: Span): boolean {
  if (e.start < w.start || e.end > w.end) return false;
  if (e.start === w.end && w.indent !== undefined) return e.newText.split('\n').every((l) => !l.trim() || l.length - l.trimStart().length >= w.indent!);
  return true;
}

/**
 * Picks non-conflicting fixes from findings: identical fixes count once; a fix is skipped when
 * one of its edits overlaps or touches an edit already chosen (it is retried on the next round).
 */
export function selectFixes(text: string, findings: Finding[], filter: FixFilter, within?: Span): { fixes: Fix[]; edits: { start: number; end: number; newText: string }[] } {
  const lines = new LineIndex(text);
  const chosen: Span[] = [];
  const seen = new Set<string>();
  const fixes: Fix[] = [];
  const edits: { start: number; end: number; newText: string }[] = [];
  const offsetsOf = (fx: Fix) => fx.edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
  const inside = (offs: { start: number; end: number; newText: string }[]) => !within || offs.every((e) => insideSpan(e, within));
  for (const f of findings) {
    // within a span: the first eligible fix that stays inside it (a container-level alternative to a pod-level fix)
    const fx = within ? eligibleFixes(f, filter).find((x) => x.edits.length && inside(offsetsOf(x))) : chooseFix(f, filter);
    if (!fx || !fx.edits.length) continue;
    const offs = offsetsOf(fx);
    const key = JSON.stringify(offs);
    if (seen.has(key)) continue;
    seen.add(key);
    const conflicts = offs.some((e) => chosen.some((c) => e.start <= c.end && c.start <= e.end)) || selfOverlap(offs);
    if (conflicts) continue;
    chosen.push(...offs);
    edits.push(...offs);
    fixes.push(fx);
  }
  return { fixes, edits };
}

function selfOverlap(edits: Span[]): boolean {
  const s = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < s.length; i++) if (s[i].start < s[i - 1].end) return true;
  return false;
}

/** Applies fixes until none applies any more (at most MAX_ROUNDS rounds). */
export interface RoundInfo { before: string; after: string; edits: { start: number; end: number; newText: string }[]; findings: Finding[] }

export function fixText(file: string, text: string, settings: Settings, filter: FixFilter, opts: { languageId?: string; maxRounds?: number; onRound?: (r: RoundInfo) => void } = {}): FixResult {
  const analyzer = new Analyzer();
  let cur = text;
  let applied = 0;
  let rounds = 0;
  const rules = new Set<string>();
  let res = analyzer.analyze(file, cur, { settings, languageId: opts.languageId });
  const baseErrors = res.errors.length;
  for (let r = 0; r < (opts.maxRounds ?? MAX_ROUNDS); r++) {
    const findings = res.findings;
    let span: Span | undefined;
    if (filter.within) {
      span = filter.within(cur, analyzer);
      if (!span) break; // the part to fix is gone
    }
    const { fixes, edits } = selectFixes(cur, findings, filter, span);
    if (!edits.length) break;
    let next: string;
    try { next = applyOffsetEdits(cur, edits); } catch { break; }
    if (next === cur) break;
    const nres = analyzer.analyze(file, next, { settings, languageId: opts.languageId });
    if (nres.errors.length > baseErrors) break; // never leave the file less parseable than it was
    for (const f of findings) if (f.fixes.some((x) => fixes.includes(x))) rules.add(f.ruleId);
    applied += fixes.length;
    rounds++;
    opts.onRound?.({ before: cur, after: next, edits, findings });
    cur = next;
    res = nres;
  }
  return { text: cur, applied, rounds, rules };
}

/** Minimal line-based edits turning `a` into `b` (for one WorkspaceEdit). */
export function textEditsBetween(a: string, b: string): TextEdit[] {
  const idx = new LineIndex(a);
  return offsetEditsBetween(a, b, idx).map((e) => idx.edit(e));
}

/** The same as offsets into `a`. */
export function offsetEditsBetween(a: string, b: string, idx: LineIndex = new LineIndex(a)): OffsetEdit[] {
  const la = splitLinesKeep(a);
  const lb = splitLinesKeep(b);
  const out: OffsetEdit[] = [];
  for (const h of lineDiff(la, lb)) {
    const start = h.aStart < la.length ? idx.lineStarts[h.aStart] : a.length;
    const end = h.aStart + h.aLen < la.length ? idx.lineStarts[h.aStart + h.aLen] : a.length;
    out.push({ start, end, newText: lb.slice(h.bStart, h.bStart + h.bLen).join('') });
  }
  return out;
}

/** Lines with their terminators. */
export function splitLinesKeep(s: string): string[] {
  const out: string[] = [];
  const re = /[^\r\n]*(\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) && m[0] !== '') { out.push(m[0]); if (re.lastIndex >= s.length) break; }
  return out;
}
