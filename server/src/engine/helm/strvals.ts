/**
 * Helm's --set parser (helm.sh/helm/v4/pkg/strvals): `a.b=c,list[0]=x,d={1,2}`, backslash escapes, typed values
 * (true/false/null/int64, strings otherwise; --set-string keeps strings), and Helm's MergeMaps for -f files.
 */
import { Value, Dict, isDict } from './values';

const EOF = Symbol('eof');
class Scanner {
  private i = 0;
  constructor(private readonly runes: string[]) {}
  read(): string | typeof EOF { return this.i < this.runes.length ? this.runes[this.i++] : EOF; }
  unread() { this.i--; }
}

class StrvalsError extends Error {}
class EofError extends Error {}
class NotListError extends Error {}

function runesUntil(sc: Scanner, stop: string): { v: string; last: string | typeof EOF; eof: boolean } {
  let v = '';
  for (;;) {
    const r = sc.read();
    if (r === EOF) return { v, last: EOF, eof: true };
    if (stop.includes(r)) return { v, last: r, eof: false };
    if (r === '\\') {
      const n = sc.read();
      if (n === EOF) return { v, last: EOF, eof: true };
      v += n;
    } else v += r;
  }
}

function typedVal(val: string, stringOnly: boolean): Value {
  if (stringOnly) return val;
  const low = val.toLowerCase();
  if (low === 'true') return true;
  if (low === 'false') return false;
  if (low === 'null') return null;
  if (val === '0') return 0n;
  if (val !== '' && val[0] !== '0' && /^[+-]?[0-9]+$/.test(val)) {
    const b = BigInt(val);
    if (b <= 9223372036854775807n && b >= -9223372036854775808n) return b;
  }
  return val;
}

const MAX_INDEX = 65536;
const MAX_NESTED = 30;

/** Parses one --set (or --set-string when stringOnly) argument into `dest`. */
export function parseSetInto(s: string, dest: Dict, stringOnly = false): void {
  const sc = new Scanner([...s]);
  const reader = (rs: string) => typedVal(rs, stringOnly);
  for (;;) {
    try { key(dest, 0); } catch (e) { if (e instanceof EofError) return; throw e; }
  }

  function key(data: Dict, level: number): void {
    for (;;) {
      const { v: k, last, eof } = runesUntil(sc, '=[,.');
      if (eof) {
        if (!k.length) throw new EofError();
        throw new StrvalsError(`key "${k}" has no value`);
      }
      if (last === '[') {
        const i = keyIndex();
        let list: Value[] = [];
        if (Object.prototype.hasOwnProperty.call(data, k)) {
          if (!Array.isArray(data[k])) throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${typeof data[k]}, not []interface {}`);
          list = data[k] as Value[];
        }
        const r = listItem(list, i, level);
        setKey(data, k, r);
        return;
      }
      if (last === '=') {
        let vl: Value[];
        try { vl = valList(); } catch (e) {
          if (e instanceof EofError) { setKey(data, k, ''); throw e; }
          if (e instanceof NotListError) {
            const rs = val();
            setKey(data, k, reader(rs.v));
            return;
          }
          throw e;
        }
        setKey(data, k, vl);
        return;
      }
      if (last === ',') { setKey(data, k, ''); throw new StrvalsError(`key "${k}" has no value (cannot end with ,)`); }
      if (last === '.') {
        if (level + 1 > MAX_NESTED) throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED}`);
        let inner: Dict = {};
        if (Object.prototype.hasOwnProperty.call(data, k)) {
          if (!isDict(data[k])) throw new StrvalsError(`unable to parse key: interface conversion: interface {} is not map[string]interface {}`);
          inner = data[k] as Dict;
        }
        let err: unknown;
        try { key(inner, level + 1); } catch (e) { err = e; }
        if (err === undefined && Object.keys(inner).length === 0) throw new StrvalsError(`key map "${k}" has no value`);
        if (Object.keys(inner).length) setKey(data, k, inner);
        if (err !== undefined) throw err;
        return;
      }
    }
  }

  function setKey(data: Dict, k: string, v: Value) { if (k !== '') data[k] = v; }

  function keyIndex(): number {
    const { v, eof } = runesUntil(sc, ']');
    if (eof) throw new EofError();
    if (!/^[+-]?[0-9]+$/.test(v)) throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`);
    return parseInt(v, 10);
  }

  function setIndex(list: Value[], i: number, v: Value): Value[] {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    if (i > MAX_INDEX) throw new StrvalsError(`index of ${i} is greater than maximum supported index of ${MAX_INDEX}`);
    const l = list.slice();
    while (l.length <= i) l.push(null);
    l[i] = v;
    return l;
  }

  function listItem(list: Value[], i: number, level: number): Value[] {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    const { v: k, last, eof } = runesUntil(sc, '[.=');
    if (k.length) throw new StrvalsError(`unexpected data at end of array index: "${k}"`);
    if (eof) throw new EofError();
    if (last === '=') {
      let vl: Value[];
      try { vl = valList(); } catch (e) {
        if (e instanceof EofError) return setIndex(list, i, '');
        if (e instanceof NotListError) {
          const rs = val();
          const r = setIndex(list, i, reader(rs.v));
          return r;
        }
        throw e;
      }
      return setIndex(list, i, vl);
    }
    if (last === '[') {
      const nextI = keyIndex();
      let cur: Value[] = [];
      if (list.length > i && list[i] !== null) {
        if (!Array.isArray(list[i])) throw new StrvalsError('error parsing index: not a list');
        cur = list[i] as Value[];
      }
      return setIndex(list, i, listItem(cur, nextI, level));
    }
    if (last === '.') {
      let inner: Dict = {};
      const l = list.slice();
      if (l.length > i) { if (isDict(l[i])) inner = l[i] as Dict; else l[i] = inner; }
      key(inner, level);
      return setIndex(l, i, inner);
    }
    throw new StrvalsError(`parse error: unexpected token ${String(last)}`);
  }

  function val(): { v: string; eof: boolean } {
    const r = runesUntil(sc, ',');
    return { v: r.v, eof: r.eof };
  }

  function valList(): Value[] {
    const r = sc.read();
    if (r === EOF) throw new EofError();
    if (r !== '{') { sc.unread(); throw new NotListError(); }
    const list: Value[] = [];
    for (;;) {
      const { v, last, eof } = runesUntil(sc, ',}');
      if (eof) throw new StrvalsError(`list must terminate with '}'`);
      if (last === '}') {
        const n = sc.read();
        if (n !== EOF && n !== ',') sc.unread();
        list.push(reader(v));
        return list;
      }
      list.push(reader(v));
    }
  }
}

/** --set parsing as a whole map (for tests and errors). */
export function parseSet(s: string, stringOnly = false): Dict {
  const d: Dict = {};
  parseSetInto(s, d, stringOnly);
  return d;
}

/** Helm's loader.MergeMaps: b over a, maps merged deeply. */
export function mergeMaps(a: Dict, b: Dict): Dict {
  const out: Dict = { ...a };
  for (const k of Object.keys(b)) {
    const v = b[k];
    if (isDict(v) && isDict(out[k])) { out[k] = mergeMaps(out[k] as Dict, v); continue; }
    out[k] = v;
  }
  return out;
}

export { StrvalsError };
