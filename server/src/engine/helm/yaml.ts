/**
 * YAML and JSON as Helm reads and writes them: sigs.k8s.io/yaml (YAML -> JSON -> Go values, so every number is a
 * float64, timestamps stay strings) and its Marshal (Go value -> JSON -> goyaml.v2 emitter: keys in goyaml's
 * natural order, sequences not indented under their key, strings quoted only when goyaml must).
 * Parsing uses the `yaml` package (YAML 1.1 schema, the one goyaml.v2 follows); emitting is written here.
 */
import { goJsonString } from '../gojson';
import { parseAllDocuments, Document } from 'yaml';
import { Value, Dict, GoObject, GoTime, isDict, GoError, goFloat, formatTime } from './values';

export class YamlError extends Error {}

/** Parses the first YAML document of `text` into Go values as sigs.k8s.io/yaml's Unmarshal into interface{} does. */
export function parseYaml(text: string): Value {
  const docs = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, customTags: (tags) => tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp') });
  if (!Array.isArray(docs)) { // EmptyStream
    return null;
  }
  const doc = docs[0] as Document.Parsed | undefined;
  if (!doc) return null;
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new YamlError(`yaml: ${line !== undefined ? `line ${line}: ` : ''}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  let js: unknown;
  try { js = doc.toJS({ maxAliasCount: 10000 }); } catch (e) { throw new YamlError(`yaml: ${(e as Error).message}`); }
  return fromJs(js);
}

/** Every number becomes a float64 (a JS number), as through JSON. */
function fromJs(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (Array.isArray(v)) return v.map(fromJs);
  if (v instanceof Map) { const o: Dict = {}; for (const [k, x] of v) o[keyString(k)] = fromJs(x); return o; }
  if (v instanceof Set) { const o: Dict = {}; for (const k of v) o[keyString(k)] = null; return o; }
  if (typeof v === 'object') { const o: Dict = {}; for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = fromJs(x); return o; }
  return String(v);
}
function keyString(k: unknown): string { return typeof k === 'number' ? goFloat(k) : String(k); }

/** Values as JSON sees them: a tree of null/bool/string/json-number text/arrays/objects. */
type J = null | boolean | string | { num: string } | J[] | { [k: string]: J };

function toJ(v: Value, seen = 0): J {
  if (seen > 1000) throw new GoError('json: unsupported value: encountered a cycle');
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string': return v;
    case 'boolean': return v;
    case 'bigint': return mkNum(v.toString());
    case 'number':
      if (!Number.isFinite(v)) throw new GoError(`json: unsupported value: ${goFloat(v)}`);
      return mkNum(Object.is(v, -0) ? '-0' : String(v));
  }
  if (Array.isArray(v)) return v.map((x) => toJ(x, seen + 1));
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof GoTime) return formatTime(v, '2006-01-02T15:04:05.999999999Z07:00');
  if (v instanceof GoObject) {
    if (v.list) return v.list.map((x) => toJ(x, seen + 1));
    const o: { [k: string]: J } = {};
    for (const [k, x] of Object.entries(v.fields)) o[k] = toJ(x, seen + 1);
    return o;
  }
  const o: { [k: string]: J } = {};
  for (const k of Object.keys(v).sort()) o[k] = toJ((v as Dict)[k], seen + 1);
  return o;
}

const numObjs = new WeakSet<object>();
function mkNum(t: string): J { const o = { num: t }; numObjs.add(o); return o; }
function isNumObj(j: J): j is { num: string } { return typeof j === 'object' && j !== null && numObjs.has(j); }

/** encoding/json's Marshal (HTML-safe escaping, sorted keys). */
export function toJson(v: Value): string {
  return writeJ(toJ(v));
}
function writeJ(j: J): string {
  if (j === null) return 'null';
  if (typeof j === 'boolean') return String(j);
  if (typeof j === 'string') return jsonString(j);
  if (Array.isArray(j)) return `[${j.map(writeJ).join(',')}]`;
  if (isNumObj(j)) return j.num;
  return `{${Object.keys(j).map((k) => `${jsonString(k)}:${writeJ((j as { [k: string]: J })[k])}`).join(',')}}`;
}
/** Go's encoding/json string (Helm is built with a Go that writes \b and \f short). */
export function jsonString(s: string): string { return goJsonString(s); }

/** Helm's fromJson: a JSON object into Go values (numbers float64). */
export function parseJson(s: string): Value {
  return fromJs(JSON.parse(s));
}

// ---------------- goyaml.v2 emitter ----------------

/** sigs.k8s.io/yaml.Marshal: through JSON, then goyaml.v2. Ends with a newline. */
export function toYamlText(v: Value): string {
  const j = toJ(v);
  return emitTop(j);
}

let indentSeqs = false;
/** Helm's toYamlPretty (goyaml.v3 encoder, indent 2): sequences indented under their key. Approximation: the
 *  scalar styles are goyaml.v2's. */
export function toYamlPretty(v: Value): string {
  indentSeqs = true;
  try { return toYamlText(v).replace(/\n$/, ''); } catch { return ''; } finally { indentSeqs = false; }
}

function emitTop(j: J): string {
  if (Array.isArray(j)) return j.length ? emitSeq(j, 0) : '[]\n';
  if (j !== null && typeof j === 'object' && !isNumObj(j)) return Object.keys(j).length ? emitMap(j as { [k: string]: J }, 0) : '{}\n';
  const s = scalar(j, 0, 0);
  return s.endsWith('\n') ? s : s + '\n';
}

function isCollection(j: J): j is J[] | { [k: string]: J } { return j !== null && typeof j === 'object' && !isNumObj(j); }
function isEmptyColl(j: J): boolean { return Array.isArray(j) ? j.length === 0 : Object.keys(j as object).length === 0; }

function emitMap(m: { [k: string]: J }, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const k of Object.keys(m).sort(v2Less)) {
    const v = m[k];
    const key = scalarText(k, 0, indent, true);
    if (isCollection(v) && !isEmptyColl(v)) {
      out += `${pad}${key}:\n` + (Array.isArray(v) ? emitSeq(v, indentSeqs ? indent + 2 : indent) : emitMap(v as { [k: string]: J }, indent + 2));
    } else {
      out += `${pad}${key}: ${valueInline(v, indent + key.length + 2, indent)}`;
    }
  }
  return out;
}

function emitSeq(l: J[], indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const v of l) {
    if (isCollection(v) && !isEmptyColl(v)) {
      const inner = Array.isArray(v) ? emitSeq(v, indent + 2) : emitMap(v as { [k: string]: J }, indent + 2);
      out += `${pad}- ${inner.slice(indent + 2)}`;
    } else {
      out += `${pad}- ${valueInline(v, indent + 2, indent)}`;
    }
  }
  return out;
}

/** A scalar or empty collection after "key: " or "- ", starting at column `col`, in a node indented `indent`. */
function valueInline(v: J, col: number, indent: number): string {
  if (isCollection(v)) return Array.isArray(v) ? '[]\n' : '{}\n';
  const s = scalar(v, col, indent);
  return s.endsWith('\n') ? s : s + '\n';
}

function scalar(j: J, col: number, indent: number): string {
  if (j === null) return 'null';
  if (typeof j === 'boolean') return String(j);
  if (isNumObj(j)) return yamlNumber(j.num);
  return scalarText(j as string, col, indent, false);
}

/** A JSON number as goyaml.v2 re-reads and prints it: integers stay, others print with %g. */
function yamlNumber(t: string): string {
  if (/^-?\d+$/.test(t)) {
    const b = BigInt(t);
    if (b <= 9223372036854775807n && b >= -9223372036854775808n) return b.toString();
  }
  const f = Number(t);
  const s = goFloat(f);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}

/** goyaml.v2's key order: runs of digits compare as numbers, letters sort after non-letters. */
export function v2Less(a: string, b: string): number {
  const ar = [...a], br = [...b];
  const isLetter = (c: string) => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined) => c !== undefined && /[0-9]/.test(c);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]), bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i] ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0n, bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) { if (ar[j] !== '0') { an = 1n; bn = 1n; break; } }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai].charCodeAt(0) - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi].charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i] < br[i] ? -1 : 1;
  }
  return ar.length === br.length ? 0 : ar.length < br.length ? -1 : 1;
}

/** Whether goyaml.v2's resolver reads a plain scalar as something other than a string. */
function resolvesNonString(s: string): boolean {
  if (/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|\.inf|\.Inf|\.INF|\+\.inf|\+\.Inf|\+\.INF|-\.inf|-\.Inf|-\.INF|\.nan|\.NaN|\.NAN|<<)$/.test(s)) return true;
  if (s === '') return true;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0[0-7]+|0o[0-7]+|[0-9]+)$/.test(plain)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true; // base 60
  return false;
}

function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || (c >= 0x10000 && c <= 0x10ffff);
}

const BEST_WIDTH = 80;

/** A string scalar in goyaml.v2's chosen style (plain, single-quoted, double-quoted or literal block), folded at
 *  spaces past column 80 as goyaml.v2's emitter does (continuation lines indented by the node's indent + 2). */
function scalarText(s: string, col: number, indent: number, isKey: boolean): string {
  const multiline = s.includes('\n');
  const a = analyze(s);
  const cont = indent + 2;
  if (multiline) return !isKey && a.blockAllowed ? literal(s, indent) : doubleQuoted(s, col, cont, !isKey);
  if (resolvesNonString(s)) return doubleQuoted(s, col, cont, !isKey);
  if (a.plainAllowed) return isKey ? s : foldPlain(s, col, cont);
  if (a.singleAllowed) return singleQuoted(s, col, cont, !isKey);
  return doubleQuoted(s, col, cont, !isKey);
}

function foldPlain(s: string, col: number, cont: number): string {
  const cs = [...s];
  let out = '', column = col, spaces = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c === ' ') {
      if (!spaces && column > BEST_WIDTH && cs[i + 1] !== ' ') { out += '\n' + ' '.repeat(cont); column = cont; }
      else { out += c; column++; }
      spaces = true;
    } else { out += c; column++; spaces = false; }
  }
  return out;
}

function singleQuoted(s: string, col: number, cont: number, breaks: boolean): string {
  const cs = [...s];
  let out = "'", column = col + 1, spaces = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c === ' ') {
      if (breaks && !spaces && column > BEST_WIDTH && i > 0 && i < cs.length - 1 && cs[i + 1] !== ' ') { out += '\n' + ' '.repeat(cont); column = cont; }
      else { out += c; column++; }
      spaces = true;
    } else {
      if (c === "'") { out += "'"; column++; }
      out += c; column++; spaces = false;
    }
  }
  return out + "'";
}

function analyze(s: string): { plainAllowed: boolean; singleAllowed: boolean; blockAllowed: boolean } {
  let plain = true, single = true, block = true;
  if (!s.length) return { plainAllowed: false, singleAllowed: true, blockAllowed: false };
  if (s.startsWith('---') || s.startsWith('...')) plain = false;
  const chars = [...s];
  let precededByWs = true;
  let prevSpace = false, prevBreak = false;
  let special = false, spaceBreak = false, breakSpace = false, lineBreaks = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  chars.forEach((ch, i) => {
    const c = ch.codePointAt(0)!;
    const next = chars[i + 1];
    const followedByWs = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) plain = false;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByWs) plain = false;
    } else {
      if (',?[]{}'.includes(ch)) { /* flow indicators: block plain still allowed */ }
      if (ch === ':' && followedByWs) plain = false;
      if (ch === '#' && precededByWs) plain = false;
    }
    if (!isPrintable(c) || (c > 0x7f && false)) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (ch === '\n') {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true; prevSpace = false;
    } else { prevSpace = false; prevBreak = false; }
    precededByWs = ch === ' ' || ch === '\t' || ch === '\n';
  });
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (trailingSpace) block = false;
  if (breakSpace) { plain = false; single = false; }
  if (spaceBreak || special) { plain = false; single = false; block = false; }
  if (lineBreaks) plain = false;
  if (s.includes('\t')) { /* tab is not printable for the emitter: special */ }
  return { plainAllowed: plain, singleAllowed: single, blockAllowed: block };
}

function literal(s: string, indent: number): string {
  const pad = ' '.repeat(indent + 2);
  let chomp = '';
  if (!s.endsWith('\n')) chomp = '-';
  else if (s.endsWith('\n\n') || s === '\n') chomp = '+';
  const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
  const body = chomp === '-' ? s : s.slice(0, -1);
  const lines = body.split('\n').map((l) => (l.length ? pad + l : ''));
  return `|${indicator}${chomp}\n${lines.join('\n')}\n`;
}

function doubleQuoted(s: string, col = 0, cont = 2, breaks = false): string {
  const cs = [...s];
  let out = '"', column = col + 1, spaces = false;
  const put = (t: string) => { out += t; column += t.length; };
  for (let i = 0; i < cs.length; i++) {
    const ch = cs[i];
    const c = ch.codePointAt(0)!;
    if (ch === ' ') {
      if (breaks && !spaces && column > BEST_WIDTH && i !== 0 && i !== cs.length - 1) {
        out += '\n' + ' '.repeat(cont); column = cont;
        if (cs[i + 1] === ' ') put('\\');
      } else put(' ');
      spaces = true;
      continue;
    }
    spaces = false;
    switch (ch) {
      case '"': put('\\"'); continue;
      case '\\': put('\\\\'); continue;
      case '\0': put('\\0'); continue;
      case '\x07': put('\\a'); continue;
      case '\b': put('\\b'); continue;
      case '\t': put('\\t'); continue;
      case '\n': put('\\n'); continue;
      case '\v': put('\\v'); continue;
      case '\f': put('\\f'); continue;
      case '\r': put('\\r'); continue;
      case '\x1b': put('\\e'); continue;
      case '\x85': put('\\N'); continue;
      case '\xa0': put('\\_'); continue;
      case '\u2028': put('\\L'); continue;
      case '\u2029': put('\\P'); continue;
    }
    if (!isPrintable(c)) put(c <= 0xff ? '\\x' + c.toString(16).toUpperCase().padStart(2, '0') : c <= 0xffff ? '\\u' + c.toString(16).toUpperCase().padStart(4, '0') : '\\U' + c.toString(16).toUpperCase().padStart(8, '0'));
    else put(ch);
  }
  return out + '"';
}

/** Helm's toYaml: Marshal without the final newline; "" when marshalling fails. */
export function helmToYaml(v: Value): string {
  try { return toYamlText(v).replace(/\n$/, ''); } catch { return ''; }
}

export { isDict };
