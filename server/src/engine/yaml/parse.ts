import { parseDocument, isScalar, visit, Scalar, Document } from 'yaml';
import type { Chunk } from './split';
import { YView, ParsedDoc } from './nodes';
import type { Loc } from '../types';

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
}

/** Helm/Jinja template syntax; `${{ }}` is a GitHub Actions expression (data), not a template. */
const TEMPLATE = /(?<!\$)\{\{[-~]?\s*[-.$a-zA-Z0-9_("'\/!]|\{%|(?<!\$)\{\{\s*\}\}/;

/**
 * Parses one chunk with the YAML 1.1 schema (as Kubernetes does), keeping duplicate keys so that
 * rules can see and report them. Offsets in the returned model are relative to the chunk until
 * `pd.offset` is set.
 */
export function parseChunk(chunk: Chunk, index: number): DocModel {
  const doc = parseDocument(chunk.text, {
    version: '1.1',
    merge: true,
    uniqueKeys: false,
    keepSourceTokens: false,
    prettyErrors: false,
    strict: false,
    stringKeys: false,
  }) as Document.Parsed;
  const pd: ParsedDoc = { doc, offset: 0 };
  const model: DocModel = { index, pd, root: new YView(doc.contents ?? undefined, pd), length: chunk.text.length };
  const hasTemplate = TEMPLATE.test(chunk.text) && templateOutsideData(chunk.text, doc);
  if (doc.errors.length) {
    if (hasTemplate || TEMPLATE.test(chunk.text)) { model.skipped = 'template'; return model; }
    const e = doc.errors[0];
    // errors found at the end of input point at the last character written, not past it
    const contentEnd = chunk.text.replace(/(\s|^---\s*$|^\.\.\.\s*$)+$/m, '').length;
    let start = e.pos?.[0] ?? 0;
    let end = Math.max(e.pos?.[1] ?? start, start + 1);
    if (start >= contentEnd) { start = Math.max(0, contentEnd - 1); end = contentEnd; }
    model.error = { message: cleanMessage(e.message), loc: [start, Math.max(start, Math.min(end, chunk.text.length))] };
    model.skipped = 'error';
    return model;
  }
  if (hasTemplate) { model.skipped = 'template'; return model; }
  if (doc.contents === null || doc.contents === undefined) model.skipped = 'empty';
  return model;
}

function cleanMessage(m: string): string {
  const first = m.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `YAML syntax error: ${first}`;
}

/**
 * True when `{{`/`{%` template syntax appears outside quoted and block scalars and outside comments,
 * i.e. the document is a Helm (or other) template rather than data that happens to contain braces.
 */
function templateOutsideData(text: string, doc: Document): boolean {
  const dataRanges: [number, number][] = [];
  visit(doc, {
    Scalar(_k, node: Scalar) {
      if (node.type && node.type !== 'PLAIN' && node.range) dataRanges.push([node.range[0], node.range[1]]);
    },
  });
  const re = /(?<!\$)\{\{|\{%/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const at = m.index;
    if (dataRanges.some(([s, e]) => at >= s && at < e)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at);
    if (/(^|\s)#/.test(before) && !/["']/.test(before)) continue; // in a comment
    return true;
  }
  return false;
}

export { isScalar };
