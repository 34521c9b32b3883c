/** Masterminds/semver v3 versions and constraints, as sprig's semver/semverCompare and Helm's kubeVersion checks use them. */

export interface SemVer { major: bigint; minor: bigint; patch: bigint; pre: string; meta: string; original: string }

const VERSION_RE = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

export function parseSemver(s: string): SemVer {
  const m = VERSION_RE.exec(s.trim());
  if (!m) throw new Error('Invalid Semantic Version');
  return { major: BigInt(m[1]), minor: BigInt(m[2] ?? 0), patch: BigInt(m[3] ?? 0), pre: m[4] ?? '', meta: m[5] ?? '', original: s };
}

function cmpPre(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  const pa = a.split('.'), pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i], y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^[0-9]+$/.test(x), ny = /^[0-9]+$/.test(y);
    if (nx && ny) { const d = BigInt(x) - BigInt(y); if (d !== 0n) return d < 0n ? -1 : 1; }
    else if (nx) return -1;
    else if (ny) return 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return cmpPre(a.pre, b.pre);
}

interface Cond { op: string; v: SemVer; wild: 'major' | 'minor' | 'patch' | ''; hasPre: boolean }

function parseCond(op: string, ver: string): Cond[] {
  const parts = ver.replace(/^v/, '').split(/[-+]/)[0].split('.');
  let wild: Cond['wild'] = '';
  const isW = (p: string | undefined) => p === undefined || p === 'x' || p === 'X' || p === '*';
  if (isW(parts[0])) wild = 'major';
  else if (isW(parts[1])) wild = 'minor';
  else if (isW(parts[2])) wild = 'patch';
  const clean = ver.replace(/^v/, '').replace(/(^|\.)[xX*](?=\.|$|-)/g, '$10');
  const v = parseSemver(clean || '0');
  const hasPre = v.pre !== '';
  return [{ op, v, wild, hasPre }];
}

function matchCond(c: Cond, v: SemVer): boolean {
  // a prerelease version only satisfies constraints that name a prerelease
  if (v.pre && !c.hasPre) return false;
  const cmp = compareSemver(v, c.v);
  const bump = (k: 'major' | 'minor' | 'patch'): SemVer => ({ ...c.v, pre: '', [k]: c.v[k] + 1n, ...(k === 'major' ? { minor: 0n, patch: 0n } : k === 'minor' ? { patch: 0n } : {}) });
  const upper = (): SemVer | undefined => c.wild === 'major' ? undefined : c.wild === 'minor' ? bump('major') : c.wild === 'patch' ? bump('minor') : undefined;
  switch (c.op) {
    case '': case '=': {
      if (c.wild === 'major') return true;
      if (c.wild) return cmp >= 0 && compareSemver(v, upper()!) < 0;
      return cmp === 0;
    }
    case '!=': {
      if (c.wild === 'major') return false;
      if (c.wild) return !(cmp >= 0 && compareSemver(v, upper()!) < 0);
      return cmp !== 0;
    }
    case '>': {
      if (c.wild === 'major') return false;
      if (c.wild) return compareSemver(v, upper()!) >= 0;
      return cmp > 0;
    }
    case '>=': case '=>': return c.wild === 'major' ? true : cmp >= 0;
    case '<': return c.wild === 'major' ? false : cmp < 0;
    case '<=': case '=<': {
      if (c.wild === 'major') return true;
      if (c.wild) return compareSemver(v, upper()!) < 0;
      return cmp <= 0;
    }
    case '~': case '~>': {
      if (cmp < 0) return false;
      if (c.wild === 'major') return true;
      const up = c.wild === 'minor' ? bump('major') : bump('minor');
      return compareSemver(v, up) < 0;
    }
    case '^': {
      if (cmp < 0) return false;
      if (c.wild === 'major') return true;
      let up: SemVer;
      if (c.v.major > 0n || c.wild === 'minor') up = bump('major');
      else if (c.v.minor > 0n || c.wild === 'patch') up = bump('minor');
      else up = bump('patch');
      return compareSemver(v, up) < 0;
    }
  }
  throw new Error(`improper constraint: ${c.op}`);
}

/** Whether `version` satisfies `constraint` (Masterminds/semver v3 syntax: ||, comma/space AND, ranges, ~, ^, x). */
export function semverSatisfies(constraint: string, version: string | SemVer): boolean {
  const v = typeof version === 'string' ? parseSemver(version) : version;
  const ors = constraint.split('||');
  return ors.some((or) => {
    let s = or.trim().replace(/\s*-\s+/g, ' - ');
    const conds: Cond[] = [];
    // hyphen ranges
    s = s.replace(/(\S+)\s+-\s+(\S+)/g, (_m, a: string, b: string) => `>=${a} <=${b}`);
    const tokens = s.split(/[\s,]+/).filter(Boolean);
    for (let i = 0; i < tokens.length; i++) {
      let t = tokens[i];
      let m = /^(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)?(.*)$/.exec(t)!;
      if (m[1] && !m[2] && tokens[i + 1]) { t = m[1] + tokens[++i]; m = /^(!=|>=|=>|<=|=<|~>|>|<|=|~|\^)?(.*)$/.exec(t)!; }
      if (!/^v?[0-9xX*]/.test(m[2])) throw new Error(`improper constraint: ${constraint}`);
      conds.push(...parseCond(m[1] ?? '', m[2]));
    }
    if (!conds.length) throw new Error(`improper constraint: ${constraint}`);
    return conds.every((c) => matchCond(c, v));
  });
}
