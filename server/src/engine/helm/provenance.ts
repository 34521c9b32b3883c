/**
 * Values provenance of a rendered chart (issue 21): which value of which values file a piece of rendered output is.
 * The executor tags the output of an action that prints a value of the values tree (exec.ts ValuesOrigin: the
 * scalar at a path, or the YAML of the map or list at a path, as toYaml writes it); here a position of the rendered
 * text is turned into a values path (the tag's path, plus the keys the toYaml output holds above that position), and
 * a values path into the place that sets it: --set, then the -f files (the last first), then the chart's values.yaml,
 * then a subchart's own values.yaml, as Helm coalesces them.
 */
import { parseAllDocuments, parseDocument, isMap, isSeq, isScalar, isPair, Node as YNode, Document } from 'yaml';
import { TextCache } from '../textCache';
import { chunkAt, RenderedTemplate } from './chart';
import { parseSetInto } from './strvals';
import { Dict, isDict } from './values';

/** A value of the rendered text that came from the values: its values path, and its [start, end) in the rendered
 *  text (the scalar itself; for a map or a list, the key above it when it has one). `onKey`: the position was on the
 *  key of the pair whose value this is. */
export interface RenderedValue { path: string[]; start: number; end: number; scalar: boolean; onKey: boolean }

type Range3 = [number, number, number];
const rangeOf = (n: unknown): Range3 | undefined => (n && typeof n === 'object' && 'range' in n ? ((n as { range?: Range3 }).range ?? undefined) : undefined);

interface Hit { trail: { seg: string; at: number }[]; node?: YNode; keyStart?: number; onKey: boolean }

/** The deepest node of `node` holding `off`, with the keys and indexes on the way (each with where it is written). */
function descend(node: unknown, off: number, trail: Hit['trail']): Hit {
  if (isMap(node)) {
    for (const p of node.items) {
      const kr = rangeOf(p.key);
      if (!kr) continue;
      const vr = rangeOf(p.value);
      const end = vr ? vr[1] : kr[1];
      if (off < kr[0] || off >= Math.max(end, kr[1])) continue;
      const seg = isScalar(p.key) ? String(p.key.value) : String(p.key);
      trail.push({ seg, at: kr[0] });
      if (off < kr[1] || !vr || off < vr[0]) return { trail, node: (p.value as YNode) ?? undefined, keyStart: kr[0], onKey: true };
      if (isMap(p.value) || isSeq(p.value)) return descend(p.value, off, trail);
      return { trail, node: p.value as YNode, keyStart: kr[0], onKey: false };
    }
    return { trail, node: node as YNode, onKey: false };
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const r = rangeOf(node.items[i]);
      if (!r || off < r[0] || off >= r[1]) continue;
      trail.push({ seg: String(i), at: r[0] });
      const it = node.items[i];
      if (isMap(it) || isSeq(it)) return descend(it, off, trail);
      return { trail, node: it as YNode, onKey: false };
    }
  }
  return { trail, node: node as YNode, onKey: false };
}

/** Parsed rendered texts, by template (a finding per call must not reparse the document). */
const parsed = new WeakMap<RenderedTemplate, Document[]>();
/** The same by rendered text: a chart re-rendered on a keystroke renders its other templates to the same texts (bounded). */
const parsedText = new TextCache<Document[]>(256, 512 * 1024);

/** The values value the rendered text holds at offset `off` (a finding's start), if the text there came from the values. */
export function renderedValueAt(t: RenderedTemplate, off: number): RenderedValue | undefined {
  if (!t.chunks.some((c) => c.values)) return undefined;
  let docs = parsed.get(t) ?? parsedText.get(t.text);
  if (!docs) {
    docs = parseAllDocuments(t.text) as Document[];
    parsedText.set(t.text, docs);
  }
  parsed.set(t, docs);
  const doc = docs.find((d) => { const r = rangeOf(d); return !!r && off >= r[0] && off < r[2]; }) ?? docs.find((d) => { const r = rangeOf(d.contents); return !!r && off >= r[0] && off < r[2]; });
  if (!doc || !doc.contents) return undefined;
  const hit = descend(doc.contents, off, []);
  const nr = rangeOf(hit.node);
  // the offending value: the one at the position, or the value of the pair whose key is there
  const at = nr && (hit.onKey || off >= nr[0]) ? nr[0] : off;
  const c = chunkAt(t, at);
  if (c && !c.values && nr && isScalar(hit.node)) {
    // a scalar written partly by the template ("nginx:{{ .Values.tag }}"): the one value of the values in it
    const inside = t.chunks.filter((x) => x.values && x.end > nr[0] && x.start < nr[1]);
    if (inside.length === 1 && !inside[0].values!.tree) return { path: inside[0].values!.path, start: inside[0].start, end: inside[0].end, scalar: true, onKey: hit.onKey };
  }
  if (!c || !c.values) return undefined;
  const scalar = isScalar(hit.node) || hit.node === undefined || hit.node === null;
  if (!c.values.tree) {
    // a printed scalar: the whole value must be what the action printed
    if (!nr || !isScalar(hit.node) || nr[0] < c.start || nr[1] > c.end) return undefined;
    return { path: c.values.path, start: nr[0], end: nr[1], scalar: true, onKey: hit.onKey };
  }
  // toYaml's output: the keys and indexes written inside it continue the tagged path
  const rel = hit.trail.filter((s) => s.at >= c.start && s.at < c.end).map((s) => s.seg);
  const start = nr ? nr[0] : (hit.keyStart ?? off);
  return { path: [...c.values.path, ...rel], start, end: nr ? nr[1] : start, scalar, onKey: hit.onKey || (!scalar && hit.keyStart !== undefined) };
}

/** A values file the chart was rendered with. `prefix`: the values path its top level is (a subchart's own
 *  values.yaml is under the subchart's name). */
export interface ValuesSource { file: string; text: string; prefix: string[]; /** the name messages use (default: file) */ label?: string }

/** Where a values path is set: in a file (the key's and the value's offsets) or by --set. */
export type ValuesPlace =
  | { file: string; label: string; text: string; keyStart?: number; keyEnd?: number; start: number; end: number; scalar: boolean }
  | { set: string };

const docs = new WeakMap<ValuesSource, Document | null>();
/** The same by text: the values files of a chart re-rendered on a keystroke have the same texts (bounded). */
const docsByText = new TextCache<Document | null>(64, 512 * 1024);
function docOf(s: ValuesSource): Document | null {
  if (!docs.has(s)) {
    let d = docsByText.get(s.text);
    if (d === undefined) {
      d = null;
      try { d = parseDocument(s.text) as Document; if (d.errors.length) d = null; } catch { d = null; }
      docsByText.set(s.text, d);
    }
    docs.set(s, d);
  }
  return docs.get(s)!;
}

function find(doc: Document, path: string[]): Omit<Extract<ValuesPlace, { file: string }>, 'file' | 'text' | 'label'> | undefined {
  let node: unknown = doc.contents;
  let keyStart: number | undefined, keyEnd: number | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const p = node.items.find((x) => isPair(x) && isScalar(x.key) && String(x.key.value) === seg);
      if (!p) return undefined;
      const kr = rangeOf(p.key);
      keyStart = kr?.[0]; keyEnd = kr?.[1];
      node = p.value;
      if (node === null || node === undefined) {
        if (seg !== path[path.length - 1] || !kr) return undefined;
        return { keyStart, keyEnd, start: kr[1], end: kr[1], scalar: true };
      }
    } else if (isSeq(node)) {
      const i = Number(seg);
      if (!Number.isInteger(i) || i < 0 || i >= node.items.length) return undefined;
      node = node.items[i];
      keyStart = keyEnd = undefined;
    } else return undefined;
  }
  const r = rangeOf(node);
  if (!r) return undefined;
  return { keyStart, keyEnd, start: r[0], end: r[1], scalar: isScalar(node) };
}

/** Whether `d` sets the value at `path` itself (a map there may be completed by the files). */
const setsLeaf = (d: Dict, path: string[]): boolean => {
  let v: unknown = d;
  for (const seg of path) {
    if (Array.isArray(v)) { const i = Number(seg); if (!Number.isInteger(i) || i >= v.length) return false; v = v[i]; continue; }
    if (!isDict(v) || !Object.prototype.hasOwnProperty.call(v, seg)) return false;
    v = v[seg];
  }
  return !isDict(v);
};

/** Where the value at `path` of the coalesced values was set: `set` (--set then --set-string, as given), `user`
 *  (-f files in order), `chart` (values.yaml of the chart, then of its subcharts). */
export function locateValue(path: string[], sources: { set?: string[]; setString?: string[]; user: ValuesSource[]; chart: ValuesSource[] }): ValuesPlace | undefined {
  for (const [flag, list] of [['--set-string', sources.setString], ['--set', sources.set]] as const) {
    for (const s of [...(list ?? [])].reverse()) {
      const d: Dict = {};
      try { parseSetInto(s, d, flag === '--set-string'); } catch { continue; }
      if (setsLeaf(d, path)) return { set: `${flag} ${s}` };
    }
  }
  const tryIn = (list: ValuesSource[], p: string[]) => {
    for (const s of list) {
      if (p.length < s.prefix.length || s.prefix.some((x, i) => p[i] !== x)) continue;
      const d = docOf(s);
      const f = d && find(d, p.slice(s.prefix.length));
      if (f) return { file: s.file, label: s.label ?? s.file, text: s.text, ...f };
    }
    return undefined;
  };
  const chart = [...sources.chart].sort((a, b) => a.prefix.length - b.prefix.length);
  const hit = tryIn([...sources.user].reverse(), path) ?? tryIn(chart, path);
  if (hit) return hit;
  // a subchart's global comes from the parent's global
  const g = path.indexOf('global');
  if (g > 0) return locateValue(path.slice(g), sources);
  return undefined;
}
