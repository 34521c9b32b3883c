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
import { DiagnosticData, fixesOf } from './convert';
import { suppressionEdit } from '../engine/fix/suppress';
import { forClient, snippetEditMode } from './snippets';
import { fixText, textEditsBetween, FixFilter } from '../engine/fix/apply';
import type { Applicability } from '../engine/types';

export const FIX_ALL_KIND = CodeActionKind.SourceFixAll + '.palisade';

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
    const seen = new Set<string>();
    const disable: CodeAction[] = [];
    const text = doc.getText();
    for (const d of params.context.diagnostics) {
      const own = ownDiagnostic(state, doc, d);
      if (!own) continue; // stale or foreign diagnostic: its edits would land in the wrong place
      const data = own.data as DiagnosticData;
      (fixesOf(own) ?? []).forEach((fx, i) => {
        const snippet = fx.snippet === true || fx.applicability === 'display-only';
        const a: CodeAction = {
          title: fx.applicability === 'unsafe' ? `${fx.title} (unsafe fix)` : fx.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === 0 && fx.applicability === 'safe',
          edit: { changes: { [doc.uri]: fx.edits } },
        };
        if (snippet) a.data = { snippet: true };
        out.push(forClient(a, doc.uri, doc.version));
      });
      const at = doc.offsetAt(d.range.start);
      const line = suppressionEdit(text, at, data.ruleId);
      const targets: [string, number][] = [[`Disable ${data.ruleId} for this line`, line.start]];
      const rs = resourceStart(state, doc.uri, at);
      if (rs !== undefined) targets.push([`Disable ${data.ruleId} for this resource`, rs]);
      for (const [title, off] of targets) {
        const snip = snippetEditMode() !== 'none';
        const e = suppressionEdit(text, off, data.ruleId, snip);
        const key = `${title}@${e.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const pos = doc.positionAt(e.start);
        disable.push(forClient({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: [TextEdit.insert(pos, e.newText)] } }, ...(snip ? { data: { snippet: true } } : {}) }, doc.uri, doc.version));
      }
    }
    out.push(...disable);
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
