/**
 * Go values as the template engine sees them, and Go's fmt printing of them.
 *   nil -> null; int/int64 -> bigint; float64 -> number; string; bool;
 *   []interface{} -> array; map[string]interface{} -> plain object; []byte -> Uint8Array;
 *   structs and named types with methods -> GoObject.
 * Values read from YAML/JSON (values.yaml, fromYaml) hold every number as float64, as Helm's
 * sigs.k8s.io/yaml does; template literals and --set integers are ints.
 */

export type Value = null | undefined | string | boolean | bigint | number | Value[] | Dict | GoObject | Uint8Array | GoTime;
export interface Dict { [k: string]: Value }

/** A Go struct (or named type) with exported fields and methods. */
export class GoObject {
  constructor(
    public readonly typeName: string,
    public readonly fields: Record<string, Value>,
    public readonly methods: Record<string, (...args: Value[]) => Value> = {},
    /** how %v prints it; default: {field values} */
    public readonly print?: () => string,
    /** for named slice types (VersionSet): the underlying list */
    public readonly list?: Value[],
    /** for named map types (Helm's files): range/len/index see the fields as map entries */
    public readonly mapLike = false,
  ) {}
}

/** time.Time, kept as epoch milliseconds with a fixed UTC zone. */
export class GoTime {
  constructor(public readonly ms: number) {}
}

export class GoError extends Error {}

export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoObject) && !(v instanceof Uint8Array) && !(v instanceof GoTime);
}

export function newDict(): Dict { return {}; }

/** Go's type name, as %T and error messages print it. */
export function typeName(v: Value): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float64';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof GoObject) return v.typeName;
  if (v instanceof GoTime) return 'time.Time';
  return 'map[string]interface {}';
}

/** reflect.Kind names, as sprig's kindOf returns them. */
export function kindName(v: Value): string {
  if (v === null || v === undefined) return 'invalid';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'float64';
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoObject) return v.list ? 'slice' : v.mapLike ? 'map' : 'struct';
  if (v instanceof GoTime) return 'struct';
  return 'map';
}

/** text/template's truth. */
export function truth(v: Value): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'string': return v.length > 0;
    case 'boolean': return v;
    case 'bigint': return v !== 0n;
    case 'number': return v !== 0;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoObject) return v.list ? v.list.length > 0 : v.mapLike ? Object.keys(v.fields).length > 0 : true;
  if (v instanceof GoTime) return true;
  return Object.keys(v).length > 0;
}

function fixedFromDigits(neg: string, digits: string, exp: number): string {
  if (exp < 0) return `${neg}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${neg}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${neg}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Go's %v (and %g) of a float64: shortest digits, %e form when the exponent is < -4 or >= 6. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const e = f.toExponential();
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const neg = m[1], digits = m[2] + (m[3] ?? ''), exp = parseInt(m[4], 10);
  // strconv's 'g' with the shortest precision decides on %e with precision 6
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${neg}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
  }
  return fixedFromDigits(neg, digits, exp);
}

/** fmt.Sprint-style %v of a value. `top` is for nil at the top level of a template action. */
export function printV(v: Value): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string': return v;
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return v.toString();
    case 'number': return goFloatG(v);
  }
  if (Array.isArray(v)) return `[${v.map(printV).join(' ')}]`;
  if (v instanceof Uint8Array) return `[${Array.from(v).join(' ')}]`;
  if (v instanceof GoObject) {
    if (v.print) return v.print();
    if (v.list) return `[${v.list.map(printV).join(' ')}]`;
    return `{${Object.values(v.fields).map(printV).join(' ')}}`;
  }
  if (v instanceof GoTime) return formatTime(v, '2006-01-02 15:04:05.999999999 -0700 MST');
  const keys = Object.keys(v).sort();
  return `map[${keys.map((k) => `${k}:${printV(v[k])}`).join(' ')}]`;
}

export const goFloatG = goFloat;

// ---------------- time ----------------
export function formatTime(t: GoTime, layout: string): string {
  const d = new Date(t.ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const tokens: [string, () => string][] = [
    ['2006', () => String(d.getUTCFullYear())], ['January', () => months[d.getUTCMonth()]], ['Jan', () => months[d.getUTCMonth()].slice(0, 3)],
    ['Monday', () => days[d.getUTCDay()]], ['Mon', () => days[d.getUTCDay()].slice(0, 3)], ['MST', () => 'UTC'],
    ['-07:00', () => '+00:00'], ['-0700', () => '+0000'], ['Z07:00', () => 'Z'], ['Z0700', () => 'Z'],
    ['.999999999', () => trimFrac(pad(d.getUTCMilliseconds(), 3) + '000000')], ['.000000000', () => '.' + pad(d.getUTCMilliseconds(), 3) + '000000'],
    ['.000000', () => '.' + pad(d.getUTCMilliseconds(), 3) + '000'], ['.000', () => '.' + pad(d.getUTCMilliseconds(), 3)],
    ['01', () => pad(d.getUTCMonth() + 1)], ['02', () => pad(d.getUTCDate())], ['_2', () => String(d.getUTCDate()).padStart(2, ' ')],
    ['15', () => pad(d.getUTCHours())], ['03', () => pad(((d.getUTCHours() + 11) % 12) + 1)], ['04', () => pad(d.getUTCMinutes())],
    ['05', () => pad(d.getUTCSeconds())], ['06', () => pad(d.getUTCFullYear() % 100)], ['PM', () => (d.getUTCHours() >= 12 ? 'PM' : 'AM')],
    ['pm', () => (d.getUTCHours() >= 12 ? 'pm' : 'am')], ['1', () => String(d.getUTCMonth() + 1)], ['2', () => String(d.getUTCDate())],
    ['3', () => String(((d.getUTCHours() + 11) % 12) + 1)], ['4', () => String(d.getUTCMinutes())], ['5', () => String(d.getUTCSeconds())],
  ];
  let out = '';
  for (let i = 0; i < layout.length;) {
    const tk = tokens.find(([k]) => layout.startsWith(k, i));
    if (tk) { out += tk[1](); i += tk[0].length; } else { out += layout[i++]; }
  }
  return out;
}
function trimFrac(s: string): string { const t = s.replace(/0+$/, ''); return t ? '.' + t : ''; }

// ---------------- fmt.Sprintf ----------------
export function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') { out += c; continue; }
    i++;
    if (i >= format.length) { out += '%!(NOVERB)'; break; }
    let flags = '';
    while ('+-# 0'.includes(format[i])) flags += format[i++];
    let width: number | undefined;
    let prec: number | undefined;
    if (format[i] === '*') { const w = args[argi++]; width = typeof w === 'bigint' ? Number(w) : 0; i++; }
    else { const m = /^\d+/.exec(format.slice(i)); if (m) { width = parseInt(m[0], 10); i += m[0].length; } }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') { const p = args[argi++]; prec = typeof p === 'bigint' ? Number(p) : 0; i++; }
      else { const m = /^\d+/.exec(format.slice(i)); prec = m ? parseInt(m[0], 10) : 0; if (m) i += m[0].length; }
    }
    const verb = format[i];
    if (verb === undefined) { out += '%!(NOVERB)'; break; }
    if (verb === '%') { out += '%'; continue; }
    if (argi >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const a = args[argi++];
    out += pad(fmtOne(verb, a, flags, prec), width, flags);
  }
  if (argi < args.length) {
    out += '%!(EXTRA ' + args.slice(argi).map((a) => `${typeName(a)}=${printV(a)}`).join(', ') + ')';
  }
  return out;
}

function pad(s: string, width: number | undefined, flags: string): string {
  if (width === undefined || s.length >= width) return s;
  if (flags.includes('-')) return s + ' '.repeat(width - s.length);
  if (flags.includes('0') && /^[+-]?[0-9.]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

function bad(verb: string, a: Value): string { return a === null || a === undefined ? `%!${verb}(<nil>)` : `%!${verb}(${typeName(a)}=${printV(a)})`; }

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (ch === '\ufffd') out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

function fmtOne(verb: string, a: Value, flags: string, prec: number | undefined): string {
  const plus = flags.includes('+');
  const signed = (s: string) => (plus && !s.startsWith('-') ? '+' + s : flags.includes(' ') && !s.startsWith('-') ? ' ' + s : s);
  switch (verb) {
    case 'v':
      if (typeof a === 'number') return signed(goFloat(a));
      if (typeof a === 'bigint') return signed(a.toString());
      if (flags.includes('#') && typeof a === 'string') return goQuote(a);
      return printV(a);
    case 's':
      if (typeof a === 'string') return prec !== undefined ? [...a].slice(0, prec).join('') : a;
      if (a instanceof Uint8Array) return new TextDecoder().decode(a);
      if (Array.isArray(a)) return `[${a.map((x) => fmtOne('s', x, flags, prec)).join(' ')}]`;
      if (isDict(a)) { const ks = Object.keys(a).sort(); return `map[${ks.map((k) => `${k}:${fmtOne('s', a[k], flags, prec)}`).join(' ')}]`; }
      if (a instanceof GoObject && a.print) return a.print();
      return bad(verb, a);
    case 'q':
      if (typeof a === 'string') return flags.includes('#') && !a.includes('`') ? '`' + a + '`' : goQuote(a);
      if (typeof a === 'bigint') return `'${String.fromCodePoint(Number(a))}'`;
      if (Array.isArray(a)) return `[${a.map((x) => fmtOne('q', x, flags, prec)).join(' ')}]`;
      return bad(verb, a);
    case 'd':
      if (typeof a === 'bigint') return signed(a.toString());
      if (Array.isArray(a)) return `[${a.map((x) => fmtOne('d', x, flags, prec)).join(' ')}]`;
      return bad(verb, a);
    case 'x': case 'X': {
      let s: string;
      if (typeof a === 'bigint') s = (a < 0n ? '-' : '') + (a < 0n ? -a : a).toString(16);
      else if (typeof a === 'string') s = Array.from(new TextEncoder().encode(a)).map((b) => b.toString(16).padStart(2, '0')).join('');
      else if (a instanceof Uint8Array) s = Array.from(a).map((b) => b.toString(16).padStart(2, '0')).join('');
      else return bad(verb, a);
      if (flags.includes('#')) s = '0x' + s;
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'o': return typeof a === 'bigint' ? a.toString(8) : bad(verb, a);
    case 'b': return typeof a === 'bigint' ? a.toString(2) : bad(verb, a);
    case 'c': return typeof a === 'bigint' ? String.fromCodePoint(Number(a)) : bad(verb, a);
    case 't': return typeof a === 'boolean' ? String(a) : bad(verb, a);
    case 'T': return typeName(a);
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
      if (typeof a !== 'number') return bad(verb, a);
      let s: string;
      if (!Number.isFinite(a)) s = Number.isNaN(a) ? 'NaN' : a > 0 ? '+Inf' : '-Inf';
      else if (verb === 'f' || verb === 'F') s = a.toFixed(prec ?? 6);
      else if (verb === 'e' || verb === 'E') s = goExp(a.toExponential(prec ?? 6));
      else s = prec === undefined ? goFloat(a) : goG(a, prec);
      if (verb === 'E' || verb === 'G') s = s.toUpperCase();
      return signed(s);
    }
  }
  return `%!${verb}(${typeName(a)}=${printV(a)})`;
}

function goExp(s: string): string { return s.replace(/e([+-])(\d)$/, 'e$10$2'); }
function goG(a: number, prec: number): string {
  const p = prec === 0 ? 1 : prec;
  const e = a.toExponential(p - 1);
  const exp = parseInt(e.split('e')[1], 10);
  if (exp < -4 || exp >= p) return goExp(e.replace(/\.?0+e/, 'e'));
  return a.toFixed(Math.max(0, p - 1 - exp)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: Value[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0 && typeof args[i] !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += printV(args[i]);
  }
  return out;
}

export function sprintln(args: Value[]): string { return args.map(printV).join(' ') + '\n'; }
