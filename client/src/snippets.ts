/**
 * Display-only fixes need a value only a person can choose (a memory limit, an image digest). The
 * server marks their code actions with `data.snippet: true` and writes their text in snippet syntax
 * (`${1:placeholder}`). VS Code would insert that text literally, so the code-action middleware turns
 * such an action into a command that inserts the edits as one snippet, with tab stops, in the editor.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const APPLY_SNIPPET_COMMAND = 'palisade.applySnippetFix';

export interface SnippetEditArg { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }

function isSnippetAction(a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction {
  if (!(a instanceof vscode.CodeAction)) return false;
  const data = (a as { data?: unknown }).data as { snippet?: unknown } | undefined;
  return !!data && typeof data === 'object' && data.snippet === true;
}

export const snippetMiddleware: Pick<Middleware, 'provideCodeActions'> = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    if (!actions) return actions;
    for (const a of actions) {
      if (!isSnippetAction(a) || !a.edit) continue;
      const entries = a.edit.entries();
      // a snippet is inserted into one editor; an action that edits other files keeps its plain edit
      if (entries.length !== 1) continue;
      const [uri, edits] = entries[0];
      const args: SnippetEditArg[] = edits.map((e) => ({
        range: { start: { line: e.range.start.line, character: e.range.start.character }, end: { line: e.range.end.line, character: e.range.end.character } },
        newText: e.newText,
      }));
      a.edit = undefined;
      a.command = { title: a.title, command: APPLY_SNIPPET_COMMAND, arguments: [uri.toString(), args] };
    }
    return actions;
  },
};

/** Escapes text so a snippet inserts it literally. */
export function escapeSnippetText(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** Renumbers the tab stops of a snippet by `offset` ($0, the final cursor, stays 0). */
export function shiftTabStops(snippet: string, offset: number): string {
  if (offset === 0) return snippet;
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length) { out += c + snippet[i + 1]; i++; continue; }
    if (c === '$') {
      const m = /^(\{?)(\d+)/.exec(snippet.slice(i + 1));
      if (m) {
        const n = Number(m[2]);
        out += '$' + m[1] + (n === 0 ? 0 : n + offset);
        i += m[0].length;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function maxTabStop(snippet: string): number {
  let max = 0;
  for (const m of snippet.matchAll(/(?<!\\)\$\{?(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * Combines several snippet edits of one document into a single snippet over the span they cover:
 * the unchanged text between them is escaped, and the tab stops of later edits are renumbered so
 * that each placeholder stays its own.
 */
export function combineSnippetEdits(doc: vscode.TextDocument, edits: SnippetEditArg[]): { range: vscode.Range; snippet: string } {
  const sorted = edits
    .map((e) => ({ start: doc.offsetAt(new vscode.Position(e.range.start.line, e.range.start.character)), end: doc.offsetAt(new vscode.Position(e.range.end.line, e.range.end.character)), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const text = doc.getText();
  const start = sorted[0].start;
  const end = Math.max(...sorted.map((e) => e.end));
  let snippet = '';
  let at = start;
  let offset = 0;
  for (const e of sorted) {
    snippet += escapeSnippetText(text.slice(at, Math.max(at, e.start)));
    snippet += shiftTabStops(e.newText, offset);
    offset += maxTabStop(e.newText);
    at = Math.max(at, e.end);
  }
  snippet += escapeSnippetText(text.slice(at, end));
  return { range: new vscode.Range(doc.positionAt(start), doc.positionAt(end)), snippet };
}

export async function applySnippetFix(uri: string, edits: SnippetEditArg[]): Promise<boolean> {
  if (!edits?.length) return false;
  const target = vscode.Uri.parse(uri);
  const doc = await vscode.workspace.openTextDocument(target);
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: shown?.viewColumn, preserveFocus: false });
  const { range, snippet } = combineSnippetEdits(doc, edits);
  return editor.insertSnippet(new vscode.SnippetString(snippet), range);
}
