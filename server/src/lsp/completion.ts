/**
 * Palisade's snippets (snippets/*.json, VS Code snippet format) offered as LSP completions, for
 * editors that do not load VS Code snippet files. With client snippet support the items carry
 * snippet syntax (tab stops, choices); without it, plain text with every placeholder at its default.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, CompletionParams, ClientCapabilities } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import kubernetes from '../../../snippets/kubernetes.json';
import githubActions from '../../../snippets/github-actions.json';
import dockerfile from '../../../snippets/dockerfile.json';
import { fileKindOf } from '../engine/analyze';
import { plainText } from './snippets';

export interface SnippetDef { prefix: string; description: string; body: string[] }
type SnippetFile = Record<string, SnippetDef>;

export const SNIPPET_FILES: Record<'kubernetes' | 'github-actions' | 'dockerfile', SnippetFile> = {
  kubernetes: kubernetes as SnippetFile,
  'github-actions': githubActions as SnippetFile,
  dockerfile: dockerfile as SnippetFile,
};

/**
 * The text a snippet inserts when every placeholder takes its default: `${1:x}` -> x (nested
 * placeholders expanded), `${1|a,b|}` -> a, `$1`/`${1}`/`$0` -> '' (a tab stop that repeats a
 * placeholder elsewhere takes that placeholder's default), `\$` -> `$` (see ./snippets.ts).
 */
export function expandDefaults(body: string): string {
  return plainText(body);
}

let snippetSupport = false;
/**
 * Languages for which the client has these snippets already: Palisade's VS Code client contributes
 * snippets/*.json (package.json contributes.snippets) and lists their languages in
 * initializationOptions.contributedSnippets; offering them again as completions lists each twice.
 */
let contributed = new Set<string>();
export function setCompletionCapabilities(caps: ClientCapabilities, initializationOptions?: unknown): void {
  snippetSupport = !!caps.textDocument?.completion?.completionItem?.snippetSupport;
  const langs = (initializationOptions as { contributedSnippets?: unknown } | null | undefined)?.contributedSnippets;
  contributed = new Set(Array.isArray(langs) ? langs.filter((l): l is string => typeof l === 'string') : []);
}

function snippetsFor(doc: TextDocument): SnippetFile[] {
  const kind = fileKindOf(doc.uri, doc.languageId);
  if (kind === 'dockerfile') return [SNIPPET_FILES.dockerfile];
  if (doc.languageId === 'github-actions-workflow') return [SNIPPET_FILES['github-actions']];
  if (kind === 'yaml' && doc.languageId !== 'json' && !/\.json$/i.test(doc.uri)) return [SNIPPET_FILES.kubernetes, SNIPPET_FILES['github-actions']];
  return [];
}

/** Completion items for the position: only where a snippet can start (the line holds at most one word). */
export function completions(doc: TextDocument | undefined, params: CompletionParams, supportsSnippets = snippetSupport): CompletionItem[] {
  if (!doc || contributed.has(doc.languageId)) return [];
  const line = doc.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
  if (!/^\s*(- )?[\w-]*$/.test(line)) return [];
  const out: CompletionItem[] = [];
  for (const file of snippetsFor(doc)) {
    for (const [title, s] of Object.entries(file)) {
      const body = s.body.join('\n');
      out.push({
        label: s.prefix,
        kind: CompletionItemKind.Snippet,
        detail: title,
        documentation: { kind: 'markdown', value: `${s.description}\n\n\`\`\`\n${expandDefaults(body)}\n\`\`\`` },
        insertText: supportsSnippets ? body : expandDefaults(body),
        insertTextFormat: supportsSnippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        filterText: s.prefix,
        sortText: '~' + s.prefix, // after schema/keyword completions of other servers
      });
    }
  }
  return out;
}
