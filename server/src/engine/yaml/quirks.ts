/**
 * Where the `yaml` package (which follows the YAML specification) and Kubernetes' decoder
 * (sigs.k8s.io/yaml over go-yaml, a port of libyaml) disagree, the syntax error says so, so that a
 * document Kubernetes accepts is never reported as plain garbage. The document is still not
 * analysed: its syntax error is an error-level finding.
 */

/**
 * A multi-line quoted scalar whose continuation lines are not indented more than the line that opens
 * it (its key): the specification requires more indentation and `yaml` reports "Missing closing
 * quote"; libyaml does not check the indentation of quoted scalars and reads the string. Seen in the
 * Gatekeeper library (`description: "When set to ...` continued at the key's indentation).
 * Returns the better message, or undefined when the error is not this case.
 */
export function underIndentedQuote(text: string, errorMessage: string, errorOffset: number): string | undefined {
  const m = /^Missing closing (["'])quote/.exec(errorMessage);
  if (!m) return undefined;
  const quote = m[1];
  const lineStart = text.lastIndexOf('\n', errorOffset - 1) + 1;
  const firstLineEnd = text.indexOf('\n', lineStart);
  if (firstLineEnd < 0) return undefined;
  const first = text.slice(lineStart, firstLineEnd);
  const open = first.indexOf(quote);
  if (open < 0) return undefined;
  const keyIndent = /^[ ]*(?:- )*/.exec(first)![0].length;
  // the continuation lines up to the one that closes the quote (an unescaped quote of the same kind)
  let at = firstLineEnd + 1;
  let below = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
    const l = text.slice(at, end);
    below++;
    if (l.trim() && /^[ ]*/.exec(l)![0].length <= keyIndent) {
      const closes = quote === '"' ? /(^|[^\\])"/.test(l) : /'/.test(l.replace(/''/g, ''));
      if (!closes && !/^\s*$/.test(l)) return undefined;
      return `YAML syntax error: this ${quote === '"' ? 'double' : 'single'}-quoted string continues ${below === 1 ? 'on the next line' : `${below} lines below`} without being indented more than its key. Kubernetes' YAML decoder (go-yaml) accepts this, the YAML specification does not, so this document was not analysed; indent the continuation lines (or use a block scalar, '|' or '>').`;
    }
    const closes = quote === '"' ? /(^|[^\\])"/.test(l) : /'/.test(l.replace(/''/g, ''));
    if (closes) return undefined;
    at = end + 1;
  }
  return undefined;
}
