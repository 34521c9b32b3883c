/**
 * Splits a YAML stream into documents at `---` / `...` markers at the start of a line.
 * YAML forbids such markers inside any scalar (c-forbidden), so splitting on them is exact and lets
 * the analyzer re-parse only the document that changed. Hand-written because the `yaml` package has
 * no incremental API; the chunks are then parsed by `yaml` itself.
 */
export interface Chunk {
  /** Offset of the chunk's first character in the file. */
  offset: number;
  /** The chunk's text, including its leading `---` line if any. */
  text: string;
}

/** A content line: not blank, not only a comment, not a directive (`%` in the first column). */
const CONTENT = /(?:^|\n)(?!%)[^\S\n]*[^\s#]/;

/** Whether a marker (`---` or `...`, then a space, a line break or the end) starts at `i`. */
function markerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i + 3);
  return c !== c /* NaN: the end */ || c === 32 || c === 9 || c === 13 || c === 10;
}

/** The start of the next line at or after `from` that begins with `mark` and is a marker line, or -1. */
function nextMarker(text: string, mark: string, from: number): number {
  if (from === 0 && text.startsWith(mark) && markerAt(text, 0)) return 0;
  for (let i = text.indexOf('\n' + mark, from === 0 ? 0 : from - 1); i >= 0; i = text.indexOf('\n' + mark, i + 1)) {
    if (markerAt(text, i + 1)) return i + 1;
  }
  return -1;
}

/**
 * The chunks of `text`. Only marker lines are visited (found with `indexOf`), so a large file costs
 * one fast scan, not a step per line. A `---` starts a new chunk when the current one holds content
 * or was itself opened by a `---`; comments before the first `---` stay with the document it opens.
 * A `...` closes the chunk after its line.
 */
export function splitDocuments(text: string): Chunk[] {
  const lines = jsonLines(text);
  if (lines) return lines;
  const chunks: Chunk[] = [];
  const n = text.length;
  let chunkStart = 0;
  let opened = false; // the current chunk was opened by a `---`
  let dash = nextMarker(text, '---', 0);
  let dots = nextMarker(text, '...', 0);
  while (dash >= 0 || dots >= 0) {
    if (dash >= 0 && (dots < 0 || dash < dots)) {
      const lineStart = dash;
      if (lineStart > chunkStart && (opened || CONTENT.test(text.slice(chunkStart, lineStart)))) {
        chunks.push({ offset: chunkStart, text: text.slice(chunkStart, lineStart) });
        chunkStart = lineStart;
      }
      opened = true;
      dash = nextMarker(text, '---', lineStart + 3);
    } else {
      // `...` ends the document: the chunk closes after this line
      const lineEnd = text.indexOf('\n', dots);
      const next = lineEnd < 0 ? n : lineEnd + 1;
      chunks.push({ offset: chunkStart, text: text.slice(chunkStart, next) });
      chunkStart = next;
      opened = false;
      dots = nextMarker(text, '...', dots + 3);
    }
  }
  if (chunkStart < n || chunks.length === 0) chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

/**
 * JSON Lines (`.jsonl`, `.ndjson`, or such content in a `.json` file: audit logs, events, test
 * fixtures): one JSON value per line. As one YAML stream it is a syntax error (several top-level flow
 * collections); read as one document per line, each is valid YAML. Recognized when there are at
 * least two non-blank lines and every one starts with `{` or `[` and ends with `}` or `]` (a
 * pretty-printed JSON or YAML file has lines that do not), and no line is a `---`/`...` marker.
 * Blank lines stay with the document before them.
 */
function jsonLines(text: string): Chunk[] | undefined {
  let i = 0;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '{' && text[i] !== '[') return undefined;
  const chunks: Chunk[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(at, end).trim();
    if (line) {
      const a = line[0], z = line[line.length - 1];
      if (!((a === '{' && z === '}') || (a === '[' && z === ']'))) return undefined;
      chunks.push({ offset: at, text: text.slice(at, end) });
    } else if (chunks.length) {
      const last = chunks[chunks.length - 1];
      last.text += text.slice(at, end);
    }
    at = end;
  }
  if (chunks.length < 2) return undefined;
  // blank lines before the first value belong to it
  if (chunks[0].offset > 0) chunks[0] = { offset: 0, text: text.slice(0, chunks[0].offset) + chunks[0].text };
  return chunks;
}
