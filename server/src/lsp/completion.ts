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
 * placeholder elsewhere takes that placeholder's default), `\$` -> `$`.
 */
export function expandDefaults(body: string): string {
  const defaults = new Map<string, string>();
  // first pass: collect defaults of numbered placeholders
  const collect = (s: string): void => {
    const re = /\$\{(\d+):/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      const end = matchBrace(s, m.index + 1);
      const inner = s.slice(m.index + m[0].length, end);
      if (!defaults.has(m[1])) defaults.set(m[1], expand(inner));
    }
    const ch = /\$\{(\d+)\|([^|]*)\|\}/g;
    while ((m = ch.exec(s))) if (!defaults.has(m[1])) defaults.set(m[1], m[2].split(',')[0].replace(/\\,/g, ','));
  };
  const expand = (s: string): string => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '\\' && (s[i + 1] === '$' || s[i + 1] === '}' || s[i + 1] === '\\')) { out += s[++i]; continue; }
      if (c !== '$') { out += c; continue; }
      let m = /^\$\{(\d+):/.exec(s.slice(i));
      if (m) { const end = matchBrace(s, i + 1); out += defaults.get(m[1]) ?? expand(s.slice(i + m[0].length, end)); i = end; continue; }
      m = /^\$\{(\d+)\|([^|]*)\|\}/.exec(s.slice(i));
      if (m) { out += defaults.get(m[1]) ?? m[2].split(',')[0]; i += m[0].length - 1; continue; }
      m = /^\$\{?(\d+)\}?/.exec(s.slice(i));
      if (m) { out += defaults.get(m[1]) ?? ''; i += m[0].length - 1; continue; }
      out += c;
    }
    return out;
  };
  collect(body);
  return expand(body);
}

/** Index of the `}` closing the `{` at `open`, honouring nesting and `\}` escapes. */
function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return s.length;
}

let snippetSupport = false;
export function setCompletionCapabilities(caps: ClientCapabilities): void {
  snippetSupport = !!caps.textDocument?.completion?.completionItem?.snippetSupport;
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
  if (!doc) return [];
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
