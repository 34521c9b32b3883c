/** IPv4 and IPv6 addresses and CIDR blocks as integer ranges (for NetworkPolicy `ipBlock`). */

export interface IpRange { v6: boolean; lo: bigint; hi: bigint }

export function parseIp(s: string): { v6: boolean; n: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    // Go's netip (and the API server since 1.30) rejects leading zeros, which some parsers read as octal
    if (s.split('.').some((p) => p.length > 1 && p.startsWith('0'))) return undefined;
    return { v6: false, n: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n) };
  }
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  let head = s, tail4: bigint | undefined;
  const m = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (m) {
    const v4 = parseIp(m[2]);
    if (!v4 || v4.v6) return undefined;
    tail4 = v4.n;
    head = m[1].endsWith('::') ? m[1] : m[1].slice(0, -1);
  }
  const want = tail4 === undefined ? 8 : 6;
  const dbl = head.split('::');
  if (dbl.length > 2) return undefined;
  const groups = (x: string) => (x === '' ? [] : x.split(':'));
  const left = groups(dbl[0]), right = dbl.length === 2 ? groups(dbl[1]) : [];
  if ([...left, ...right].some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
  let all: string[];
  if (dbl.length === 2) {
    const fill = want - left.length - right.length;
    if (fill < 1) return undefined;
    all = [...left, ...Array(fill).fill('0'), ...right];
  } else all = left;
  if (all.length !== want) return undefined;
  let n = all.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail4 !== undefined) n = (n << 32n) | tail4;
  return { v6: true, n };
}

/** A CIDR (`10.0.0.0/8`, `2001:db8::/32`) as the range of its addresses; host bits are ignored, as the API server did before v1.30. */
export function parseCidr(s: string): IpRange | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const ip = parseIp(m[1]);
  if (!ip) return undefined;
  const bits = ip.v6 ? 128 : 32;
  const len = Number(m[2]);
  if (len > bits) return undefined;
  const host = (1n << BigInt(bits - len)) - 1n;
  const lo = ip.n & ~host & ((1n << BigInt(bits)) - 1n);
  return { v6: ip.v6, lo, hi: lo | host };
}

/** An address or a CIDR. */
export function parseIpOrCidr(s: string): IpRange | undefined {
  if (s.includes('/')) return parseCidr(s);
  const ip = parseIp(s);
  return ip && { v6: ip.v6, lo: ip.n, hi: ip.n };
}

/** Whether some address of `q` is in `cidr` and in none of `except`. */
export function someAddressIn(q: IpRange, cidr: IpRange, except: IpRange[]): boolean {
  if (q.v6 !== cidr.v6) return false;
  let lo = q.lo > cidr.lo ? q.lo : cidr.lo;
  const hi = q.hi < cidr.hi ? q.hi : cidr.hi;
  if (lo > hi) return false;
  // walk the excepts in order: the first address not covered by one of them is a witness
  const ex = except.filter((e) => e.v6 === q.v6).sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  for (const e of ex) {
    if (e.hi < lo) continue;
    if (e.lo > lo) return true;
    lo = e.hi + 1n;
    if (lo > hi) return false;
  }
  return lo <= hi;
}

/** Whether every address of `q` is in `cidr` and in none of `except`. */
export function everyAddressIn(q: IpRange, cidr: IpRange, except: IpRange[]): boolean {
  if (q.v6 !== cidr.v6 || q.lo < cidr.lo || q.hi > cidr.hi) return false;
  return !except.some((e) => e.v6 === q.v6 && e.lo <= q.hi && e.hi >= q.lo);
}
