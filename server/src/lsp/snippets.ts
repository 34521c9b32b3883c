/**
 * Snippet syntax in code-action edits, and what a client gets that never announced support for it.
 *
 * Display-only fixes and suppression comments are written in snippet syntax (`${1:256Mi}`,
 * `@sha256:${1:digest}`, `-- ${1:reason}`). Only a client that announced it can take them as
 * snippets (see `snippetEditMode`); every other client must receive plain text, or it writes the
 * placeholders into the user's file. `plainText` turns a snippet into the text it inserts when every
 * placeholder keeps its default, following VS Code's snippet grammar:
 *
 *   tabstop     ::= '$' int | '${' int '}' | '${' int transform '}'
 *   placeholder ::= '${' int ':' any '}'
 *   choice      ::= '${' int '|' text (',' text)* '|}'
 *   variable    ::= '$' var | '${' var '}' | '${' var ':' any '}' | '${' var transform '}'
 *
 * `\$`, `\}` and `\\` escape (and `\,` `\|` inside a choice); any other `\` is literal, and so is a
 * `$` that starts no valid construct. A tab stop repeated elsewhere (a mirror, `$1` after `${1:x}`)
 * takes its placeholder's default; one without any default, and `$0`, insert nothing. A variable
 * inserts its default, or its name (VS Code's behaviour for a variable it does not know).
 */
import type { ClientCapabilities, CodeAction, InitializeParams, TextEdit } from 'vscode-languageserver/node';

type Node =
  | { t: 'text'; value: string }
  | { t: 'tab'; n: number; body?: Node[] } // a tab stop, or a placeholder when it has a body
  | { t: 'choice'; n: number; options: string[] }
  | { t: 'var'; name: string; body?: Node[] };

/** Parses snippet text; `stop` ends a nested body at an unescaped `}`. */
function parse(s: string, i: number, nested: boolean): { nodes: Node[]; end: number; closed: boolean } {
  const nodes: Node[] = [];
  let text = '';
  const flush = () => { if (text) { nodes.push({ t: 'text', value: text }); text = ''; } };
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      const nx = s[i + 1];
      if (nx === '$' || nx === '}' || nx === '\\') { text += nx; i += 2; continue; }
      text += c; i++; continue;
    }
    if (c === '}' && nested) { flush(); return { nodes, end: i + 1, closed: true }; }
    if (c === '$') {
      const r = construct(s, i);
      if (r) { flush(); nodes.push(r.node); i = r.end; continue; }
    }
    text += c; i++;
  }
  flush();
  return { nodes, end: i, closed: false };
}

/** The construct starting at the `$` at `i`, or undefined when the `$` is literal text. */
function construct(s: string, i: number): { node: Node; end: number } | undefined {
  let m = /^\$(\d+)/.exec(s.slice(i, i + 12));
  if (m) return { node: { t: 'tab', n: Number(m[1]) }, end: i + m[0].length };
  m = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(s.slice(i));
  if (m) return { node: { t: 'var', name: m[1] }, end: i + m[0].length };
  if (s[i + 1] !== '{') return undefined;
  m = /^\$\{(?:(\d+)|([_a-zA-Z][_a-zA-Z0-9]*))/.exec(s.slice(i));
  if (!m) return undefined;
  const j = i + m[0].length;
  const n = m[1] !== undefined ? Number(m[1]) : undefined;
  const name = m[2];
  if (s[j] === '}') return { node: n !== undefined ? { t: 'tab', n } : { t: 'var', name: name! }, end: j + 1 };
  if (s[j] === ':') {
    const body = parse(s, j + 1, true);
    if (!body.closed) return undefined;
    return { node: n !== undefined ? { t: 'tab', n, body: body.nodes } : { t: 'var', name: name!, body: body.nodes }, end: body.end };
  }
  if (s[j] === '|' && n !== undefined) {
    const options: string[] = [];
    let cur = '';
    for (let k = j + 1; k < s.length; k++) {
      const c = s[k];
      if (c === '\\' && k + 1 < s.length && '$}\\,|'.includes(s[k + 1])) { cur += s[++k]; continue; }
      if (c === ',') { options.push(cur); cur = ''; continue; }
      if (c === '|') {
        if (s[k + 1] !== '}') return undefined;
        options.push(cur);
        return { node: { t: 'choice', n, options }, end: k + 2 };
      }
      cur += c;
    }
    return undefined;
  }
  if (s[j] === '/') {
    // a transform: /regex/format/options} — the mirror is inserted untransformed. The format may
    // hold ${1:/upcase}-style groups, with slashes and braces of their own
    let k = j + 1;
    for (; k < s.length && s[k] !== '/'; k++) if (s[k] === '\\') k++;
    for (k++; k < s.length && s[k] !== '/'; k++) {
      if (s[k] === '\\') { k++; continue; }
      if (s[k] === '$' && s[k + 1] === '{') {
        let depth = 0;
        for (; k < s.length; k++) {
          if (s[k] === '\\') { k++; continue; }
          if (s[k] === '{') depth++;
          else if (s[k] === '}' && --depth === 0) break;
        }
      }
    }
    const close = s.indexOf('}', k + 1);
    if (k < s.length && close >= 0 && /^[a-z]*$/.test(s.slice(k + 1, close))) {
      return { node: n !== undefined ? { t: 'tab', n } : { t: 'var', name: name! }, end: close + 1 };
    }
  }
  return undefined;
}

function collectDefaults(nodes: Node[], out: Map<number, Node[] | string>): void {
  for (const x of nodes) {
    if (x.t === 'tab' && x.body) { if (!out.has(x.n)) out.set(x.n, x.body); collectDefaults(x.body, out); }
    else if (x.t === 'choice') { if (!out.has(x.n)) out.set(x.n, x.options[0] ?? ''); }
    else if (x.t === 'var' && x.body) collectDefaults(x.body, out);
  }
}

function render(nodes: Node[], defaults: Map<number, Node[] | string>, inside: ReadonlySet<number> = new Set()): string {
  let out = '';
  for (const x of nodes) {
    if (x.t === 'text') out += x.value;
    else if (x.t === 'choice') out += x.options[0] ?? '';
    else if (x.t === 'var') out += x.body ? render(x.body, defaults, inside) : x.name;
    else if (x.body) out += render(x.body, defaults, new Set([...inside, x.n]));
    else if (!inside.has(x.n)) {
      // a mirror takes its placeholder's default; inside that placeholder itself it inserts nothing
      const d = defaults.get(x.n);
      out += typeof d === 'string' ? d : d ? render(d, defaults, new Set([...inside, x.n])) : '';
    }
  }
  return out;
}

/** The text a snippet inserts when every placeholder keeps its default. */
export function plainText(snippet: string): string {
  const { nodes } = parse(snippet, 0, false);
  const defaults = new Map<number, Node[] | string>();
  collectDefaults(nodes, defaults);
  return render(nodes, defaults);
}

/** The default text of each placeholder and choice (`${1:x}` -> x, `${1|a,b|}` -> a), outermost first. */
export function placeholderDefaults(snippet: string): string[] {
  const out: string[] = [];
  const walk = (nodes: Node[], defaults: Map<number, Node[] | string>) => {
    for (const x of nodes) {
      if (x.t === 'tab' && x.body) { out.push(render(x.body, defaults)); walk(x.body, defaults); }
      else if (x.t === 'choice') out.push(x.options[0] ?? '');
      else if (x.t === 'var' && x.body) walk(x.body, defaults);
    }
  };
  const { nodes } = parse(snippet, 0, false);
  const defaults = new Map<number, Node[] | string>();
  collectDefaults(nodes, defaults);
  walk(nodes, defaults);
  return out;
}

/** The edits with their text in plain form: snippet syntax stripped to the placeholders' defaults. */
export function plainEdits<T extends Pick<TextEdit, 'newText'>>(edits: T[]): T[] {
  return edits.map((e) => ({ ...e, newText: plainText(e.newText) }));
}

/**
 * Whether every placeholder of the edits has a concrete value as its default. A default made of
 * letters alone (`digest`, `sha`, `hash`, `commit`) names what a person must fill in: written into
 * the file it would be an invalid value (`@sha256:digest`), so such a fix is offered without an edit
 * to a client that cannot take snippets. Defaults with a digit (`256Mi`, `100m`, `10001`) are values.
 */
export function hasConcreteDefaults(edits: Pick<TextEdit, 'newText'>[]): boolean {
  return edits.every((e) => placeholderDefaults(e.newText).every((d) => !/^[A-Za-z]*$/.test(d.trim())));
}

/**
 * How the client takes snippet text in code-action edits:
 * - `palisade`: Palisade's VS Code client (initializationOptions.snippetEdits, or the experimental
 *   capability `palisade.snippetEdits`): plain TextEdits in snippet syntax, flagged `data.snippet`,
 *   that its code-action middleware inserts as snippets (client/src/snippets.ts);
 * - `lsp`: LSP 3.18 `workspace.workspaceEdit.snippetEditSupport`: SnippetTextEdits in documentChanges;
 * - `none`: plain text only.
 */
export type SnippetEditMode = 'palisade' | 'lsp' | 'none';

export function snippetEditModeOf(caps: ClientCapabilities | undefined, initializationOptions: unknown): SnippetEditMode {
  const init = initializationOptions as { snippetEdits?: unknown } | null | undefined;
  const exp = caps?.experimental as { palisade?: { snippetEdits?: unknown } } | undefined;
  if (init?.snippetEdits === true || exp?.palisade?.snippetEdits === true) return 'palisade';
  const we = caps?.workspace?.workspaceEdit as { snippetEditSupport?: unknown; documentChanges?: unknown } | undefined;
  if (we?.snippetEditSupport === true && we.documentChanges === true) return 'lsp';
  return 'none';
}

let mode: SnippetEditMode = 'none';
let disabledSupport = false;

/** Called on initialize: how this client takes snippet edits. */
export function initSnippetEdits(params: Pick<InitializeParams, 'capabilities' | 'initializationOptions'>): void {
  mode = snippetEditModeOf(params.capabilities, params.initializationOptions);
  disabledSupport = params.capabilities?.textDocument?.codeAction?.disabledSupport === true;
}
export function snippetEditMode(): SnippetEditMode { return mode; }

/**
 * A code action flagged `data.snippet` (edits of `uri` in snippet syntax), as the client can take it:
 * unchanged for Palisade's client; as LSP 3.18 SnippetTextEdits for clients with snippetEditSupport;
 * otherwise with plain text where every placeholder has a concrete default, or without an edit where
 * a person must type the value (disabled with the reason where the client supports that, else its
 * title says so).
 * Actions without the flag are returned as they are.
 */
export function forClient(a: CodeAction, uri: string, version: number, m: SnippetEditMode = mode): CodeAction {
  const data = a.data as { snippet?: unknown } | undefined;
  if (data?.snippet !== true || m === 'palisade') return a;
  const edits = a.edit?.changes?.[uri];
  const { data: _flag, ...rest } = a;
  if (!edits || Object.keys(a.edit?.changes ?? {}).length !== 1) return rest;
  if (m === 'lsp') {
    const snippetEdits = edits.map((e) => ({ range: e.range, snippet: { kind: 'snippet', value: e.newText } }));
    return { ...rest, edit: { documentChanges: [{ textDocument: { uri, version }, edits: snippetEdits as unknown as TextEdit[] }] } };
  }
  if (hasConcreteDefaults(edits)) return { ...rest, edit: { changes: { [uri]: plainEdits(edits) } } };
  const { edit: _edit, ...bare } = rest;
  const names = [...new Set(edits.flatMap((e) => placeholderDefaults(e.newText)))].join(', ');
  return disabledSupport
    ? { ...bare, disabled: { reason: `Type the ${names} in yourself: Palisade cannot choose it, and this editor takes no snippets.` } }
    : { ...bare, title: `${bare.title} (type the ${names} in yourself; no edit)` };
}
