/** POSIX path helpers (the engine does not import platform modules). */

/** A Windows drive prefix ("C:"), kept in front of an absolute path. */
const DRIVE = /^[A-Za-z]:(?=\/)/;

export function isAbsolute(p: string): boolean {
  return p.startsWith('/') || DRIVE.test(p);
}

export function normalize(p: string): string {
  const drive = DRIVE.exec(p)?.[0];
  if (drive) return drive + normalize(p.slice(drive.length));
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!abs) out.push('..'); continue; }
    out.push(seg);
  }
  const s = out.join('/');
  return abs ? '/' + s : s || '.';
}

export const join = (...parts: string[]) => normalize(parts.filter((x) => x !== '').join('/'));

export function resolve(base: string, p: string): string {
  return isAbsolute(p) ? normalize(p) : join(base, p);
}

export function dirname(p: string): string {
  const n = normalize(p);
  const i = n.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return n.slice(0, i);
}

export function basename(p: string): string {
  const n = p.replace(/\/+$/, '');
  return n.slice(n.lastIndexOf('/') + 1);
}

/** True when `p` is `root` or below it. */
export function isWithin(root: string, p: string): boolean {
  const r = normalize(root), q = normalize(p);
  return q === r || q.startsWith(r === '/' ? '/' : r + '/');
}

export function relative(from: string, to: string): string {
  const a = normalize(from).split('/').filter(Boolean), b = normalize(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
