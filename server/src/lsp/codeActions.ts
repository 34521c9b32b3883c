/**
 * Code actions. Quick fixes come only from the diagnostic's `data` (never from its message), and
 * only when the server's latest analysis is of the document's current version and still holds that
 * diagnostic (the same key, rule and range): the fixes' edits are looked up there (they are not sent
 * with the diagnostics), so they always apply to the current text. Every finding also gets
 * "Disable <rule> for this line" and "for this resource" (a `# palisade-ignore` comment with a
 * reason placeholder). `source.fixAll.palisade` applies every safe fix (and unsafe ones when
 * `palisade.fix.unsafe` is on) in one edit.
 *
 * Snippet actions (display-only fixes and suppression comments) carry `data: { snippet: true }` and
 * their edits in snippet syntax; the VS Code client inserts them with tab stops (client/src/snippets.ts).
 * Clients that did not announce snippet edits get them in plain text or without an edit (./snippets.ts).
 */
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerState } from './server';
import { DiagnosticData, fixesOf, findingOf } from './convert';
import { partsOf } from '../engine/present';
import { hardenContainerAt, hardenDocumentAt } from '../engine/fix/harden';
import { suppressionEdit } from '../engine/fix/suppress';
import { forClient, snippetEditMode } from './snippets';
import { fixText, textEditsBetween, FixFilter } from '../engine/fix/apply';
import type { Applicability } from '../engine/types';

import { FIX_ALL_KIND } from './kinds';

/** The most quick fixes offered at one place (the hardening, fixes, the two suppressions). */
export const MAX_QUICK_FIXES = 8;

/** The Pod Security level a workload's namespace is checked at (what its findings were judged by). */
function levelFor(state: ServerState, uri: string, namespace: string): 'baseline' | 'restricted' | undefined {
  const s = state.settingsFor(uri);
  const own = Object.hasOwn(s.namespaces, namespace) ? s.namespaces[namespace] : undefined;
  const level = (own ?? s.podSecurity).level;
  return level === 'privileged' ? undefined : level;
}

/**
 * "Harden container 'web' to restricted" (when the finding is on a container: every Pod Security fix
 * of that container's node) and "Harden <Kind> '<name>' to <level>" (every Pod Security fix the
 * workload's level needs, in one edit of its YAML document; engine/fix/harden.ts): offered first on
 * any Pod Security finding of a workload, the narrowest one preferred; each once.
 */
function hardenActions(state: ServerState, doc: TextDocument, text: string, d: Diagnostic, own: Diagnostic, done: Set<string>): CodeAction[] {
  const f = findingOf(own);
  if (!f?.resource) return [];
  const r = f.resource;
  if (!partsOf(f).some((p) => p.references.pss !== null)) return [];
  const level = levelFor(state, doc.uri, r.namespace);
  if (!level) return [];
  const out: CodeAction[] = [];
  const at = doc.offsetAt(own.range.start);
  const settings = state.settingsFor(doc.uri);
  const action = (title: string, edits: { start: number; end: number; newText: string }[], applied: number): CodeAction => ({
    title: `${title} to ${level} (${applied} fix${applied === 1 ? '' : 'es'})`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    isPreferred: out.length === 0,
    edit: { changes: { [doc.uri]: edits.map((e) => TextEdit.replace({ start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, e.newText)) } },
  });
  const c = hardenContainerAt(doc.uri, text, at, level, settings, { languageId: doc.languageId });
  if (c && !done.has(`c${r.document}:${c.container}`)) {
    done.add(`c${r.document}:${c.container}`);
    out.push(action(`Harden ${c.container}`, c.edits, c.applied));
  }
  if (!done.has(`w${r.document}`)) {
    done.add(`w${r.document}`);
    const h = hardenDocumentAt(doc.uri, text, at, level, settings, { languageId: doc.languageId });
    // the same edit as the container's (a pod of one container with nothing at pod level) is offered once
    if (h && !(c && c.applied === h.applied && JSON.stringify(c.edits) === JSON.stringify(h.edits))) out.push(action(`Harden ${r.kind} '${r.name}'`, h.edits, h.applied));
  }
  return out;
}

function kindRequested(only: string[] | undefined, kind: string, byDefault: boolean): boolean {
  if (!only) return byDefault;
  return only.some((k) => kind === k || kind.startsWith(k + '.'));
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * The server's own diagnostic for `d` (Palisade's `data`, the same key, rule and range) in its
 * analysis of the document's current version, if any: stale or foreign diagnostics have none.
 */
function ownDiagnostic(state: ServerState, doc: TextDocument, d: Diagnostic): Diagnostic | undefined {
  if (d.source !== 'palisade' || !d.data || typeof d.data !== 'object') return undefined;
  const data = d.data as Partial<DiagnosticData>;
  if (typeof data.key !== 'number' || typeof data.ruleId !== 'string') return undefined;
  const r = state.results.get(doc.uri);
  if (!r || r.version !== doc.version) return undefined;
  return r.diagnostics.find((x) => (x.data as DiagnosticData | undefined)?.key === data.key && x.code === data.ruleId && sameRange(x.range, d.range));
}

/** The filter fix-all uses: safe fixes, plus unsafe ones when the client setting allows them. */
export function fixAllFilter(state: ServerState): FixFilter {
  const applicability: Applicability[] = state.client.fix?.unsafe === true ? ['safe', 'unsafe'] : ['safe'];
  return { applicability };
}

/** Start offset of the resource (Kubernetes object) holding `offset`, if any. */
function resourceStart(state: ServerState, uri: string, offset: number): number | undefined {
  let best: [number, number] | undefined;
  for (const o of state.analyzer.objects(uri)) {
    const [s, e] = o.view.loc;
    if (s <= offset && offset <= e && (!best || s >= best[0])) best = [s, e];
  }
  return best?.[0];
}

export function codeActions(state: ServerState, params: CodeActionParams): CodeAction[] {
  const doc = state.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const out: CodeAction[] = [];
  const only = params.context.only;
  if (kindRequested(only, CodeActionKind.QuickFix, true)) {
    const text = doc.getText();
    const own: { d: Diagnostic; own: Diagnostic }[] = [];
    for (const d of params.context.diagnostics) {
      const o = ownDiagnostic(state, doc, d);
      if (o) own.push({ d, own: o }); // stale or foreign diagnostics have none: their edits would land in the wrong place
    }
    // the finding under the cursor first: the innermost diagnostic holding the requested position
    const cursor = doc.offsetAt(params.range.start);
    const span = (x: Diagnostic) => doc.offsetAt(x.range.end) - doc.offsetAt(x.range.start);
    const holds = (x: Diagnostic) => doc.offsetAt(x.range.start) <= cursor && cursor <= doc.offsetAt(x.range.end);
    own.sort((a, b) => Number(holds(b.own)) - Number(holds(a.own)) || span(a.own) - span(b.own));
    const hardened = new Set<string>();
    const fixes: CodeAction[] = [];
    const seenFix = new Set<string>();
    for (const { d, own: o } of own) {
      const h = hardenActions(state, doc, text, d, o, hardened);
      out.push(...h);
      (fixesOf(o) ?? []).forEach((fx) => {
        if (seenFix.has(fx.title)) return;
        seenFix.add(fx.title);
        const snippet = fx.snippet === true || fx.applicability === 'display-only';
        const a: CodeAction = {
          title: fx.applicability === 'unsafe' ? `${fx.title} (unsafe fix)` : fx.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: !h.length && out.length === 0 && fixes.length === 0 && fx.applicability === 'safe',
          edit: { changes: { [doc.uri]: fx.edits } },
        };
        if (snippet) a.data = { snippet: true };
        fixes.push(forClient(a, doc.uri, doc.version));
      });
    }
    // suppressions for the finding under the cursor only (all its rule ids when it stands for several)
    const disable: CodeAction[] = [];
    const first = own[0];
    if (first) {
      const f = findingOf(first.own);
      const ids = [...new Set(f ? partsOf(f).map((p) => p.ruleId) : [(first.own.data as DiagnosticData).ruleId])].join(',');
      const at = doc.offsetAt(first.d.range.start);
      const line = suppressionEdit(text, at, ids);
      const targets: [string, number][] = [[`Disable ${ids} for this line`, line.start]];
      const rs = resourceStart(state, doc.uri, at);
      if (rs !== undefined && rs !== line.start) targets.push([`Disable ${ids} for this resource`, rs]);
      for (const [title, off] of targets) {
        const snip = snippetEditMode() !== 'none';
        const e = suppressionEdit(text, off, ids, snip);
        const pos = doc.positionAt(e.start);
        disable.push(forClient({ title, kind: CodeActionKind.QuickFix, diagnostics: [first.d], edit: { changes: { [doc.uri]: [TextEdit.insert(pos, e.newText)] } }, ...(snip ? { data: { snippet: true } } : {}) }, doc.uri, doc.version));
      }
    }
    // a short menu: the hardening first, then the fixes, then the suppressions, at most MAX_QUICK_FIXES
    const room = Math.max(0, MAX_QUICK_FIXES - out.length - disable.length);
    out.push(...fixes.slice(0, room), ...disable);
  }
  if (only && kindRequested(only, FIX_ALL_KIND, false)) {
    const edits = fixAllEdits(state, doc);
    if (edits.length) out.push({ title: 'Fix all Palisade problems', kind: FIX_ALL_KIND, diagnostics: [], edit: { changes: { [doc.uri]: edits } } });
  }
  return out;
}

/** Every fix the filter allows, applied round after round, as minimal line edits of the current text. */
export function fixAllEdits(state: ServerState, doc: TextDocument, filter: FixFilter = fixAllFilter(state)): TextEdit[] {
  const text = doc.getText();
  const r = fixText(doc.uri, text, state.settingsFor(doc.uri), filter, { languageId: doc.languageId });
  return r.applied ? textEditsBetween(text, r.text) : [];
}
