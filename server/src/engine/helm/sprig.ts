/**
 * The Sprig v3 function library (github.com/Masterminds/sprig, as Helm ships it: without env/expandenv) and Helm's
 * own additions that need no engine state (toYaml, fromYaml, toJson, fromJson, toToml, lookup, ...).
 * Functions that are random or time-dependent in Sprig take their randomness/clock from the options so rendering
 * stays deterministic; key and certificate generators give fixed placeholders (there is no key material to check).
 */
import { createHash, createCipheriv, createDecipheriv } from 'crypto';
import { fn, FuncMap, FailError, htmlEscape } from './exec';
import { Value, Dict, GoObject, GoTime, isDict, typeName, kindName, printV, sprintf, truth, GoError, goFloat, formatTime } from './values';
import { helmToYaml, parseYaml, toJson, parseJson, toYamlText, toYamlPretty, v2Less } from './yaml';
import { parseSemver, compareSemver, semverSatisfies, SemVer } from './semver';
import { goRegex, goExpand } from './regex';

export interface SprigOptions {
  /** the clock for now/date/ago (epoch ms) */
  now: number;
}

/** sprig's strval */
export function strval(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return printV(v);
}

/** spf13/cast ToInt64 as sprig's int/int64 use it. */
export function toInt64(v: Value): bigint {
  if (v === null || v === undefined) return 0n;
  switch (typeof v) {
    case 'bigint': return BigInt.asIntN(64, v);
    case 'number': return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    case 'boolean': return v ? 1n : 0n;
    case 'string': {
      let s = v.trim();
      if (/^[-+]?[0-9]+\.0*$/.test(s)) s = s.replace(/\.0*$/, '');
      const m = /^([-+]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|[1-9][0-9_]*|0)$/.exec(s);
      if (!m) return 0n;
      let body = m[2].replace(/_/g, '');
      if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
      try { const b = BigInt(body); return m[1] === '-' ? -b : b; } catch { return 0n; }
    }
  }
  return 0n;
}

export function toFloat64(v: Value): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'bigint': return Number(v);
    case 'number': return v;
    case 'boolean': return v ? 1 : 0;
    case 'string': { const f = Number(v.trim()); return v.trim() === '' || Number.isNaN(f) ? 0 : f; }
  }
  return 0;
}

function listOf(v: Value, fname: string): Value[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  if (v instanceof GoObject && v.list) return v.list;
  if (v instanceof Uint8Array) return Array.from(v, (b) => BigInt(b));
  throw new GoError(`Cannot ${fname} on type ${typeName(v)}`);
}

/** sprig's empty: Go zero values and empty collections. */
export function isEmpty(v: Value): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string': return v.length === 0;
    case 'boolean': return !v;
    case 'bigint': return v === 0n;
    case 'number': return v === 0;
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof GoObject) return v.list ? v.list.length === 0 : false;
  if (v instanceof GoTime) return v.ms === Date.UTC(1, 0, 1);
  return Object.keys(v).length === 0;
}

function strslice(v: Value): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v instanceof GoObject && v.list) return strslice(v.list);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

export function deepCopy(v: Value): Value {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isDict(v)) { const o: Dict = {}; for (const k of Object.keys(v)) o[k] = deepCopy(v[k]); return o; }
  return v;
}

/** mergo.Merge over map[string]interface{}: deep for nested maps; `overwrite` as mergo.WithOverride. */
function mergo(dst: Dict, src: Dict, overwrite: boolean): Dict {
  for (const k of Object.keys(src)) {
    const s = src[k];
    const d = Object.prototype.hasOwnProperty.call(dst, k) ? dst[k] : undefined;
    if (isDict(s) && isDict(d)) { mergo(d, s, overwrite); continue; }
    // Go maps are references: the source's nested maps are shared, not copied (sprig issue 188)
    if (d === undefined || isEmpty(d)) { if (d === undefined || !isEmpty(s) || overwrite) dst[k] = s; continue; }
    if (overwrite && !isEmpty(s)) dst[k] = s;
  }
  return dst;
}

const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32enc(bytes: Uint8Array): string {
  let bits = 0, val = 0, out = '';
  for (const b of bytes) { val = (val << 8) | b; bits += 8; while (bits >= 5) { out += b32[(val >>> (bits - 5)) & 31]; bits -= 5; } }
  if (bits > 0) out += b32[(val << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}
function base32dec(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  let bits = 0, val = 0; const out: number[] = [];
  for (const c of clean) { const i = b32.indexOf(c); if (i < 0) throw new Error('illegal base32 data'); val = (val << 5) | i; bits += 5; if (bits >= 8) { out.push((val >>> (bits - 8)) & 255); bits -= 8; } }
  return new Uint8Array(out);
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function goTitle(s: string): string {
  // strings.Title: upper-case letters that follow a separator (anything that is not a letter, digit, underscore or mark)
  let prev = ' ';
  let out = '';
  for (const c of s) {
    const sep = !/[\p{L}\p{N}_\p{M}]/u.test(prev) && !/'/.test(prev) ? true : false;
    out += sep ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

function words(s: string): string[] {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function trunc(c: bigint, s: string): string {
  const b = enc(s); const n = Number(c);
  if (n < 0 && b.length + n > 0) return dec(b.slice(b.length + n));
  if (n >= 0 && b.length > n) return dec(b.slice(0, n));
  return s;
}

function substr(start: bigint, end: bigint, s: string): string {
  const b = enc(s); const st = Number(start), en = Number(end);
  if (st < 0) return dec(b.slice(0, en));
  if (en < 0 || en > b.length) return dec(b.slice(st));
  return dec(b.slice(st, en));
}

function wrap(width: number, s: string, nl = '\n'): string {
  // goutils.WrapCustom with wrapLongWords=false
  return s.split('\n').map((line) => {
    const out: string[] = [];
    let cur = '';
    for (const w of line.split(' ')) {
      if (!cur) { cur = w; continue; }
      if ((cur + ' ' + w).length > width) { out.push(cur); cur = w; } else cur += ' ' + w;
    }
    out.push(cur);
    return out.join(nl);
  }).join('\n');
}

function timeOf(v: Value): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint' || typeof v === 'number') return new GoTime(Number(v) * 1000);
  if (typeof v === 'string') { const t = Date.parse(v); return new GoTime(Number.isNaN(t) ? 0 : t); }
  return new GoTime(0);
}

const SEMVERS = new WeakMap<GoObject, SemVer>();
function semverOf(o: Value): SemVer {
  if (o instanceof GoObject && SEMVERS.has(o)) return SEMVERS.get(o)!;
  throw new GoError(`wrong type for value; expected *semver.Version; got ${typeName(o)}`);
}
function semverObj(v: SemVer): GoObject {
  const o = semverObjInner(v);
  SEMVERS.set(o, v);
  return o;
}
function semverObjInner(v: SemVer): GoObject {
  return new GoObject('*semver.Version', {}, {
    Major: () => v.major, Minor: () => v.minor, Patch: () => v.patch, Prerelease: () => v.pre, Metadata: () => v.meta,
    Original: () => v.original, String: () => verString(v),
    Compare: (o: Value) => BigInt(compareSemver(v, semverOf(o))), LessThan: (o: Value) => compareSemver(v, semverOf(o)) < 0,
    GreaterThan: (o: Value) => compareSemver(v, semverOf(o)) > 0, Equal: (o: Value) => compareSemver(v, semverOf(o)) === 0,
  }, () => verString(v));
}
const verString = (v: SemVer) => `${v.major}.${v.minor}.${v.patch}${v.pre ? '-' + v.pre : ''}${v.meta ? '+' + v.meta : ''}`;

function dig(args: Value[]): Value {
  if (args.length < 3) throw new GoError('dig needs at least three arguments');
  const dict = args[args.length - 1];
  const def = args[args.length - 2];
  const keys = args.slice(0, -2);
  let cur: Value = dict;
  for (const k of keys) {
    if (!isDict(cur)) return def;
    const key = strval(k);
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return def;
    cur = cur[key];
  }
  return cur;
}

function toToml(v: Value): string {
  // BurntSushi/toml encoder: plain keys first, then tables, keys sorted
  if (!isDict(v)) return 'toml: top-level values must be Go maps or structs';
  const lines: string[] = [];
  const q = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
  const val = (x: Value): string => {
    if (typeof x === 'string') return JSON.stringify(x);
    if (typeof x === 'bigint' || typeof x === 'boolean') return String(x);
    if (typeof x === 'number') return Number.isInteger(x) ? x.toFixed(1) : String(x);
    if (Array.isArray(x)) return `[${x.map(val).join(', ')}]`;
    return JSON.stringify(strval(x));
  };
  const walk = (d: Dict, path: string[], indent: string) => {
    const keys = Object.keys(d).sort();
    for (const k of keys) if (!isDict(d[k]) && d[k] !== null) lines.push(`${indent}${q(k)} = ${val(d[k])}`);
    for (const k of keys) if (isDict(d[k])) {
      const p = [...path, k];
      if (lines.length) lines.push('');
      lines.push(`${indent}[${p.map(q).join('.')}]`);
      walk(d[k] as Dict, p, indent + '  ');
    }
  };
  walk(v, [], '');
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function sprigFuncs(opts: SprigOptions): FuncMap {
  const nowT = () => new GoTime(opts.now);
  const placeholder = (what: string) => `PALISADE-PLACEHOLDER-${what}`;
  let seq = 0;
  const pseudo = (n: number, alphabet: string) => { let s = ''; for (let i = 0; i < n; i++) s += alphabet[(seq++ * 7 + i * 13) % alphabet.length]; return s; };
  const AL = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', NUMS = '0123456789';
  const f: FuncMap = {
    // ---- defaults / flow ----
    default: fn('any ...any', (d: Value, ...given: Value[]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0])),
    empty: fn('any', (v: Value) => isEmpty(v)),
    coalesce: fn('...any', (...v: Value[]) => { for (const x of v) if (!isEmpty(x)) return x; return null; }),
    all: fn('...any', (...v: Value[]) => v.every((x) => !isEmpty(x))),
    any: fn('...any', (...v: Value[]) => v.some((x) => !isEmpty(x))),
    ternary: fn('any any bool', (a: Value, b: Value, c: boolean) => (c ? a : b)),
    fail: fn('string', (m: string) => { throw new FailError(m); }),
    required: fn('string any', (m: string, v: Value) => { if (v === null || v === undefined || v === '') throw new FailError(m); return v; }),
    typeOf: fn('any', (v: Value) => typeName(v)),
    typeIs: fn('string any', (t: string, v: Value) => typeName(v) === t),
    typeIsLike: fn('string any', (t: string, v: Value) => typeName(v) === t || typeName(v) === '*' + t),
    kindOf: fn('any', (v: Value) => kindName(v)),
    kindIs: fn('string any', (t: string, v: Value) => kindName(v) === t),
    deepEqual: fn('any any', (a: Value, b: Value) => toJson(a) === toJson(b) && typeName(a) === typeName(b)),
    fromYaml: fn('string', (s: string) => { try { const v = parseYaml(s); if (v === null) return {}; if (!isDict(v)) throw new GoError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'number'} into Go value of type map[string]interface {}`); return v; } catch (e) { return { Error: (e as Error).message }; } }),
    fromYamlArray: fn('string', (s: string) => { try { const v = parseYaml(s); if (v === null) return []; if (!Array.isArray(v)) throw new GoError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${isDict(v) ? 'object' : typeof v === 'string' ? 'string' : 'number'} into Go value of type []interface {}`); return v; } catch (e) { return [(e as Error).message]; } }),
    toYaml: fn('any', (v: Value) => helmToYaml(v)),
    mustToYaml: fn('any', (v: Value) => toYamlText(v).replace(/\n$/, '')),
    toYamlPretty: fn('any', (v: Value) => toYamlPretty(v)),
    toJson: fn('any', (v: Value) => { try { return toJson(v); } catch { return ''; } }),
    mustToJson: fn('any', (v: Value) => toJson(v)),
    toPrettyJson: fn('any', (v: Value) => { try { return JSON.stringify(JSON.parse(toJson(v)), null, 2); } catch { return ''; } }),
    mustToPrettyJson: fn('any', (v: Value) => JSON.stringify(JSON.parse(toJson(v)), null, 2)),
    toRawJson: fn('any', (v: Value) => { try { return toJson(v).replace(/\\u003c/g, '<').replace(/\\u003e/g, '>').replace(/\\u0026/g, '&'); } catch { return ''; } }),
    fromJson: fn('string', (s: string) => { try { const v = parseJson(s); if (!isDict(v)) return { Error: `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}` }; return v; } catch (e) { return { Error: (e as Error).message }; } }),
    fromJsonArray: fn('string', (s: string) => { try { const v = parseJson(s); if (!Array.isArray(v)) return [`json: cannot unmarshal ${isDict(v) ? 'object' : typeof v === 'string' ? 'string' : 'number'} into Go value of type []interface {}`]; return v; } catch (e) { return [(e as Error).message]; } }),
    toToml: fn('any', (v: Value) => toToml(v)),
    lookup: fn('string string string string', () => ({})),
    getHostByName: fn('string', () => ''),

    // ---- strings ----
    upper: fn('string', (s: string) => s.toUpperCase()),
    lower: fn('string', (s: string) => s.toLowerCase()),
    title: fn('string', goTitle),
    untitle: fn('string', (s: string) => s.replace(/(^|[^\p{L}\p{N}_])(\p{L})/gu, (_m, a: string, b: string) => a + b.toLowerCase())),
    trim: fn('string', (s: string) => s.trim()),
    trimAll: fn('string string', (c: string, s: string) => trimCut(s, c, true, true)),
    trimall: fn('string string', (c: string, s: string) => trimCut(s, c, true, true)),
    trimPrefix: fn('string string', (p: string, s: string) => (s.startsWith(p) ? s.slice(p.length) : s)),
    trimSuffix: fn('string string', (p: string, s: string) => (p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
    trunc: fn('int string', trunc),
    substr: fn('int int string', substr),
    abbrev: fn('int string', (w: bigint, s: string) => (Number(w) < 4 || s.length <= Number(w) ? s : s.slice(0, Number(w) - 3) + '...')),
    abbrevboth: fn('int int string', (l: bigint, w: bigint, s: string) => { const L = Number(l), W = Number(w); if (s.length <= W) return s; const off = Math.min(L, s.length); if (off <= 4) return s.slice(0, W - 3) + '...'; return '...' + (s.length - off + 3 > W - 3 ? s.slice(off, off + W - 6) + '...' : s.slice(s.length - (W - 3))); }),
    initials: fn('string', (s: string) => s.split(/\s+/).filter(Boolean).map((w) => [...w][0]).join('')),
    contains: fn('string string', (sub: string, s: string) => s.includes(sub)),
    hasPrefix: fn('string string', (p: string, s: string) => s.startsWith(p)),
    hasSuffix: fn('string string', (p: string, s: string) => s.endsWith(p)),
    quote: fn('...any', (...v: Value[]) => v.filter((x) => x !== null && x !== undefined).map((x) => sprintf('%q', [strval(x)])).join(' ')),
    squote: fn('...any', (...v: Value[]) => v.filter((x) => x !== null && x !== undefined).map((x) => `'${strval(x)}'`).join(' ')),
    cat: fn('...any', (...v: Value[]) => sprintf(Array(v.filter((x) => x !== null && x !== undefined).length).fill('%v').join(' '), v.filter((x) => x !== null && x !== undefined))),
    indent: fn('int string', (n: bigint, s: string) => { const pad = ' '.repeat(Number(n)); return pad + s.replace(/\n/g, '\n' + pad); }),
    nindent: fn('int string', (n: bigint, s: string) => { const pad = ' '.repeat(Number(n)); return '\n' + pad + s.replace(/\n/g, '\n' + pad); }),
    replace: fn('string string string', (o: string, n: string, s: string) => (o === '' ? s.split('').join(n).replace(/^/, n) + (s.length ? n : '') : s.split(o).join(n))),
    plural: fn('string string int', (one: string, many: string, c: bigint) => (c === 1n ? one : many)),
    snakecase: fn('string', (s: string) => words(s).map((w) => w.toLowerCase()).join('_')),
    camelcase: fn('string', (s: string) => s.split('_').map((w) => (w ? w[0].toUpperCase() + w.slice(1) : '')).join('')),
    kebabcase: fn('string', (s: string) => words(s).map((w) => w.toLowerCase()).join('-')),
    swapcase: fn('string', (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')),
    shuffle: fn('string', (s: string) => s),
    toString: fn('any', strval),
    toStrings: fn('any', (v: Value) => strslice(listOf(v, 'toStrings') ?? [])),
    repeat: fn('int string', (n: bigint, s: string) => s.repeat(Math.max(0, Number(n)))),
    nospace: fn('string', (s: string) => s.replace(/\s+/gu, '')),
    wrap: fn('int string', (w: bigint, s: string) => wrap(Number(w), s)),
    wrapWith: fn('int string string', (w: bigint, nl: string, s: string) => wrap(Number(w), s, nl)),
    split: fn('string string', (sep: string, s: string) => { const o: Dict = {}; goSplit(s, sep, -1).forEach((p, i) => { o['_' + i] = p; }); return o; }),
    splitList: fn('string string', (sep: string, s: string) => goSplit(s, sep, -1)),
    splitn: fn('string int string', (sep: string, n: bigint, s: string) => { const o: Dict = {}; goSplit(s, sep, Number(n)).forEach((p, i) => { o['_' + i] = p; }); return o; }),
    join: fn('string any', (sep: string, v: Value) => strslice(v).join(sep)),
    sortAlpha: fn('any', (v: Value) => { const l = listOf(v, 'sortAlpha'); if (!l) return [strval(v)]; return strslice(l).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))); }),
    regexMatch: fn('string string', (r: string, s: string) => goRegex(r).test(s)),
    mustRegexMatch: fn('string string', (r: string, s: string) => goRegex(r).test(s)),
    regexFind: fn('string string', (r: string, s: string) => goRegex(r).exec(s)?.[0] ?? ''),
    mustRegexFind: fn('string string', (r: string, s: string) => goRegex(r).exec(s)?.[0] ?? ''),
    regexFindAll: fn('string string int', (r: string, s: string, n: bigint) => findAll(r, s, Number(n))),
    mustRegexFindAll: fn('string string int', (r: string, s: string, n: bigint) => findAll(r, s, Number(n))),
    regexReplaceAll: fn('string string string', (r: string, s: string, repl: string) => replaceAll(r, s, repl, false)),
    mustRegexReplaceAll: fn('string string string', (r: string, s: string, repl: string) => replaceAll(r, s, repl, false)),
    regexReplaceAllLiteral: fn('string string string', (r: string, s: string, repl: string) => replaceAll(r, s, repl, true)),
    mustRegexReplaceAllLiteral: fn('string string string', (r: string, s: string, repl: string) => replaceAll(r, s, repl, true)),
    regexSplit: fn('string string int', (r: string, s: string, n: bigint) => regexSplit(r, s, Number(n))),
    mustRegexSplit: fn('string string int', (r: string, s: string, n: bigint) => regexSplit(r, s, Number(n))),
    regexQuoteMeta: fn('string', (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')),

    // ---- encoding / crypto ----
    b64enc: fn('string', (s: string) => Buffer.from(s, 'utf8').toString('base64')),
    b64dec: fn('string', (s: string) => { if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4) return 'illegal base64 data at input byte 0'; return Buffer.from(s, 'base64').toString('utf8'); }),
    b32enc: fn('string', (s: string) => base32enc(enc(s))),
    b32dec: fn('string', (s: string) => { try { return dec(base32dec(s)); } catch (e) { return (e as Error).message; } }),
    sha1sum: fn('string', (s: string) => createHash('sha1').update(s, 'utf8').digest('hex')),
    sha256sum: fn('string', (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')),
    sha512sum: fn('string', (s: string) => createHash('sha512').update(s, 'utf8').digest('hex')),
    adler32sum: fn('string', (s: string) => { let a = 1, b = 0; for (const x of enc(s)) { a = (a + x) % 65521; b = (b + a) % 65521; } return String(((b << 16) | a) >>> 0); }),
    htpasswd: fn('string string', (u: string) => `${u}:${placeholder('BCRYPT-HASH')}`),
    derivePassword: fn('int string string string string', () => placeholder('PASSWORD')),
    genPrivateKey: fn('string', () => `-----BEGIN RSA PRIVATE KEY-----\n${placeholder('PRIVATE-KEY')}\n-----END RSA PRIVATE KEY-----\n`),
    encryptAES: fn('string string', (pw: string, plain: string) => aes(pw, plain, true)),
    decryptAES: fn('string string', (pw: string, enc64: string) => aes(pw, enc64, false)),
    bcrypt: fn('string', () => placeholder('BCRYPT-HASH')),
    buildCustomCert: fn('string string', (cert: string, key: string) => new GoObject('certificate', { Cert: Buffer.from(cert, 'base64').toString('utf8'), Key: Buffer.from(key, 'base64').toString('utf8') })),
    hello: fn('', () => 'Hello!'),
    randBytes: fn('int', (n: bigint) => Buffer.from(pseudo(Number(n), AL)).toString('base64')),
    randAlphaNum: fn('int', (n: bigint) => pseudo(Number(n), AL + NUMS)),
    randAlpha: fn('int', (n: bigint) => pseudo(Number(n), AL)),
    randAscii: fn('int', (n: bigint) => pseudo(Number(n), AL + NUMS + '!#%&()*+,-./')),
    randNumeric: fn('int', (n: bigint) => pseudo(Number(n), NUMS)),
    randInt: fn('int int', (a: bigint) => a),
    uuidv4: fn('', () => '00000000-0000-4000-8000-' + String(seq++).padStart(12, '0')),
    html: fn('...any', (...a: Value[]) => htmlEscape(a.length === 1 && typeof a[0] === 'string' ? a[0] : a.map(printV).join(' '))),

    // ---- math ----
    add: fn('...any', (...v: Value[]) => v.reduce<bigint>((a, x) => a + toInt64(x), 0n)),
    add1: fn('any', (v: Value) => toInt64(v) + 1n),
    sub: fn('any any', (a: Value, b: Value) => toInt64(a) - toInt64(b)),
    mul: fn('any ...any', (a: Value, ...v: Value[]) => v.reduce<bigint>((p, x) => p * toInt64(x), toInt64(a))),
    div: fn('any any', (a: Value, b: Value) => { const d = toInt64(b); if (d === 0n) throw new GoError('runtime error: integer divide by zero'); return toInt64(a) / d; }),
    mod: fn('any any', (a: Value, b: Value) => { const d = toInt64(b); if (d === 0n) throw new GoError('runtime error: integer divide by zero'); return toInt64(a) % d; }),
    biggest: fn('any ...any', (a: Value, ...v: Value[]) => v.reduce<bigint>((m, x) => (toInt64(x) > m ? toInt64(x) : m), toInt64(a))),
    max: fn('any ...any', (a: Value, ...v: Value[]) => v.reduce<bigint>((m, x) => (toInt64(x) > m ? toInt64(x) : m), toInt64(a))),
    min: fn('any ...any', (a: Value, ...v: Value[]) => v.reduce<bigint>((m, x) => (toInt64(x) < m ? toInt64(x) : m), toInt64(a))),
    addf: fn('...any', (...v: Value[]) => decOp(0, v, 'add')),
    add1f: fn('any', (v: Value) => toFloat64(v) + 1),
    subf: fn('any ...any', (a: Value, ...v: Value[]) => decOp(toFloat64(a), v, 'sub')),
    mulf: fn('any ...any', (a: Value, ...v: Value[]) => decOp(toFloat64(a), v, 'mul')),
    divf: fn('any ...any', (a: Value, ...v: Value[]) => v.reduce<number>((p, x) => p / toFloat64(x), toFloat64(a))),
    maxf: fn('any ...any', (a: Value, ...v: Value[]) => Math.max(toFloat64(a), ...v.map(toFloat64))),
    minf: fn('any ...any', (a: Value, ...v: Value[]) => Math.min(toFloat64(a), ...v.map(toFloat64))),
    floor: fn('any', (v: Value) => Math.floor(toFloat64(v))),
    ceil: fn('any', (v: Value) => Math.ceil(toFloat64(v))),
    round: fn('any int ...any', (v: Value, p: bigint, ...r: Value[]) => { const ro = r.length ? toFloat64(r[0]) : 0.5; const pow = 10 ** Number(p); const digit = toFloat64(v) * pow; const frac = digit - Math.trunc(digit); return (frac >= ro ? Math.ceil(digit) : Math.floor(digit)) / pow; }),
    int: fn('any', (v: Value) => toInt64(v)),
    int64: fn('any', (v: Value) => toInt64(v)),
    float64: fn('any', (v: Value) => toFloat64(v)),
    atoi: fn('string', (s: string) => (/^[+-]?[0-9]+$/.test(s.trim()) && s.trim() === s ? BigInt(s) : 0n)),
    toDecimal: fn('any', (v: Value) => { const s = strval(v); return /^[0-7]+$/.test(s) ? BigInt('0o' + s) : 0n; }),
    until: fn('int', (n: bigint) => untilStep(0n, n, n < 0n ? -1n : 1n)),
    untilStep: fn('int int int', untilStep),
    seq: fn('...int', (...p: bigint[]) => {
      let start = 1n, end: bigint, step = 1n;
      if (p.length === 0) return '';
      if (p.length === 1) { end = p[0]; if (end < start) step = -1n; }
      else if (p.length === 2) { start = p[0]; end = p[1]; if (end < start) step = -1n; }
      else if (p.length === 3) { start = p[0]; step = p[1]; end = p[2]; if (step === 0n || (end < start && step > 0n) || (end > start && step < 0n)) return ''; }
      else return '';
      const out: bigint[] = [];
      for (let i = start; step > 0n ? i <= end : i >= end; i += step) out.push(i);
      return out.join(' ');
    }),

    // ---- lists ----
    list: fn('...any', (...v: Value[]) => v),
    tuple: fn('...any', (...v: Value[]) => v),
    first: fn('any', (v: Value) => { const l = listOf(v, 'find first'); return l && l.length ? l[0] : null; }),
    mustFirst: fn('any', (v: Value) => { const l = listOf(v, 'find first'); return l && l.length ? l[0] : null; }),
    last: fn('any', (v: Value) => { const l = listOf(v, 'find last'); return l && l.length ? l[l.length - 1] : null; }),
    mustLast: fn('any', (v: Value) => { const l = listOf(v, 'find last'); return l && l.length ? l[l.length - 1] : null; }),
    rest: fn('any', (v: Value) => { const l = listOf(v, 'find rest'); return l && l.length ? l.slice(1) : []; }),
    mustRest: fn('any', (v: Value) => { const l = listOf(v, 'find rest'); return l && l.length ? l.slice(1) : []; }),
    initial: fn('any', (v: Value) => { const l = listOf(v, 'find initial'); return l && l.length ? l.slice(0, -1) : []; }),
    mustInitial: fn('any', (v: Value) => { const l = listOf(v, 'find initial'); return l && l.length ? l.slice(0, -1) : []; }),
    append: fn('any any', (l: Value, v: Value) => [...(listOf(l, 'append') ?? []), v]),
    push: fn('any any', (l: Value, v: Value) => [...(listOf(l, 'push') ?? []), v]),
    mustAppend: fn('any any', (l: Value, v: Value) => [...(listOf(l, 'append') ?? []), v]),
    mustPush: fn('any any', (l: Value, v: Value) => [...(listOf(l, 'push') ?? []), v]),
    prepend: fn('any any', (l: Value, v: Value) => [v, ...(listOf(l, 'prepend') ?? [])]),
    mustPrepend: fn('any any', (l: Value, v: Value) => [v, ...(listOf(l, 'prepend') ?? [])]),
    concat: fn('...any', (...ls: Value[]) => ls.flatMap((l) => listOf(l, 'concat') ?? [])),
    reverse: fn('any', (v: Value) => [...(listOf(v, 'find reverse') ?? [])].reverse()),
    mustReverse: fn('any', (v: Value) => [...(listOf(v, 'find reverse') ?? [])].reverse()),
    uniq: fn('any', (v: Value) => { const out: Value[] = []; for (const x of listOf(v, 'find uniq') ?? []) if (!out.some((y) => deepEq(x, y))) out.push(x); return out; }),
    mustUniq: fn('any', (v: Value) => { const out: Value[] = []; for (const x of listOf(v, 'find uniq') ?? []) if (!out.some((y) => deepEq(x, y))) out.push(x); return out; }),
    without: fn('any ...any', (l: Value, ...o: Value[]) => (listOf(l, 'find without') ?? []).filter((x) => !o.some((y) => deepEq(x, y)))),
    mustWithout: fn('any ...any', (l: Value, ...o: Value[]) => (listOf(l, 'find without') ?? []).filter((x) => !o.some((y) => deepEq(x, y)))),
    has: fn('any any', (needle: Value, hay: Value) => { if (hay === null || hay === undefined) return false; return (listOf(hay, 'find has') ?? []).some((x) => deepEq(x, needle)); }),
    mustHas: fn('any any', (needle: Value, hay: Value) => { if (hay === null || hay === undefined) return false; return (listOf(hay, 'find has') ?? []).some((x) => deepEq(x, needle)); }),
    compact: fn('any', (v: Value) => (listOf(v, 'compact') ?? []).filter((x) => !isEmpty(x))),
    mustCompact: fn('any', (v: Value) => (listOf(v, 'compact') ?? []).filter((x) => !isEmpty(x))),
    mustSlice: fn('any ...any', (v: Value, ...idx: Value[]) => sliceList(v, idx)),
    slice: fn('any ...any', (v: Value, ...idx: Value[]) => sliceList(v, idx)),
    sliceUnused: fn('any ...any', (v: Value, ...idx: Value[]) => {
      const l = listOf(v, 'slice'); if (!l) return null;
      const a = idx.length > 0 ? Number(toInt64(idx[0])) : 0; const b = idx.length > 1 ? Number(toInt64(idx[1])) : l.length;
      if (a < 0 || b > l.length || a > b) throw new GoError(`runtime error: slice bounds out of range [${a}:${b}]`);
      return l.slice(a, b);
    }),
    mustChunk: fn('int any', (size: bigint, v: Value) => { const l = listOf(v, 'chunk') ?? []; const out: Value[] = []; for (let i = 0; i < l.length; i += Number(size)) out.push(l.slice(i, i + Number(size))); return out; }),
    chunk: fn('int any', (size: bigint, v: Value) => { const l = listOf(v, 'chunk') ?? []; const out: Value[] = []; for (let i = 0; i < l.length; i += Number(size)) out.push(l.slice(i, i + Number(size))); return out; }),
    index: fn('any ...any', (item: Value, ...idx: Value[]) => { let v = item; for (const i of idx) { if (isDict(v)) v = (v as Dict)[strval(i)] ?? null; else if (Array.isArray(v)) { const n = Number(toInt64(i)); if (n < 0 || n >= v.length) throw new GoError(`error calling index: index out of range: ${n}`); v = v[n]; } else if (v === null || v === undefined) throw new GoError('index of untyped nil'); else throw new GoError(`can't index item of type ${typeName(v)}`); } return v; }),

    // ---- dicts ----
    dict: fn('...any', (...kv: Value[]) => { const o: Dict = {}; for (let i = 0; i < kv.length; i += 2) o[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : ''; return o; }),
    get: fn('dict string', (d: Dict, k: string) => (Object.prototype.hasOwnProperty.call(d, k) ? d[k] : '')),
    set: fn('dict string any', (d: Dict, k: string, v: Value) => { d[k] = v; return d; }),
    unset: fn('dict string', (d: Dict, k: string) => { delete d[k]; return d; }),
    hasKey: fn('dict string', (d: Dict, k: string) => Object.prototype.hasOwnProperty.call(d, k)),
    pluck: fn('string ...dict', (k: string, ...ds: Dict[]) => ds.filter((d) => Object.prototype.hasOwnProperty.call(d, k)).map((d) => d[k])),
    keys: fn('...dict', (...ds: Dict[]) => ds.flatMap((d) => Object.keys(d))),
    values: fn('dict', (d: Dict) => Object.keys(d).map((k) => d[k])),
    pick: fn('dict ...string', (d: Dict, ...ks: string[]) => { const o: Dict = {}; for (const k of ks) if (Object.prototype.hasOwnProperty.call(d, k)) o[k] = d[k]; return o; }),
    omit: fn('dict ...string', (d: Dict, ...ks: string[]) => { const o: Dict = {}; for (const k of Object.keys(d)) if (!ks.includes(k)) o[k] = d[k]; return o; }),
    merge: fn('dict ...dict', (dst: Dict, ...srcs: Dict[]) => { for (const s of srcs) mergo(dst, s, false); return dst; }),
    mustMerge: fn('dict ...dict', (dst: Dict, ...srcs: Dict[]) => { for (const s of srcs) mergo(dst, s, false); return dst; }),
    mergeOverwrite: fn('dict ...dict', (dst: Dict, ...srcs: Dict[]) => { for (const s of srcs) mergo(dst, s, true); return dst; }),
    mustMergeOverwrite: fn('dict ...dict', (dst: Dict, ...srcs: Dict[]) => { for (const s of srcs) mergo(dst, s, true); return dst; }),
    deepCopy: fn('any', (v: Value) => deepCopy(v)),
    mustDeepCopy: fn('any', (v: Value) => { if (v === null || v === undefined) throw new GoError('copy: cannot copy nil'); return deepCopy(v); }),
    dig: fn('...any', (...a: Value[]) => dig(a)),
    urlParse: fn('string', (v: string) => urlParse(v)),
    urlJoin: fn('dict', (d: Dict) => urlJoin(d)),

    // ---- semver ----
    semver: fn('string', (s: string) => semverObj(parseSemver(s))),
    semverCompare: fn('string string', (c: string, v: string) => semverSatisfies(c, v)),

    // ---- dates (the clock comes from the options) ----
    now: fn('', () => nowT()),
    date: fn('string any', (fmt: string, d: Value) => formatTime(timeOf(d), fmt)),
    dateInZone: fn('string any string', (fmt: string, d: Value) => formatTime(timeOf(d), fmt)),
    date_in_zone: fn('string any string', (fmt: string, d: Value) => formatTime(timeOf(d), fmt)),
    htmlDate: fn('any', (d: Value) => formatTime(timeOf(d), '2006-01-02')),
    htmlDateInZone: fn('any string', (d: Value) => formatTime(timeOf(d), '2006-01-02')),
    unixEpoch: fn('any', (d: Value) => String(Math.floor(timeOf(d).ms / 1000))),
    toDate: fn('string string', (_f: string, s: string) => timeOf(s)),
    mustToDate: fn('string string', (_f: string, s: string) => timeOf(s)),
    dateModify: fn('string any', (m: string, d: Value) => dateModify(m, d)),
    date_modify: fn('string any', (m: string, d: Value) => dateModify(m, d)),
    mustDateModify: fn('string any', (m: string, d: Value) => dateModify(m, d)),
    must_date_modify: fn('string any', (m: string, d: Value) => dateModify(m, d)),
    ago: fn('any', () => '0s'),
    duration: fn('any', (v: Value) => `${toInt64(v)}s`),
    durationRound: fn('any', (v: Value) => strval(v)),
    semverCompareInternal: fn('string string', (a: string, b: string) => BigInt(compareSemver(parseSemver(a), parseSemver(b)))),
  };
  delete f.semverCompareInternal;
  delete f.sliceUnused;
  for (const [k, p] of Object.entries({ base: posixBase, dir: posixDir, ext: posixExt, clean: posixClean, osBase: posixBase, osDir: posixDir, osExt: posixExt, osClean: posixClean })) f[k] = fn('string', p);
  f.isAbs = fn('string', (p: string) => p.startsWith('/'));
  f.osIsAbs = fn('string', (p: string) => p.startsWith('/'));
  f.mustFromJson = fn('string', (s: string) => { const v = parseJson(s); return v; });
  f.mustToRawJson = fn('any', (v: Value) => toJson(v).replace(/\\u003c/g, '<').replace(/\\u003e/g, '>').replace(/\\u0026/g, '&'));
  for (const k of ['genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey']) {
    f[k] = fn('...any', () => new GoObject('certificate', { Cert: `-----BEGIN CERTIFICATE-----\n${placeholder('CERT')}\n-----END CERTIFICATE-----\n`, Key: `-----BEGIN RSA PRIVATE KEY-----\n${placeholder('KEY')}\n-----END RSA PRIVATE KEY-----\n` }));
  }
  return f;
}

function sliceList(v: Value, idx: Value[]): Value {
  const l = listOf(v, 'slice'); if (!l) return null;
  const a = idx.length > 0 ? Number(toInt64(idx[0])) : 0; const b = idx.length > 1 ? Number(toInt64(idx[1])) : l.length;
  if (a < 0 || b > l.length || a > b) throw new GoError(`runtime error: slice bounds out of range [${a}:${b}]`);
  return l.slice(a, b);
}

/** shopspring/decimal arithmetic over the shortest decimal form of each float64, as sprig's addf/subf/mulf. */
function decOp(first: number, rest: Value[], op: 'add' | 'sub' | 'mul'): number {
  const dec = (f: number): [bigint, number] => {
    const s = goFloatDecimal(f);
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) return [BigInt(Math.round(f)), 0];
    return [BigInt(m[1] + m[2] + (m[3] ?? '')), (m[3] ?? '').length];
  };
  let [acc, scale] = dec(first);
  for (const x of rest) {
    const [b, bs] = dec(toFloat64(x));
    if (op === 'mul') { acc *= b; scale += bs; continue; }
    const sc = Math.max(scale, bs);
    const a2 = acc * 10n ** BigInt(sc - scale), b2 = b * 10n ** BigInt(sc - bs);
    acc = op === 'add' ? a2 + b2 : a2 - b2; scale = sc;
  }
  const neg = acc < 0n; const digits = (neg ? -acc : acc).toString().padStart(scale + 1, '0');
  return Number(`${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale) || '0'}`);
}
function goFloatDecimal(f: number): string {
  if (!Number.isFinite(f)) return '0';
  const s = String(f);
  if (!/e/.test(s)) return s;
  return f.toFixed(20).replace(/\.?0+$/, '');
}

function aes(password: string, text: string, encrypt: boolean): string {
  // sprig: AES-256-CBC, the password zero-padded (or cut) to 32 bytes, PKCS#7, the IV first, base64. Sprig draws a
  // random IV; the IV here is derived from the text so rendering is reproducible (decryptAES reads either).
  const key = Buffer.alloc(32); Buffer.from(password, 'utf8').copy(key);
  if (encrypt) {
    if (text === '') return '';
    const iv = createHash('sha256').update(password + '\0' + text).digest().subarray(0, 16);
    const ci = createCipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([iv, ci.update(text, 'utf8'), ci.final()]).toString('base64');
  }
  const raw = Buffer.from(text, 'base64');
  if (raw.length < 16) throw new GoError('ciphertext too short');
  const de = createDecipheriv('aes-256-cbc', key, raw.subarray(0, 16));
  return Buffer.concat([de.update(raw.subarray(16)), de.final()]).toString('utf8');
}

function dateModify(m: string, d: Value): GoTime {
  const t = timeOf(d);
  const re = /(-?[0-9.]+)(ns|us|µs|ms|s|m|h)/g;
  if (!/^([-+]?[0-9.]+(ns|us|µs|ms|s|m|h))+$/.test(m.replace(/^\+/, ''))) return t;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  const neg = m.startsWith('-');
  let ms = 0;
  for (const x of m.replace(/^[-+]/, '').matchAll(re)) ms += parseFloat(x[1]) * unit[x[2]];
  return new GoTime(t.ms + (neg ? -ms : ms));
}

function urlParse(v: string): Dict {
  let u: URL;
  try { u = new URL(v); } catch { throw new GoError(`unable to parse url: parse ${JSON.stringify(v)}`); }
  return { scheme: u.protocol.replace(/:$/, ''), host: u.host, hostname: u.hostname, path: decodeURIComponent(u.pathname), query: u.search.replace(/^\?/, ''), opaque: '', fragment: u.hash.replace(/^#/, ''), userinfo: u.username ? u.username + (u.password ? ':' + u.password : '') : '' };
}
function urlJoin(d: Dict): string {
  const g = (k: string) => { const v = d[k]; if (v === undefined || v === null) return ''; if (typeof v !== 'string') throw new GoError(`unable to parse ${k} key, must be of type string, but ${kindName(v)} found`); return v; };
  let out = '';
  if (g('scheme')) out += g('scheme') + ':';
  if (g('opaque')) out += g('opaque');
  else {
    if (g('scheme') || g('host') || g('userinfo')) { out += '//'; if (g('userinfo')) out += g('userinfo') + '@'; out += g('host'); }
    const p = g('path');
    if (p && !p.startsWith('/') && g('host')) out += '/';
    out += p;
  }
  if (g('query')) out += '?' + g('query');
  if (g('fragment')) out += '#' + g('fragment');
  return out;
}

const posixClean = (p: string): string => {
  if (p === '') return '.';
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!abs) out.push('..'); continue; }
    out.push(part);
  }
  const r = (abs ? '/' : '') + out.join('/');
  return r || (abs ? '/' : '.');
};
const posixBase = (p: string): string => { if (p === '') return '.'; const t = p.replace(/\/+$/, ''); if (t === '') return '/'; return t.slice(t.lastIndexOf('/') + 1); };
const posixDir = (p: string): string => { const i = p.lastIndexOf('/'); return posixClean(i < 0 ? '' : p.slice(0, i + 1)); };
const posixExt = (p: string): string => { for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i); return ''; };

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step === 0n) return out;
  if (start < stop) { if (step < 0n) return out; for (let i = start; i < stop; i += step) out.push(i); return out; }
  if (step > 0n) return out;
  for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

function deepEq(a: Value, b: Value): boolean {
  if (typeof a !== typeof b) return false;
  if (a === b) return true;
  try { return typeName(a) === typeName(b) && toJson(a) === toJson(b); } catch { return false; }
}

function trimCut(s: string, cut: string, left: boolean, right: boolean): string {
  const set = new Set([...cut]);
  const cs = [...s];
  let a = 0, b = cs.length;
  if (left) while (a < b && set.has(cs[a])) a++;
  if (right) while (b > a && set.has(cs[b - 1])) b--;
  return cs.slice(a, b).join('');
}

/** strings.SplitN */
function goSplit(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') { const cs = [...s]; if (n < 0 || n >= cs.length) return cs; return [...cs.slice(0, n - 1), cs.slice(n - 1).join('')]; }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function findAll(r: string, s: string, n: number): string[] {
  const re = goRegex(r, 'g');
  const out: string[] = [];
  for (const m of s.matchAll(re)) { if (n >= 0 && out.length >= n) break; out.push(m[0]); }
  return out;
}

function replaceAll(r: string, s: string, repl: string, literal: boolean): string {
  const re = goRegex(r, 'g');
  return s.replace(re, (...m: unknown[]) => {
    if (literal) return repl;
    const groups = (typeof m[m.length - 1] === 'object' ? m[m.length - 1] : undefined) as Record<string, string> | undefined;
    const nums = m.slice(0, typeof m[m.length - 1] === 'object' ? -3 : -2) as string[];
    return goExpand(repl, nums, groups);
  });
}

function regexSplit(r: string, s: string, n: number): string[] {
  if (n === 0) return [];
  const re = goRegex(r, 'g');
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (n > 0 && out.length === n - 1) break;
    if (m[0] === '' && (m.index === 0 || m.index === s.length)) continue;
    out.push(s.slice(last, m.index));
    last = m.index! + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

export { truth, goFloat, v2Less };
