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

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  let sawContent = false; // content (not only comments/blank/directives) in the current chunk
  let pendingEnd = false; // saw a `...` document end marker
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    const c = text.charCodeAt(lineStart);
    if ((c === 45 /* - */ || c === 46 /* . */) && MARKER.test(text.slice(lineStart, Math.min(lineStart + 4, n)))) {
      const isDash = c === 45;
      if (isDash) {
        if ((sawContent || pendingEnd) && lineStart > chunkStart) {
          chunks.push({ offset: chunkStart, text: text.slice(chunkStart, lineStart) });
          chunkStart = lineStart;
        }
        sawContent = true; // `---` opens a document even if it is empty
        pendingEnd = false;
      } else {
        pendingEnd = true;
        sawContent = false;
        // `...` ends the document: the chunk closes after this line
        const next = lineEnd < n ? lineEnd + 1 : n;
        chunks.push({ offset: chunkStart, text: text.slice(chunkStart, next) });
        chunkStart = next;
        pendingEnd = false;
      }
    } else if (!sawContent) {
      const line = text.slice(lineStart, lineEnd);
      if (/\S/.test(line) && !/^\s*#/.test(line) && !/^%/.test(line)) sawContent = true;
    }
    if (lineEnd >= n) break;
    lineStart = lineEnd + 1;
  }
  if (chunkStart < n || chunks.length === 0) chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}
