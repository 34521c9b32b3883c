/**
 * A compact copy of a parsed document for keeping after its analysis.
 *
 * A `yaml` document costs about 18 times its text in memory (the 100,000-line benchmark file: 3 MB
 * of text, 53 MB of nodes, range arrays and pairs). After a document's rules have run, only reads
 * through `YView` remain (the cross-resource rules, namespace levels, suppressions, the language
 * server's commands), and those need a node's kind, value, location and children, nothing else.
 * The copy keeps exactly that: one small object per node, aliases already resolved, and of a
 * node's range only its start and the end of its value (`range[2]`, the end with trailing comments,
 * reads as the latter; only fixes use it). Scalar styles and flow flags are not kept either.
 *
 * Its nodes are recognised by `yaml`'s own type guards (`isMap`, `isScalar`, ...): those test the
 * `Symbol.for('yaml.node.type')` property, which `yaml` registers globally so that nodes of different
 * copies of the package interoperate; here it sits on each class's prototype. So `YView` and
 * everything written against it read a compact document exactly as the parsed one (a test walks
 * both side by side). Code that edits or re-serialises (fixes, `YamlEditor`) still needs the parsed
 * document and runs before the copy is made.
 */
import type { Alias, Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { DocModel } from './parse';
import { YView, ParsedDoc } from './nodes';
import { detach } from '../text';

const NODE_TYPE = Symbol.for('yaml.node.type');
const SCALAR = Symbol.for('yaml.scalar');
const MAP = Symbol.for('yaml.map');
const SEQ = Symbol.for('yaml.seq');
const PAIR = Symbol.for('yaml.pair');
const ALIAS = Symbol.for('yaml.alias');

type Range3 = [number, number, number];

class CScalar {
  constructor(readonly value: unknown, private readonly s: number, private readonly v: number) {}
  get range(): Range3 { return [this.s, this.v, this.v]; }
}
class CMap {
  constructor(readonly items: CPair[], private readonly s: number, private readonly v: number) {}
  get range(): Range3 { return [this.s, this.v, this.v]; }
}
class CSeq {
  constructor(readonly items: (CNode | CPair | null)[], private readonly s: number, private readonly v: number) {}
  get range(): Range3 { return [this.s, this.v, this.v]; }
}
class CPair {
  constructor(readonly key: CNode | null, readonly value: CNode | null) {}
}
class CAlias {
  /** The anchored node, as `Alias.resolve` finds it: the last node with that anchor before the alias. */
  target: CNode | undefined;
  constructor(readonly source: string, private readonly s: number, private readonly v: number) {}
  resolve(): CNode | undefined { return this.target; }
  get range(): Range3 { return [this.s, this.v, this.v]; }
}
class CDoc {
  readonly errors: never[] = [];
  readonly warnings: never[] = [];
  constructor(readonly contents: CNode | null) {}
}
type CNode = CScalar | CMap | CSeq | CAlias;

Object.defineProperty(CScalar.prototype, NODE_TYPE, { value: SCALAR });
Object.defineProperty(CMap.prototype, NODE_TYPE, { value: MAP });
Object.defineProperty(CSeq.prototype, NODE_TYPE, { value: SEQ });
Object.defineProperty(CPair.prototype, NODE_TYPE, { value: PAIR });
Object.defineProperty(CAlias.prototype, NODE_TYPE, { value: ALIAS });
Object.defineProperty(CDoc.prototype, NODE_TYPE, { value: Symbol.for('yaml.document') });

/** Longest collection whose items array is allocated at its size (V8 keeps `new Array(n)` a fast array up to about 16,000). */
const EXACT_MAX = 8192;

/**
 * Short scalar strings are shared by all compact copies: most scalars of manifests repeat (`name`,
 * `image`, `app`, `securityContext`, `IfNotPresent`), and each parse makes its own string of each. A
 * string shared here is an own copy, never a slice, which would keep the whole document text it was
 * cut from alive. The table is emptied when full, so it holds at most INTERN_SIZE short strings.
 */
const INTERN_MAX = 40;
const INTERN_SIZE = 1 << 16;
const interned = new Map<string, string>();
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size >= INTERN_SIZE) interned.clear();
  const own = detach(s);
  interned.set(own, own);
  return own;
}

interface Ranged { range?: [number, number, number] | null; anchor?: string }

/**
 * Converts `node` in `yaml`'s visiting order (a node before its children, a pair's key before its
 * value), recording anchors as they come, so an alias resolves to the same node `Alias.resolve`
 * returns. A collection's compact node exists before its items are converted, so an alias to an
 * enclosing anchor (a cycle) resolves too. A parsed document shares no node (a repeated node is an
 * alias), so nothing else needs remembering. Recursion depth is bounded by the parser's nesting limit.
 * The node's type is read once (the property `isMap`, `isScalar`... each test).
 */
function convert(node: unknown, anchors: Map<string, CNode>): CNode | null {
  if (node === null || typeof node !== 'object') return null;
  const type = (node as { [NODE_TYPE]?: symbol })[NODE_TYPE];
  const r = (node as Ranged).range;
  const s = r ? r[0] : 0;
  const v = r ? r[1] : 0;
  if (type === SCALAR) {
    const value = (node as Scalar).value;
    const c = new CScalar(typeof value === 'string' && value.length <= INTERN_MAX ? intern(value) : value, s, v);
    const anchor = (node as Ranged).anchor;
    if (anchor) anchors.set(anchor, c);
    return c;
  }
  if (type === MAP || type === SEQ) {
    const items = (node as YAMLMap | YAMLSeq).items as unknown[];
    // the items array at its exact size: an array grown by push from empty reserves 17 slots at the
    // first item, so most maps (a few keys) would carry about 100 bytes of empty slots (a fifth of a
    // large file's compact copy); very long collections grow (a preallocated array that large would
    // not be a fast array)
    const exact = items.length <= EXACT_MAX;
    const out: unknown[] = exact ? new Array(items.length) : [];
    let n = 0;
    const c = type === MAP ? new CMap(out as CPair[], s, v) : new CSeq(out as CNode[], s, v);
    const anchor = (node as Ranged).anchor;
    if (anchor) anchors.set(anchor, c);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      let x: unknown;
      if (item !== null && typeof item === 'object' && (item as { [NODE_TYPE]?: symbol })[NODE_TYPE] === PAIR) {
        const key = convert((item as Pair).key, anchors);
        x = new CPair(key, convert((item as Pair).value, anchors));
      } else if (type === SEQ) {
        // the items of `!!omap` and `!!pairs` sequences are pairs (above); a map's items always are
        x = convert(item, anchors);
      } else continue;
      if (exact) out[n++] = x;
      else out.push(x);
    }
    if (exact && n < out.length) out.length = n;
    return c;
  }
  if (type === ALIAS) {
    const a = new CAlias((node as Alias).source, s, v);
    a.target = anchors.get((node as Alias).source);
    return a;
  }
  return null;
}

/**
 * The model with its parsed document replaced by a compact copy (see above); the same index,
 * offset, length and status. The parsed document is no longer referenced by the result.
 */
export function compactModel(model: DocModel): DocModel {
  const doc = model.pd.doc;
  const contents = convert(doc.contents, new Map());
  const pd: ParsedDoc = { doc: new CDoc(contents) as unknown as Document.Parsed, offset: model.pd.offset };
  const out: DocModel = { index: model.index, pd, root: new YView((contents ?? undefined) as never, pd), length: model.length };
  if (model.error) out.error = model.error;
  if (model.skipped) out.skipped = model.skipped;
  if (model.directiveFree) out.directiveFree = true;
  return out;
}

/** Whether the model's document is a compact copy (rules that edit need the parsed one). */
export function isCompact(model: DocModel): boolean {
  return model.pd.doc instanceof CDoc;
}
