/**
 * Kustomize's `replacements` (api/filters/replacement): copy a value from one resource's field to fields of others,
 * with kyaml's field paths (`spec.template.spec.containers.[name=app].image`, `*`, list indexes) and the delimiter and
 * create options. Values embedded as YAML or JSON text inside a string field are not reached into (kustomize does):
 * such a replacement is an error saying so, never a silent skip.
 */
import { Json, JsonMap, isMap, deepCopy, KustomizeError, Resource, ResId, Gvk, effectiveNamespace, parseApiVersion } from './resource';
import { setEntry, entryOf, EntryLoc } from './prov';

export interface ReplacementSelector { group?: string; version?: string; kind?: string; name?: string; namespace?: string; labelSelector?: string; annotationSelector?: string }

/** kyaml utils.SmarterPathSplitter: split on '.', except inside [ ]. */
export function splitFieldPath(p: string): string[] {
  const out: string[] = [];
  let cur = '', depth = 0;
  for (const ch of p) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function idsOf(r: Resource): ResId[] {
  return [r.curId(), ...r.prevIds()];
}

function selectorGvk(s: JsonMap): Gvk {
  let group = typeof s.group === 'string' ? s.group : '', version = typeof s.version === 'string' ? s.version : '';
  if (typeof s.apiVersion === 'string' && s.apiVersion) ({ group, version } = parseApiVersion(s.apiVersion));
  return { group, version, kind: typeof s.kind === 'string' ? s.kind : '' };
}

const str = (v: Json | undefined) => (typeof v === 'string' ? v : '');

/** ResId.IsSelectedBy: exact name, namespace compared as effective namespaces, GVK fields when given. */
function sourceSelects(sel: JsonMap, id: ResId): boolean {
  const g = selectorGvk(sel);
  const name = str(sel.name), ns = str(sel.namespace);
  if (name && name !== id.name) return false;
  if (ns && effectiveNamespace({ ...g, name, namespace: ns }) !== effectiveNamespace(id)) return false;
  if (g.group && g.group !== id.group) return false;
  if (g.version && g.version !== id.version) return false;
  if (g.kind && g.kind !== id.kind) return false;
  return true;
}

function anchored(p: string): RegExp | undefined {
  if (!p) return undefined;
  try { return new RegExp(`^(?:${p})$`); } catch { throw new KustomizeError(`invalid regular expression ${JSON.stringify(p)}`); }
}

/** TargetSelectorRegex: regular expressions on GVK, name and the namespace as written. */
function regexSelects(sel: JsonMap, id: ResId): boolean {
  const g = selectorGvk(sel);
  const tests: [RegExp | undefined, string][] = [[anchored(g.group), id.group], [anchored(g.version), id.version], [anchored(g.kind), id.kind], [anchored(str(sel.name)), id.name], [anchored(str(sel.namespace)), id.namespace]];
  return tests.every(([re, v]) => !re || re.test(v));
}

function isEmptyId(sel: JsonMap): boolean {
  return !['group', 'version', 'kind', 'apiVersion', 'name', 'namespace'].some((k) => str(sel[k]));
}

type Matcher = (labels: Record<string, string>) => boolean;

interface Located { parent: JsonMap | Json[]; key: string | number }

/** kyaml PathMatcher: the fields a path reaches (creating them when `create` gives the kind of the value). */
function matchPath(root: JsonMap, path: string[], create: 'scalar' | 'map' | 'seq' | undefined): Located[] {
  let current: Located[] = [{ parent: [root], key: 0 }];
  path.forEach((seg0, i) => {
    let seg = seg0;
    const last = i === path.length - 1;
    const next: Located[] = [];
    for (const loc of current) {
      const node = (loc.parent as Record<string | number, Json>)[loc.key];
      const elem = /^\[(.*)=(.*)\]$/.exec(seg);
      if (Array.isArray(node)) {
        if (seg === '*' || seg === '[*]' || seg === '-') { node.forEach((_, j) => next.push({ parent: node, key: j })); continue; }
        if (/^\d+$/.test(seg)) { const j = Number(seg); if (j < node.length) next.push({ parent: node, key: j }); continue; }
        if (elem) {
          const [, k, v] = elem;
          let found = false;
          node.forEach((e, j) => {
            if (k === '' ? String(e) === v : isMap(e) && e[k] !== undefined && e[k] !== null && String(e[k]) === v) { next.push({ parent: node, key: j }); found = true; }
          });
          if (!found && create) {
            node.push(k === '' ? v : { [k]: v });
            next.push({ parent: node, key: node.length - 1 });
          }
          continue;
        }
        throw new KustomizeError(`unable to find field "${path.join('.')}" in replacement target: '${seg}' does not select list elements`);
      }
      if (isMap(node)) {
        if (elem) continue;
        // `[a.b/c]`: a key holding dots, written in brackets
        const bracketed = /^\[([^=\]]*)\]$/.exec(seg);
        if (bracketed) seg = bracketed[1];
        if (seg === '*') { for (const k of Object.keys(node)) next.push({ parent: node, key: k }); continue; }
        if (!(seg in node) || node[seg] === null) {
          if (!create) continue;
          const nextSeg = path[i + 1];
          node[seg] = last ? (create === 'map' ? {} : create === 'seq' ? [] : '') : (nextSeg && (/^\[.*\]$/.test(nextSeg) || /^\d+$/.test(nextSeg)) ? [] : {});
        }
        next.push({ parent: node, key: seg });
      }
    }
    current = next;
  });
  return current;
}

function coerceLike(target: Json, value: Json): Json {
  // kustomize sets the target scalar's text and keeps its tag: a number stays a number when the text is one
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return value;
  const text = String(value);
  if (typeof target === 'number' && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (typeof target === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (typeof target === 'string') return text;
  return value;
}

function setValue(loc: Located, value: Json, opts: JsonMap | undefined, from: EntryLoc | undefined) {
  const holder = loc.parent as Record<string | number, Json>;
  const target = holder[loc.key];
  let v = deepCopy(value);
  const delimiter = opts && typeof opts.delimiter === 'string' ? opts.delimiter : '';
  if (delimiter) {
    if (isMap(target) || Array.isArray(target)) throw new KustomizeError('delimiter option can only be used with scalar nodes');
    const parts = String(target ?? '').split(delimiter);
    const index = typeof opts!.index === 'number' ? opts!.index : 0;
    const s = String(v);
    if (index < 0) parts.unshift(s); else if (index >= parts.length) parts.push(s); else parts[index] = s;
    v = parts.join(delimiter);
  }
  holder[loc.key] = isMap(target) || Array.isArray(target) || target === undefined || target === null || target === '' ? (target === '' && typeof v !== 'object' ? String(v) : v) : coerceLike(target, v);
  setEntry(loc.parent as object, loc.key, from ? { key: entryOf(loc.parent, loc.key)?.key, value: from.value } : entryOf(loc.parent, loc.key));
}

/** Applies `replacements` (each {source | sourceValue, targets}) to the resources, in order. */
export function applyReplacements(resources: Resource[], replacements: JsonMap[], selectorMatcher: (s: string) => Matcher) {
  for (const r of replacements) {
    const targets = Array.isArray(r.targets) ? r.targets.filter(isMap) : undefined;
    if ((r.source === undefined && r.sourceValue === undefined) || !targets) throw new KustomizeError('replacements must specify a source and at least one target');
    if (r.source !== undefined && r.sourceValue !== undefined) throw new KustomizeError('value and resource selectors are mutually exclusive');
    let value: Json;
    let from: EntryLoc | undefined;
    if (r.sourceValue !== undefined) {
      value = r.sourceValue;
      from = entryOf(r, 'sourceValue');
    } else {
      const src = isMap(r.source) ? r.source : {};
      const matches = resources.filter((res) => idsOf(res).some((id) => sourceSelects(src, id)));
      if (matches.length > 1) throw new KustomizeError(`multiple matches for selector ${JSON.stringify(src)}`);
      if (matches.length === 0) throw new KustomizeError(`nothing selected by ${JSON.stringify(src)}`);
      const fieldPath = str(src.fieldPath) || 'metadata.name';
      const found = matchPath(matches[0].obj, splitFieldPath(fieldPath), undefined);
      const v = found.length ? (found[0].parent as Record<string | number, Json>)[found[0].key] : undefined;
      // kyaml IsNilOrEmpty: missing, null, {} or [] (an empty string is a value)
      if (v === undefined || v === null || (isMap(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0)) throw new KustomizeError(`fieldPath \`${fieldPath}\` is missing for replacement source ${JSON.stringify(src)}`);
      value = v;
      from = found.length ? entryOf(found[0].parent, found[0].key) : undefined;
      const o = isMap(src.options) ? src.options : undefined;
      if (o && typeof o.delimiter === 'string' && o.delimiter) {
        if (isMap(value) || Array.isArray(value)) throw new KustomizeError('delimiter option can only be used with scalar nodes');
        const parts = String(value).split(o.delimiter);
        const index = typeof o.index === 'number' ? o.index : 0;
        if (index >= parts.length || index < 0) throw new KustomizeError(`options.index ${index} is out of bounds for value ${String(value)}`);
        value = typeof value === 'string' ? parts[index] : coerceLike(value, parts[index]);
      }
    }
    for (const t of targets) {
      if (!isMap(t.select)) throw new KustomizeError('target must specify resources to select');
      const select = t.select;
      const rejects = Array.isArray(t.reject) ? t.reject.filter(isMap) : [];
      const fieldPaths = Array.isArray(t.fieldPaths) && t.fieldPaths.length ? t.fieldPaths.map(String) : ['metadata.name'];
      const opts = isMap(t.options) ? t.options : undefined;
      const create = opts?.create === true ? (isMap(value) ? 'map' : Array.isArray(value) ? 'seq' : 'scalar') : undefined;
      for (const res of resources) {
        const labelsOk = (sel: JsonMap) => (!str(sel.labelSelector) || selectorMatcher(str(sel.labelSelector))(res.labels())) && (!str(sel.annotationSelector) || selectorMatcher(str(sel.annotationSelector))(res.annotations()));
        if (!labelsOk(select)) continue;
        if (rejects.some((rj) => (str(rj.labelSelector) || str(rj.annotationSelector)) && labelsOk(rj))) continue;
        const ids = idsOf(res);
        if (rejects.some((rj) => !isEmptyId(rj) && ids.some((id) => regexSelects(rj, id)))) continue;
        if (!ids.some((id) => regexSelects(select, id))) continue;
        for (const fp of fieldPaths) {
          const found = matchPath(res.obj, splitFieldPath(fp), create);
          if (found.length === 0) {
            throw new KustomizeError(`unable to ${create ? 'find or create' : 'find'} field "${fp}" in replacement target${embeddedHint(res.obj, fp)}`);
          }
          for (const loc of found) setValue(loc, value, opts, from);
        }
      }
    }
  }
}

/** When the path goes through a string field holding YAML or JSON (kustomize reaches into it; this builder does not). */
function embeddedHint(obj: JsonMap, fp: string): string {
  const parts = splitFieldPath(fp);
  let cur: Json = obj;
  for (const p of parts) {
    if (typeof cur === 'string') return ' (the path goes into YAML or JSON held in a string field, which this builder does not edit)';
    if (!isMap(cur)) return '';
    cur = cur[p];
  }
  return '';
}
