/**
 * SPIRE server and agent configuration, wherever it is written: as HCL (or its JSON form) in a
 * ConfigMap's `server.conf`/`agent.conf`, or as a YAML document of the same shape
 * (`server:`/`agent:` and `plugins:`, plugin blocks as keys `WorkloadAttestor "k8s":`, or nested
 * `WorkloadAttestor: {k8s: ...}`). Both are flattened to settings with a key path and the
 * source location of the key.
 *
 * A small HCL scanner instead of a library: we only need attribute and block keys with their
 * literal values and exact offsets. The HCL parsers on npm either drop source positions or are
 * WebAssembly/Go ports that would put native code and a large dependency into a pure engine;
 * SPIRE configs use a tiny subset (blocks with string labels, `key = literal`, lists, comments).
 */
import { isScalar, Scalar } from 'yaml';
import type { DocModel } from '../../yaml/parse';
import type { YView } from '../../yaml/nodes';
import { objectsOf, K8sObject } from '../../k8s/model';
import type { Loc, OffsetEdit } from '../../types';
import { TextScopedCache } from '../../text';

export interface SpireSetting {
  /** Keys and block labels from the root, e.g. ['plugins', 'NodeAttestor', 'join_token']. */
  path: string[];
  /** Literal value of an attribute; undefined for blocks and non-literal values. */
  value?: string | boolean | number;
  /** Source location of the key (or label) in the file. */
  loc: Loc;
  /** Source location of the value, when it is a literal. */
  valueLoc?: Loc;
  /**
   * `valueLoc` is the value's own text in the file (a YAML scalar, or an HCL literal inside a block
   * or one-line scalar that maps to the file): a fix may edit that range. Otherwise `valueLoc` is
   * the ConfigMap key, for messages only.
   */
  valueExact?: boolean;
}

export interface SpireConfig { settings: SpireSetting[]; obj: K8sObject | null; where: string }

/**
 * Shared by the SPF004-SPF008 rules: computed once per document and position within one analysis
 * (locations are absolute, and a cached document moves when an earlier document of its file changes).
 */
const cache = new TextScopedCache<DocModel, SpireConfig[]>();
export function spireConfigs(doc: DocModel, text: string): SpireConfig[] {
  return cache.get(text, doc, doc.pd.offset, () => compute(doc, text));
}

function compute(doc: DocModel, text: string): SpireConfig[] {
  const out: SpireConfig[] = [];
  // ConfigMaps are the document's root or items of a List (objectsOf): no other document has one
  const kind = doc.root.get('kind').string;
  for (const obj of kind === 'ConfigMap' || kind?.endsWith('List') ? objectsOf(doc) : []) {
    if (obj.kind !== 'ConfigMap' || obj.apiVersion !== 'v1') continue;
    for (const [key, v] of obj.view.get('data').entries()) {
      if (!/(^|[-_.])(server|agent)\.conf$/.test(key) || typeof v.value !== 'string') continue;
      const src = sourceMap(v, text);
      const settings: SpireSetting[] = [];
      const kl = v.keyLoc ?? v.loc;
      try {
        new Hcl(src.value, (path, value, at, vAt) => settings.push({
          path, value,
          loc: src.map ? [src.map(at[0]), src.map(at[1])] : kl,
          valueLoc: vAt ? (src.map ? [src.map(vAt[0]), src.map(vAt[1])] : kl) : undefined,
          valueExact: !!(vAt && src.map),
        })).parse();
      } catch { /* a syntax error: keep what was read up to it */ }
      if (looksSpire(settings)) out.push({ settings, obj, where: `ConfigMap '${obj.name}' ${key}` });
    }
  }
  const root = doc.root;
  if (root.isMap && !root.get('apiVersion').exists && !root.get('kind').exists && (root.get('server').isMap || root.get('agent').isMap)) {
    const settings: SpireSetting[] = [];
    flattenYaml(root, [], settings, 0);
    if (looksSpire(settings)) out.push({ settings, obj: null, where: 'SPIRE configuration' });
  }
  return out;
}

function looksSpire(s: SpireSetting[]): boolean {
  const has = (p: string[]) => s.some((x) => p.every((k, i) => x.path[i] === k));
  return (has(['server']) || has(['agent'])) && (has(['plugins']) || s.some((x) => x.path[1] === 'trust_domain'));
}

function flattenYaml(v: YView, path: string[], out: SpireSetting[], depth: number, budget = { left: 2000 }): void {
  // aliases are expanded as they are read: a node budget keeps an alias bomb from running for ever
  if (depth > 12 || budget.left-- <= 0) return;
  if (v.isSeq) { for (const i of v.items()) flattenYaml(i, path, out, depth + 1, budget); return; }
  for (const [k, c] of v.entries()) {
    // the HCL block form written as a YAML key, `WorkloadAttestor "k8s":`: a block type and its label
    const block = /^([A-Za-z_][A-Za-z0-9_]*)\s+"([^"]*)"$/.exec(k.trim());
    const p = block ? [...path, block[1], block[2]] : [...path, k];
    if (block) out.push({ path: [...path, block[1]], value: undefined, loc: c.keyLoc ?? c.loc });
    const lit = c.isScalar && !c.isNull ? (c.value as string | boolean | number) : undefined;
    out.push({ path: p, value: lit, loc: c.keyLoc ?? c.loc, valueLoc: lit !== undefined ? c.loc : undefined, valueExact: lit !== undefined });
    if (c.isMap || c.isSeq) flattenYaml(c, p, out, depth + 1, budget);
  }
}

/**
 * The scalar's value with a map from value offsets to file offsets, for literal block scalars
 * (`|`) and plain or quoted one-line scalars without escapes. Otherwise no map: findings then
 * point at the ConfigMap key.
 */
function sourceMap(v: YView, text: string): { value: string; map?: (i: number) => number } {
  const node = v.node as Scalar;
  const value = String(node.value);
  const [s, e] = v.loc;
  const raw = text.slice(s, e);
  if (node.type === Scalar.BLOCK_LITERAL) {
    const nl = raw.indexOf('\n');
    if (nl < 0) return { value };
    const starts: number[] = []; // value offset of each line -> source offset
    const srcStarts: number[] = [];
    const lines = raw.slice(nl + 1).split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
    let vOff = 0, sOff = s + nl + 1;
    let rebuilt = '';
    for (const l of lines) {
      const body = l.slice(Math.min(indent, l.length));
      starts.push(vOff); srcStarts.push(sOff + (l.length - body.length));
      rebuilt += body + '\n';
      vOff += body.length + 1; sOff += l.length + 1;
    }
    return {
      value: rebuilt,
      map: (i) => { let k = 0; while (k + 1 < starts.length && starts[k + 1] <= i) k++; return srcStarts[k] + (i - starts[k]); },
    };
  }
  if ((node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) && !raw.includes('\n') && !raw.includes('\\')) {
    const q = node.type === Scalar.PLAIN ? 0 : 1;
    if (raw.slice(q, raw.length - q) === value) return { value, map: (i) => s + q + i };
  }
  return { value };
}

type Emit = (path: string[], value: string | boolean | number | undefined, loc: Loc, valueLoc?: Loc) => void;
interface Tok { t: 'id' | 'str' | 'num' | 'p'; v: string; s: number; e: number }

/** Blocks `name "label" { ... }`, attributes `key = value` (or JSON `"key": value`), lists, comments. */
class Hcl {
  private toks: Tok[] = [];
  private i = 0;
  constructor(private src: string, private emit: Emit) { this.lex(); }

  private lex(): void {
    const s = this.src;
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (/\s/.test(c)) { i++; continue; }
      if (c === '#' || (c === '/' && s[i + 1] === '/')) { while (i < s.length && s[i] !== '\n') i++; continue; }
      if (c === '/' && s[i + 1] === '*') { const j = s.indexOf('*/', i + 2); i = j < 0 ? s.length : j + 2; continue; }
      if (c === '"') {
        let j = i + 1, v = '';
        while (j < s.length && s[j] !== '"' && s[j] !== '\n') { if (s[j] === '\\') { v += s[j + 1] ?? ''; j += 2; } else v += s[j++]; }
        this.toks.push({ t: 'str', v, s: i, e: Math.min(j + 1, s.length) });
        i = j + 1; continue;
      }
      if (c === '<' && s[i + 1] === '<') { // heredoc: skip to the terminator line
        const m = /^<<-?([A-Za-z_]+)[^\n]*\n/.exec(s.slice(i));
        if (m) {
          const end = new RegExp(`^\\s*${m[1]}\\s*$`, 'm');
          const rest = s.slice(i + m[0].length);
          const em = end.exec(rest);
          const stop = em ? i + m[0].length + em.index + em[0].length : s.length;
          this.toks.push({ t: 'str', v: rest.slice(0, em ? em.index : rest.length), s: i, e: stop });
          i = stop; continue;
        }
      }
      const w = /^[A-Za-z_][A-Za-z0-9_.\-]*/.exec(s.slice(i, i + 200));
      if (w) { this.toks.push({ t: 'id', v: w[0], s: i, e: i + w[0].length }); i += w[0].length; continue; }
      const n = /^-?[0-9][0-9A-Za-z_.]*/.exec(s.slice(i, i + 100));
      if (n) { this.toks.push({ t: 'num', v: n[0], s: i, e: i + n[0].length }); i += n[0].length; continue; }
      this.toks.push({ t: 'p', v: c, s: i, e: i + 1 });
      i++;
    }
  }

  private peek(k = 0): Tok | undefined { return this.toks[this.i + k]; }

  parse(): void {
    // a JSON document is one object at the top
    if (this.peek()?.v === '{' && this.peek()?.t === 'p') { this.i++; this.body([], '}'); return; }
    this.body([], undefined);
  }

  private body(path: string[], close: string | undefined): void {
    let guard = 0;
    while (this.i < this.toks.length && guard++ < 100000) {
      const t = this.peek()!;
      if (t.t === 'p' && (t.v === close || t.v === '}')) { this.i++; return; }
      if (t.t === 'p' && t.v === ',') { this.i++; continue; }
      if (t.t !== 'id' && t.t !== 'str') { this.i++; continue; }
      this.i++;
      const key = t.v;
      const labels: Tok[] = [];
      while (this.peek()?.t === 'str' || (this.peek()?.t === 'id' && this.peek(1)?.v !== '=' && this.peek(1)?.v !== ':' && labels.length < 3 && (this.peek(1)?.v === '{' || this.peek(1)?.t === 'str'))) labels.push(this.toks[this.i++]);
      const n = this.peek();
      if (!n) { this.emit([...path, key], undefined, [t.s, t.e]); return; }
      if (n.v === '=' || n.v === ':') {
        this.i++;
        this.value([...path, key], t);
      } else if (n.v === '{') {
        this.i++;
        const p = [...path, key, ...labels.map((l) => l.v)];
        this.emit([...path, key], undefined, [t.s, t.e]);
        labels.forEach((l, k) => this.emit([...path, key, ...labels.slice(0, k + 1).map((x) => x.v)], undefined, [l.s, l.e]));
        this.body(p, '}');
      }
    }
  }

  private value(path: string[], key: Tok): void {
    const v = this.peek();
    if (!v) return;
    if (v.t === 'p' && v.v === '{') { this.i++; this.emit(path, undefined, [key.s, key.e]); this.body(path, '}'); return; }
    if (v.t === 'p' && v.v === '[') {
      this.i++;
      this.emit(path, undefined, [key.s, key.e]);
      let guard = 0;
      while (this.i < this.toks.length && guard++ < 100000) {
        const x = this.peek()!;
        if (x.v === ']' && x.t === 'p') { this.i++; return; }
        if (x.v === '{' && x.t === 'p') { this.i++; this.body(path, '}'); continue; }
        this.i++;
      }
      return;
    }
    this.i++;
    let lit: string | boolean | number | undefined;
    if (v.t === 'str') lit = v.v;
    else if (v.t === 'num') lit = Number.isFinite(Number(v.v)) ? Number(v.v) : v.v;
    else if (v.t === 'id') lit = v.v === 'true' ? true : v.v === 'false' ? false : v.v;
    this.emit(path, lit, [key.s, key.e], [v.s, v.e]);
  }
}

export function pathIs(s: SpireSetting, ...pattern: (string | RegExp | null)[]): boolean {
  if (s.path.length !== pattern.length) return false;
  return pattern.every((p, i) => p === null || (typeof p === 'string' ? s.path[i] === p : p.test(s.path[i])));
}

/**
 * An edit writing `to` as the literal value of a setting, inside its quotes if it has any (a YAML
 * scalar or an HCL string keeps its quoting; only the value's own range changes, so the rest of an
 * HCL block scalar and its comments stay as written). Undefined when the value's text is not
 * located exactly (an HCL text with escapes, a folded scalar).
 */
export function setLiteral(text: string, s: SpireSetting, to: string): OffsetEdit[] | undefined {
  if (!s.valueLoc || !s.valueExact) return undefined;
  const [a, b] = s.valueLoc;
  const raw = text.slice(a, b);
  if (!raw || raw.includes('\n') || raw.includes('\\')) return undefined;
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length >= 2 && raw[raw.length - 1] === q) return [{ start: a + 1, end: b - 1, newText: to }];
  return /^[A-Za-z0-9_.-]+$/.test(raw) ? [{ start: a, end: b, newText: to }] : undefined;
}

export function truthy(v: SpireSetting['value']): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

export { isScalar };
