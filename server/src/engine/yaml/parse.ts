import { Composer, Lexer, Parser, Schema, isScalar, visit, Scalar, Document, CST, YAMLParseError, type ScalarTag, type Tags } from 'yaml';
import type { Chunk } from './split';
import { YView, ParsedDoc } from './nodes';
import type { Loc } from '../types';
import { underIndentedQuote } from './quirks';

export interface DocModel {
  /** 0-based index of the document in the file. */
  index: number;
  pd: ParsedDoc;
  root: YView;
  /** First syntax error, relative to the chunk (one clear diagnostic per document). */
  error?: { message: string; loc: Loc };
  /** Why the document is not analysed, if it is not. */
  skipped?: 'template' | 'empty' | 'error';
  /** Length of the chunk text (for relative offsets). */
  length: number;
  /**
   * The text has no `$` and no backslash, so no key of the document can start with `$`: it holds no
   * strategic-merge patch directive (k8s/model.ts patchDirective need not walk it). Unset: unknown.
   */
  directiveFree?: boolean;
}

/**
 * Deepest collection nesting analysed. The `yaml` composer and the rules walk nodes recursively, and
 * at about 1,000 levels the stack runs out (a RangeError, or V8 aborting the whole process when a
 * regular expression is compiled on the nearly exhausted stack). Real manifests nest a few dozen
 * levels; the deepest CRD schemas stay under 150. Deeper documents are skipped with one diagnostic.
 */
export const MAX_NESTING = 400;

/**
 * Most YAML tokens (lexemes) analysed in one document. The `yaml` package needs about 10 µs per
 * token to build and compose a document, and one document cannot be interrupted by the time budget:
 * a 10 MB line of minified JSON (3 million tokens) took 45 s. The largest real single documents
 * (CRDs with big OpenAPI schemas, 1-3 MB) have 100,000 to 300,000 tokens. Comments, line breaks and
 * indentation cost about 2 µs each, and count as one fifth of a token (TRIVIA_WEIGHT): 500 KB of
 * comment lines before a manifest are analysed, 20 MB of them (about 40 s) are not.
 */
export const MAX_TOKENS = 500_000;

/** Trivia lexemes (comments, line breaks, spaces) per token in MAX_TOKENS. */
export const TRIVIA_WEIGHT = 5;

/**
 * A plain scalar that no tag of the YAML 1.1 schema but the string tag can read: it starts with a
 * letter, `_` or `/`, and is not a null or boolean word nor an exponent without digits before it
 * (`e5`); every other tag of the schema (numbers, times, `.inf`, `.nan`, `~`, `<<`) starts with a digit,
 * a sign, a dot, `~` or `<`. Most plain scalars of a manifest (every key, names, labels, kinds) are such
 * words; `yaml` tests each against the schema's 14 other patterns in turn before it settles on a string.
 */
export const SURELY_STRING = /^(?!(?:[Nn]ull|NULL|[Yy]|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|[Nn]|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF|[eE][-+]?[0-9]+)$)[A-Za-z_/]/;

/** A plain decimal integer without sign, leading zero or `_` (ports, counts, user ids): the int tag's, as the schema reads it. */
export const SURELY_DECIMAL = /^[1-9][0-9]*$/;

/**
 * The schema's tags with, first, the string tag again, testing SURELY_STRING, and the decimal int tag
 * again, testing SURELY_DECIMAL: such a scalar is read at once. What it resolves to is what the schema
 * gives it anyway (the same tag's value, and no tag before that one in the schema matches it:
 * test/engine/yaml-semantics.test.ts compares the two on every special word and on random scalars); an
 * explicit `!!str` or `!!int` still finds a tag of its own kind.
 */
function shortcutsFirst(tags: Tags): Tags {
  const scalar = (t: Tags[number]): t is ScalarTag => typeof t === 'object' && !('collection' in t && t.collection);
  const str = tags.find((t): t is ScalarTag => scalar(t) && t.tag === 'tag:yaml.org,2002:str');
  const int = tags.find((t): t is ScalarTag => scalar(t) && t.tag === 'tag:yaml.org,2002:int' && !t.format && !!t.test?.test('10'));
  const first: ScalarTag[] = [];
  if (str) first.push({ ...str, test: SURELY_STRING });
  if (int) first.push({ ...int, test: SURELY_DECIMAL });
  return [...first, ...tags];
}

const PARSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  keepSourceTokens: false,
  prettyErrors: false,
  strict: false,
  stringKeys: false,
  customTags: shortcutsFirst,
} as const;

/**
 * The same, with the schema made once: `yaml` makes the schema of every document anew from its
 * options (its tag list, with the shortcut above, sorted out again: a few microseconds per document),
 * unless one is given. A YAML 1.1 schema is never changed while documents are composed (only a
 * schema that resolves known tags adds to its list, and 1.1 resolves none). A document whose text
 * has a `%YAML` directive is parsed with PARSE_OPTIONS: the directive chooses its schema.
 */
const SHARED_SCHEMA_OPTIONS = {
  ...PARSE_OPTIONS,
  schema: new Schema({ resolveKnownTags: false, schema: 'yaml-1.1', merge: true, customTags: shortcutsFirst }),
};

function optionsFor(text: string): typeof PARSE_OPTIONS {
  return text.includes('%YAML') ? PARSE_OPTIONS : SHARED_SCHEMA_OPTIONS;
}

/**
 * The start of a template action: Go template / Helm (`{{ .Values.x }}`, `{{- if ... }}`,
 * `{{ include "x" . }}`, `{{ $v }}`, Go comments, `{{ end }}`), Jinja (`{% ... %}`, `{{ x | f }}`,
 * (`{{ name }}`, `{{ item.name }}`, `{{ x | f }}`) or an empty `{{ }}`. `${{ }}` is a GitHub Actions
 * expression (data), not a template. A lone word in braces without spaces (`see{{docs}}`) is not: Go
 * templates have no such function, and in a plain scalar it is more likely text than a template.
 */
const TEMPLATE_ACTION = /(?<!\$)\{\{[-~]?\s*(?:[.$("'`!\/]|(?:if|else|end|range|with|define|template|block|break|continue)\b|[a-zA-Z_]\w*\s*[|(]|[a-zA-Z_]\w*\s+[-.$("'`a-zA-Z0-9_]|[a-zA-Z_]\w*\.[a-zA-Z_])|(?<!\$)\{\{[-~]?\s+[a-zA-Z_]\w*\s+[-~]?\}\}|\{%|(?<!\$)\{\{\s*\}\}/g;

/**
 * Parses one chunk with the YAML 1.1 schema (as Kubernetes does), keeping duplicate keys so that
 * rules can see and report them. Offsets in the returned model are relative to the chunk until
 * `pd.offset` is set.
 */
export function parseChunk(chunk: Chunk, index: number): DocModel {
  // `yaml`'s lexer and CST parser are iterative (explicit stacks), so the CST of any input is safe to
  // build; its depth is measured before the recursive composer sees it
  const parsed = parseDocumentGuarded(chunk.text, optionsFor(chunk.text));
  if ('refused' in parsed) {
    return skippedModel(chunk, index, parsed.tokens, refusalMessage(parsed));
  }
  const doc = parsed.doc;
  const pd: ParsedDoc = { doc, offset: 0 };
  const model: DocModel = { index, pd, root: new YView(doc.contents ?? undefined, pd), length: chunk.text.length };
  // template syntax outside quoted and block scalars and comments: the document is a template that was
  // not rendered; analysing its text would check something other than what is deployed (or fail to
  // parse), so it is not analysed, and one error says so (never a silent skip)
  const template = templateOutsideData(chunk.text, doc);
  if (template !== undefined) return templateModel(model, chunk.text, template);
  if (doc.errors.length) {
    const e = doc.errors[0];
    // errors found at the end of input point at the last character written, not past it
    const contentEnd = contentEndOf(chunk.text);
    let start = e.pos?.[0] ?? 0;
    let end = Math.max(e.pos?.[1] ?? start, start + 1);
    if (start >= contentEnd) { start = Math.max(0, contentEnd - 1); end = contentEnd; }
    model.error = { message: underIndentedQuote(chunk.text, e.message, e.pos?.[0] ?? 0) ?? cleanMessage(e.message), loc: [start, Math.max(start, Math.min(end, chunk.text.length))] };
    model.skipped = 'error';
    return withoutBrokenLines(model, chunk.text);
  }
  if (doc.contents === null || doc.contents === undefined) model.skipped = 'empty';
  if (!DOLLAR_OR_ESCAPE.test(chunk.text)) model.directiveFree = true;
  return model;
}

/** What a text needs to write a key that starts with `$`: the character, or an escape of a double-quoted scalar. */
const DOLLAR_OR_ESCAPE = /[$\\]/;

/**
 * The chunk's length without trailing whitespace and trailing `---`/`...` marker lines (linear; the
 * regular expression this replaces backtracked quadratically over long runs of indentation).
 */
export function contentEndOf(text: string): number {
  let end = text.length;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    const lineStart = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
    if (end - lineStart === 3 && /^(---|\.\.\.)$/.test(text.slice(lineStart, end))) { end = lineStart; continue; }
    return end;
  }
}

/**
 * Whether collections nest deeper than `limit` anywhere in the CST: an iterative walk, so that it
 * cannot overflow the stack itself. Returns the offset of the first collection past the limit.
 */
export function tooDeep(tokens: CST.Token[], limit: number): { offset: number } | undefined {
  // tokens and their depths on two stacks (no pair allocated per token)
  const stack: CST.Token[] = [];
  const depths: number[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) { stack.push(tokens[i]); depths.push(0); }
  while (stack.length) {
    const t = stack.pop()!;
    const depth = depths.pop()!;
    switch (t.type) {
      case 'document':
        if (t.value) { stack.push(t.value); depths.push(depth); }
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const d = depth + 1;
        if (d > limit) return { offset: t.offset };
        for (const item of t.items) {
          const it = item as { key?: CST.Token | null; value?: CST.Token };
          if (it.value) { stack.push(it.value); depths.push(d); }
          if (it.key) { stack.push(it.key); depths.push(d); }
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

function firstContent(text: string): number {
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, end);
    if (!/^\s*(#|%|$)/.test(line) && !/^---\s*(#.*)?$/.test(line)) {
      const marker = /^---\s+/.exec(line);
      return at + (marker ? marker[0].length : Math.max(0, line.search(/\S/)));
    }
    at = end + 1;
  }
  return 0;
}

/**
 * Why a document was not composed: nested past MAX_NESTING, more than MAX_TOKENS tokens, or the
 * `yaml` lexer/CST parser threw (`error` is its message).
 */
export type Refusal = { refused: 'nesting'; tokens: CST.Token[] } | { refused: 'size'; tokens: CST.Token[] } | { refused: 'unparsable'; tokens: CST.Token[]; error: string };

/** The lexing stage of `yaml` (a parameter only so that tests can make it throw). */
export interface YamlLexer { lex(source: string): Iterable<string> }

/**
 * `parseDocument` with the nesting and size guards: the parsed document, or why it was refused
 * (for YAML read outside the analyzer, such as `.palisade.yaml`).
 */
export function parseDocumentGuarded(text: string, options: ConstructorParameters<typeof Composer>[0] = {}, lexer: YamlLexer = new Lexer()): { doc: Document.Parsed } | Refusal {
  const cst = cstOf(text, lexer);
  if (cst === 'too-large') return { refused: 'size', tokens: [] };
  if ('failed' in cst) return { refused: 'unparsable', tokens: [], error: cst.failed };
  const tokens = cst.tokens;
  if (tooDeep(tokens, MAX_NESTING)) return { refused: 'nesting', tokens };
  let doc: Document.Parsed | undefined;
  for (const d of new Composer(options).compose(tokens, true, text.length)) {
    if (!doc) doc = d as Document.Parsed;
    else { doc.errors.push(new YAMLParseError(d.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents')); break; }
  }
  doc ??= new Document(null, options) as unknown as Document.Parsed;
  if (!cst.aliases) WITHOUT_ALIASES.add(doc);
  return { doc };
}

/** The diagnostic for a document that was not composed (see `Refusal`). */
export function refusalMessage(r: Refusal): string {
  switch (r.refused) {
    case 'nesting': return `Nesting deeper than ${MAX_NESTING} levels; this document is not analysed.`;
    case 'size': return `This document has more than ${MAX_TOKENS.toLocaleString('en-US')} YAML tokens; it is not analysed.`;
    case 'unparsable': return `This YAML document could not be parsed (${r.error}); it was skipped.`;
  }
}

/**
 * The CST of a chunk, built as `Parser.parse` does but counting tokens; `failed` with the error's
 * first line if the lexer or parser throws (they report syntax errors as tokens, so this is a bug
 * or resource limit in `yaml`, not a problem of the input's nesting).
 */
function cstOf(text: string, lexer: YamlLexer): { tokens: CST.Token[]; aliases: boolean } | 'too-large' | { failed: string } {
  const parser = new Parser();
  const out: CST.Token[] = [];
  let n = 0;
  const max = MAX_TOKENS * TRIVIA_WEIGHT;
  let aliases = false;
  try {
    for (const lexeme of lexer.lex(text)) {
      // comments (#), line breaks and indentation (space, tab) are cheap to compose: one fifth of a token
      const c = lexeme.charCodeAt(0);
      n += c === 35 || c === 10 || c === 13 || c === 32 || c === 9 ? 1 : TRIVIA_WEIGHT;
      if (n > max) return 'too-large';
      // an alias is one lexeme, `*name`; no other starts with `*` but a block scalar's body can
      // (counted too: a document wrongly thought to have aliases only costs a walk)
      if (lexeme.charCodeAt(0) === 42) aliases = true;
      for (const t of parser.next(lexeme)) out.push(t);
    }
    for (const t of parser.end()) out.push(t);
  } catch (e) {
    const m = (e instanceof Error ? e.message : String(e)).split('\n')[0].trim();
    return { failed: m || (e instanceof Error ? e.name : 'unknown error') };
  }
  return { tokens: out, aliases };
}

/** Documents composed by `parseDocumentGuarded` whose text has no alias (`*name`). */
const WITHOUT_ALIASES = new WeakSet<Document>();

/**
 * Whether the document, composed by `parseDocumentGuarded`, has no alias: its nodes are not shared
 * (spares the fixes a walk of the document to find the nodes that aliases refer to).
 */
export function hasNoAliases(doc: Document): boolean {
  return WITHOUT_ALIASES.has(doc);
}

/** A document that was refused (see `Refusal`): not composed, one diagnostic at its start. */
function skippedModel(chunk: Chunk, index: number, tokens: CST.Token[], message: string): DocModel {
  const doc = new Document(null, PARSE_OPTIONS) as unknown as Document.Parsed;
  const pd: ParsedDoc = { doc, offset: 0 };
  const d = tokens.find((t): t is CST.Document => t.type === 'document');
  // the first content: after a `---` marker, blank lines, comments and directives
  let start = d?.value?.offset ?? firstContent(chunk.text);
  if (start >= chunk.text.length) start = 0;
  const lineEnd = chunk.text.slice(start, start + 200).search(/[\r\n]/);
  const end = Math.max(start + 1, lineEnd < 0 ? Math.min(chunk.text.length, start + 200) : start + lineEnd);
  return {
    index, pd, root: new YView(undefined, pd), length: chunk.text.length, skipped: 'error',
    error: { message, loc: [start, Math.min(end, chunk.text.length)] },
  };
}

function cleanMessage(m: string): string {
  const first = m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `YAML syntax error: ${first}`;
}

/**
 * The offset of the first template action (see TEMPLATE_ACTION) outside quoted and block scalars and
 * outside comments, i.e. the document is a Helm (or other) template rather than data that happens to
 * contain braces; undefined when there is none. With syntax errors (most Helm templates do not parse
 * as YAML) the scalars that were read still count as data; `{{` only in a comment is not a template.
 */
export function templateOutsideData(text: string, doc: Document): number | undefined {
  const re = TEMPLATE_ACTION;
  re.lastIndex = 0;
  let m = re.exec(text);
  if (!m) return undefined;
  const dataRanges: [number, number][] = [];
  visit(doc, {
    Scalar(_k, node: Scalar) {
      if (node.type && node.type !== 'PLAIN' && node.range) dataRanges.push([node.range[0], node.range[1]]);
    },
  });
  for (; m; m = re.exec(text)) {
    const at = m.index;
    if (dataRanges.some(([s, e]) => at >= s && at < e)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at);
    if (/(^|\s)#/.test(before) && !/["']/.test(before)) continue; // in a comment
    re.lastIndex = 0;
    return at;
  }
  return undefined;
}

/** The message of a document that is a template (see templateOutsideData); `action` is its first action. */
export function templateMessage(action: string): string {
  return `This document is a template that was not rendered (template syntax '${action}'), so it was not analysed. Render it (for example with helm template) and scan the output.`;
}

/** A template document: not analysed, one error at its first template action. */
function templateModel(model: DocModel, text: string, at: number): DocModel {
  let end = text.indexOf('}}', at);
  end = end < 0 || end - at > 60 ? Math.min(text.length, at + 2) : end + 2;
  const nl = text.slice(at, end).search(/[\r\n]/);
  if (nl >= 0) end = at + nl;
  model.skipped = 'template';
  model.error = { message: templateMessage(text.slice(at, end)), loc: [at, end] };
  return model;
}

export { isScalar };

/**
 * While a line is half typed, the rest of the document still deserves its findings: when the document
 * parses once the lines of its syntax error are blanked (each character but line ends replaced by a
 * space, so every offset stays where it was), the model is that document's, with the error kept. The
 * syntax error stays a diagnostic (and fails a CLI scan: the blanked lines were not checked). An error
 * that blanking its lines does not cure (an unclosed flow collection, say) leaves the document skipped.
 */
function withoutBrokenLines(model: DocModel, text: string): DocModel {
  const [s] = model.error!.loc;
  const from = Math.max(text.lastIndexOf('\n', s - 1), text.lastIndexOf('\r', s - 1)) + 1;
  // the line where the error starts (an error range that runs on names the lines it could not read as well)
  let to = s;
  while (to < text.length && text[to] !== '\n' && text[to] !== '\r') to++;
  // a whole line of content or more: a repair that blanks most of the document would check nothing
  if (to - from > text.length / 2) return model;
  const blanked = text.slice(0, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ') + text.slice(to);
  const parsed = parseDocumentGuarded(blanked, optionsFor(blanked));
  if ('refused' in parsed || parsed.doc.errors.length || templateOutsideData(blanked, parsed.doc) !== undefined) return model;
  const doc = parsed.doc;
  if (doc.contents === null || doc.contents === undefined) return model;
  const pd: ParsedDoc = { doc, offset: 0 };
  return { index: model.index, pd, root: new YView(doc.contents, pd), length: text.length, error: { ...model.error!, message: `${model.error!.message} (the rest of the document is checked without this line)` } };
}
