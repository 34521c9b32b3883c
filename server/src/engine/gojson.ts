/**
 * Go's encoding/json string escaping (HTML-safe: <, >, & and U+2028/U+2029 as \u escapes), shared
 * by the Helm renderer (toJson) and the Kustomize builder (the generator hash). Go writes \b and \f
 * as \u0008 and \u000c before Go 1.22 and as \b and \f since: `shortBF` chooses (kustomize's hashes
 * were made with the older form).
 */
export function goJsonString(s: string, shortBF = true): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (shortBF && ch === '\b') out += '\\b';
    else if (shortBF && ch === '\f') out += '\\f';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
