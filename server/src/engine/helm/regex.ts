/**
 * Go RE2 patterns run on JavaScript's RegExp. The common subset is the same; this translates the RE2-only syntax
 * (named groups `(?P<n>...)`, leading flag groups `(?i)`, `\A`, `\z`, POSIX classes `[[:alpha:]]`) and refuses what
 * JavaScript would read differently. Differences that remain: RE2 is leftmost-longest only under (?U)/POSIX mode
 * (not used by Sprig), and RE2 has no backreferences or lookaround (JS accepts them; Go would fail to compile).
 */
import { GoError } from './values';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

export function goRegex(src: string, extraFlags = ''): RegExp {
  const key = src + '\0' + extraFlags;
  const hit = cache.get(key);
  if (hit) { hit.lastIndex = 0; return hit; }
  let flags = extraFlags;
  let s = src;
  const lead = /^\(\?([imsU]+)\)/.exec(s);
  if (lead) {
    s = s.slice(lead[0].length);
    if (lead[1].includes('i')) flags += 'i';
    if (lead[1].includes('m')) flags += 'm';
    if (lead[1].includes('s')) flags += 's';
  }
  if (/\(\?[=!<][^P]|\\[1-9]/.test(s.replace(/\(\?<[A-Za-z_]/g, ''))) throw new GoError(`error parsing regexp: invalid or unsupported Perl syntax in \`${src}\``);
  s = s.replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\[:([a-z]+):\]/g, (m, n: string) => POSIX[n] ?? m)
    .replace(/\\A/g, '^').replace(/\\z/g, '$(?![\\s\\S])');
  let re: RegExp;
  try { re = new RegExp(s, flags + 'u'); } catch {
    try { re = new RegExp(s, flags); } catch (e) { throw new GoError(`error parsing regexp: ${(e as Error).message}`); }
  }
  cache.set(key, re);
  return re;
}

/** regexp.Expand: $1, ${1}, $name, ${name}, $$. */
export function goExpand(tpl: string, nums: string[], named: Record<string, string> | undefined): string {
  let out = '';
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i];
    if (c !== '$' || i + 1 >= tpl.length) { out += c; continue; }
    if (tpl[i + 1] === '$') { out += '$'; i++; continue; }
    let name: string;
    if (tpl[i + 1] === '{') {
      const end = tpl.indexOf('}', i + 2);
      if (end < 0) { out += c; continue; }
      name = tpl.slice(i + 2, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) { out += c; continue; }
      i = end;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(tpl.slice(i + 1));
      if (!m) { out += c; continue; }
      name = m[0];
      i += m[0].length;
    }
    if (/^[0-9]+$/.test(name)) out += nums[parseInt(name, 10)] ?? '';
    else out += named?.[name] ?? '';
  }
  return out;
}
