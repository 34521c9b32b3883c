/**
 * Prints a JSON value as `kustomize build` prints each resource: kustomize marshals the object to JSON and converts
 * it with sigs.k8s.io/yaml JSONToYAML, that is go-yaml v2's Marshal of the decoded value. So: map keys in go-yaml
 * v2's "natural" order, 2-space indentation, sequences not indented under a mapping key, strings plain when go-yaml
 * v2 would read them back as strings and its emitter allows it, else single- or double-quoted, multi-line strings as
 * literal blocks, long plain and quoted strings folded at column 80 as go-yaml v2's emitter folds them.
 */

const BEST_WIDTH = 80;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** go-yaml v2 sorter.go keyList.Less for two string keys. */
export function keyLess(a: string, b: string): boolean {
  const ar = Array.from(a), br = Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) { digits = isDigit(ar[i]); continue; }
    const al = isLetter(ar[i]), bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return digits ? al : bl;
    let an = 0, bn = 0, ai: number, bi: number;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1; bn = 1; break; }
      }
    }
    for (ai = i; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48);
    for (bi = i; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}
const isDigit = (c: string) => /^\p{Nd}$/u.test(c);
const isLetter = (c: string) => /^\p{L}$/u.test(c);

export function sortKeys(keys: string[]): string[] {
  return keys.slice().sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0));
}

// ---- go-yaml v2 resolve(): would a plain scalar read back as something other than a string? ----
const RESOLVE_MAP = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF',
  '-.inf', '-.Inf', '-.INF', '<<']);
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const HINT = /^[-+0-9.]/;

function goParseIntBase0(s: string): boolean {
  // strconv.ParseInt(s, 0, 64) acceptance (sign, 0x/0o/0b prefixes, legacy octal, underscores after a prefix or between digits).
  let t = s;
  if (t.startsWith('+') || t.startsWith('-')) t = t.slice(1);
  if (t === '') return false;
  let body = t, re = /^[0-9]+$/;
  if (/^0[xX]/.test(t)) { body = t.slice(2); re = /^[0-9a-fA-F]+$/; }
  else if (/^0[bB]/.test(t)) { body = t.slice(2); re = /^[01]+$/; }
  else if (/^0[oO]/.test(t)) { body = t.slice(2); re = /^[0-7]+$/; }
  else if (t.length > 1 && t[0] === '0') { body = t.slice(1); re = /^[0-7]+$/; }
  const plain = body.replace(/^_/, '');
  if (plain.includes('__') || plain.endsWith('_')) return false;
  const digits = plain.replace(/_/g, '');
  if (digits === '' || !re.test(digits)) return false;
  if (body !== t && body.startsWith('_')) return true;
  return !(t.includes('_') && body === t && t.startsWith('_'));
}

function isTimestamp(s: string): boolean {
  return /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::?\d{2})?))?)?$/.test(s)
    && !Number.isNaN(Date.parse(s.slice(0, 10)));
}

/** True when go-yaml v2 would resolve the plain scalar `s` to a non-string tag. */
function resolvesToNonString(s: string): boolean {
  if (s === '') return true;
  if (RESOLVE_MAP.has(s)) return true;
  if (!HINT.test(s)) return false;
  const plain = s.replace(/_/g, '');
  if (goParseIntBase0(s) || goParseIntBase0(plain)) return true;
  if (FLOAT_RE.test(plain)) return true;
  if (/^0b[01]+$/.test(plain) || /^-0b[01]+$/.test(plain)) return true;
  if (isTimestamp(s)) return true;
  return false;
}

function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

// ---- emitter analysis (emitterc.go yaml_emitter_analyze_scalar) ----
const isPrintable = (c: number) => c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
const isBreak = (c: number) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number) => c === 0x20;
const isBlank = (c: number) => c === 0x20 || c === 0x09;

interface Analysis { multiline: boolean; blockPlain: boolean; single: boolean; block: boolean }

function analyze(value: string): Analysis {
  if (value.length === 0) return { multiline: false, blockPlain: true, single: true, block: false };
  const cps = Array.from(value, (c) => c.codePointAt(0)!);
  let blockInd = false, lineBreaks = false, special = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
  let precededByWs = true, prevSpace = false, prevBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockInd = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const followedByWs = i + 1 >= cps.length || isBlank(cps[i + 1]) || isBreak(cps[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockInd = true;
      else if ((ch === '?' || ch === ':') && followedByWs) blockInd = true;
      else if (ch === '-' && followedByWs) blockInd = true;
    } else {
      if (ch === ':' && followedByWs) blockInd = true;
      else if (ch === '#' && precededByWs) blockInd = true;
    }
    if (!isPrintable(c)) special = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false; prevBreak = true;
    } else { prevSpace = false; prevBreak = false; }
    precededByWs = isBlank(c) || isBreak(c);
  }
  let blockPlain = true, single = true, block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) { blockPlain = false; single = false; }
  if (spaceBreak || special) { blockPlain = false; single = false; block = false; }
  if (lineBreaks) blockPlain = false;
  if (blockInd) blockPlain = false;
  return { multiline: lineBreaks, blockPlain, single, block };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function chooseStyle(s: string, simpleKey: boolean): Style {
  let style: Style;
  const canUsePlain = !resolvesToNonString(s) && !isBase60Float(s);
  if (s.includes('\n')) style = 'literal';
  else if (canUsePlain) style = 'plain';
  else style = 'double';
  const a = analyze(s);
  if (simpleKey && a.multiline) return 'double';
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single';
    if (s.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.single) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** Writer tracking the column, as the emitter's folding depends on it. */
class Out {
  parts: string[] = [];
  column = 0;
  write(s: string) { this.parts.push(s); const nl = s.lastIndexOf('\n'); this.column = nl < 0 ? this.column + Array.from(s).length : Array.from(s.slice(nl + 1)).length; }
  newline(indent: number) {
    // libyaml's write_indent: no second line break right after a block scalar's final one.
    const atLineStart = this.column === 0 && this.parts.length > 0 && this.parts[this.parts.length - 1].endsWith('\n');
    this.write((atLineStart ? '' : '\n') + ' '.repeat(indent));
  }
  toString() { return this.parts.join(''); }
}

function writePlain(o: Out, s: string, indent: number, allowBreaks: boolean) {
  const cps = Array.from(s);
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && cps[i + 1] !== ' ') o.newline(indent);
      else o.write(c);
      spaces = true;
    } else { o.write(c); spaces = false; }
  }
}

function writeSingle(o: Out, s: string, indent: number, allowBreaks: boolean) {
  o.write("'");
  const cps = Array.from(s);
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1 && cps[i + 1] !== ' ') o.newline(indent);
      else o.write(c);
      spaces = true;
    } else {
      o.write(c === "'" ? "''" : c);
      spaces = false;
    }
  }
  o.write("'");
}

const ESC: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };

function writeDouble(o: Out, s: string, indent: number, allowBreaks: boolean) {
  o.write('"');
  const cps = Array.from(s);
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i].codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
      const e = ESC[c];
      if (e !== undefined) o.write('\\' + e);
      else if (c <= 0xff) o.write('\\x' + c.toString(16).toUpperCase().padStart(2, '0'));
      else if (c <= 0xffff) o.write('\\u' + c.toString(16).toUpperCase().padStart(4, '0'));
      else o.write('\\U' + c.toString(16).toUpperCase().padStart(8, '0'));
      spaces = false;
    } else if (c === 0x20) {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
        o.newline(indent);
        if (cps[i + 1] === ' ') o.write('\\');
      } else o.write(' ');
      spaces = true;
    } else { o.write(cps[i]); spaces = false; }
  }
  o.write('"');
}

function writeLiteral(o: Out, s: string, indent: number) {
  let hints = '';
  const cps = Array.from(s, (c) => c.codePointAt(0)!);
  if (isSpace(cps[0]) || isBreak(cps[0])) hints += '2';
  const last = cps[cps.length - 1];
  if (!isBreak(last)) hints += '-';
  else if (cps.length === 1 || isBreak(cps[cps.length - 2])) hints += '+';
  o.write('|' + hints);
  // lines
  const text = s;
  o.write('\n');
  let breaks = true;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (isBreak(c)) { o.write('\n'); breaks = true; }
    else {
      if (breaks) { o.write(' '.repeat(indent)); breaks = false; }
      o.write(ch);
    }
  }
}

function scalarText(v: null | boolean | number | string): { text: string; isString: boolean } {
  if (v === null) return { text: 'null', isString: false };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false', isString: false };
  if (typeof v === 'number') return { text: formatNumber(v), isString: false };
  return { text: v, isString: true };
}

/** A number as go-yaml v2 prints what JSON decoding gave it: integers as integers, other floats with Go's %g. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '+.inf' : '-.inf';
  // Go strconv.FormatFloat(f, 'g', -1, 64): exponent form when exp < -4 || exp >= 21 (shortest digits, eprec 21).
  const [mant, expStr] = n.toExponential().split('e');
  const exp = Number(expStr);
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 21) {
    const sign = exp < 0 ? '-' : '+';
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${mant}e${sign}${e}`;
  }
  void digits;
  return String(n);
}

function writeScalar(o: Out, v: null | boolean | number | string, indent: number, simpleKey: boolean) {
  const { text, isString } = scalarText(v);
  if (!isString) { o.write(text); return; }
  const style = chooseStyle(text, simpleKey);
  if (style === 'plain') writePlain(o, text, indent, !simpleKey);
  else if (style === 'single') writeSingle(o, text, indent, !simpleKey);
  else if (style === 'double') writeDouble(o, text, indent, !simpleKey);
  else writeLiteral(o, text, indent);
}

const isMap = (v: Json): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Emits `v` in block style. `indent` is the column of the collection's entries. The caller has written whatever
 * precedes (a key and ':' or a '- ').
 */
function emitMapEntries(o: Out, m: { [k: string]: Json }, indent: number, first: boolean) {
  const keys = sortKeys(Object.keys(m));
  keys.forEach((k, i) => {
    if (!(first && i === 0)) o.newline(indent);
    writeScalar(o, k, indent + 2, true);
    o.write(':');
    emitValue(o, m[k], indent, false);
  });
}

/** Emits a value after "key:" (inSeq false) or after "-" (inSeq true); `indent` is the column of the key or dash. */
function emitValue(o: Out, v: Json, indent: number, inSeq: boolean) {
  if (isMap(v)) {
    if (Object.keys(v).length === 0) { o.write(' {}'); return; }
    if (inSeq) { o.write(' '); emitMapEntries(o, v, indent + 2, true); }
    else { emitMapEntries(o, v, indent + 2, false); }
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) { o.write(' []'); return; }
    if (inSeq) { o.write(' '); emitSeqItems(o, v, indent + 2, true); }
    else emitSeqItems(o, v, indent, false);
    return;
  }
  o.write(' ');
  writeScalar(o, v, indent + 2, false);
}

function emitSeqItems(o: Out, items: Json[], indent: number, first: boolean) {
  items.forEach((it, i) => {
    if (!(first && i === 0)) o.newline(indent);
    o.write('-');
    emitValue(o, it, indent, true);
  });
}

/** The YAML text go-yaml v2 Marshal gives for a JSON value (one document, ending with a newline). */
export function toYamlV2(v: Json): string {
  const o = new Out();
  if (isMap(v)) {
    if (Object.keys(v).length === 0) return '{}\n';
    emitMapEntries(o, v, 0, true);
  } else if (Array.isArray(v)) {
    if (v.length === 0) return '[]\n';
    emitSeqItems(o, v, 0, true);
  } else writeScalar(o, v, 0, false);
  const s = o.toString();
  return s.endsWith('\n') ? s : s + '\n';
}
