/**
 * Line diffs: changed regions between two texts, and a unified diff (`diff -u` format) for
 * `palisade scan --diff`. Common prefix and suffix are trimmed first; the middle uses an LCS table
 * (fixes change a few lines, so it stays small) and falls back to one replaced block when huge.
 */
import { splitLinesKeep } from './apply';

export interface Hunk { aStart: number; aLen: number; bStart: number; bLen: number }

type Op = { t: '=' | '-' | '+'; a: number; b: number };

function ops(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const out: Op[] = [];
  for (let i = 0; i < pre; i++) out.push({ t: '=', a: i, b: i });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length, m = bm.length;
  if (n * m > 4_000_000) {
    for (let i = 0; i < n; i++) out.push({ t: '-', a: pre + i, b: pre });
    for (let j = 0; j < m; j++) out.push({ t: '+', a: pre + n, b: pre + j });
  } else {
    // lcs[i][j] = LCS length of am[i..] and bm[j..]
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = am[i] === bm[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) { out.push({ t: '=', a: pre + i, b: pre + j }); i++; j++; }
      else if (i < n && (j >= m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) { out.push({ t: '-', a: pre + i, b: pre + j }); i++; }
      else { out.push({ t: '+', a: pre + i, b: pre + j }); j++; }
    }
  }
  for (let k = 0; k < suf; k++) out.push({ t: '=', a: a.length - suf + k, b: b.length - suf + k });
  return out;
}

/** Changed regions (no context), in order. */
export function lineDiff(a: string[], b: string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let cur: Hunk | undefined;
  for (const o of ops(a, b)) {
    if (o.t === '=') { if (cur) { hunks.push(cur); cur = undefined; } continue; }
    if (!cur) cur = { aStart: o.a, aLen: 0, bStart: o.b, bLen: 0 };
    if (o.t === '-') cur.aLen++; else cur.bLen++;
  }
  if (cur) hunks.push(cur);
  return hunks;
}

/** A unified diff of two texts, or '' when they are equal. */
export function unifiedDiff(aName: string, bName: string, aText: string, bText: string, context = 3): string {
  if (aText === bText) return '';
  const a = splitLinesKeep(aText);
  const b = splitLinesKeep(bText);
  const all = ops(a, b);
  const changed = all.map((o, i) => (o.t !== '=' ? i : -1)).filter((i) => i >= 0);
  // group changes whose context windows overlap
  const groups: [number, number][] = [];
  for (const i of changed) {
    const last = groups[groups.length - 1];
    if (last && i - last[1] <= 2 * context) last[1] = i;
    else groups.push([i, i]);
  }
  let out = `--- ${aName}\n+++ ${bName}\n`;
  for (const [s, e] of groups) {
    const from = Math.max(0, s - context);
    const to = Math.min(all.length - 1, e + context);
    const slice = all.slice(from, to + 1);
    const aLines = slice.filter((o) => o.t !== '+');
    const bLines = slice.filter((o) => o.t !== '-');
    const aStart = aLines.length ? aLines[0].a + 1 : slice[0].a;
    const bStart = bLines.length ? bLines[0].b + 1 : slice[0].b;
    out += `@@ -${aStart},${aLines.length} +${bStart},${bLines.length} @@\n`;
    for (const o of slice) {
      const line = o.t === '+' ? b[o.b] : a[o.a];
      const body = line.replace(/\r?\n$|\r$/, '');
      const ending = line.slice(body.length);
      out += (o.t === '=' ? ' ' : o.t) + body + (ending === '\r\n' ? '\r' : '') + '\n';
      if (!ending) out += '\\ No newline at end of file\n';
    }
  }
  return out;
}
