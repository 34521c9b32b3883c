/**
 * `helm template` in the engine: load a chart from the files the caller read (path -> text, relative to the chart
 * folder; subchart archives already unpacked by the caller under `charts/<archive name>/`), coalesce its values as
 * Helm does (values.yaml, -f files, --set, globals, dependency conditions/tags, import-values, null deletes), render
 * every template with Go text/template + Sprig + Helm's functions, and print the manifests in Helm's order.
 * Follows helm.sh/helm/v4 at e9b85e4 (pkg/cmd/template.go, pkg/action, pkg/engine, pkg/chart, pkg/release/v1/util).
 */
import { TemplateSet, fn, FuncMap, ExecError, NestedError, ValuesOrigin, OutputChunk } from './exec';
import { TemplateParseError } from './parse';
import { Value, Dict, GoObject, isDict, printV, GoError } from './values';
import { sprigFuncs } from './sprig';
import { parseYaml, helmToYaml, YamlError } from './yaml';
import { TextCache } from '../textCache';
import { parseSetInto, mergeMaps } from './strvals';
import { parseSemver, semverSatisfies } from './semver';

export type ChartFiles = Record<string, string>;

export interface RenderOptions {
  releaseName?: string;
  nameTemplate?: string;
  namespace?: string;
  /** e.g. "1.30.0" or "v1.30.0"; default: the version Helm's client-go build implies */
  kubeVersion?: string;
  apiVersions?: string[];
  /** -f/--values files, in order: name (for messages) and text */
  valueFiles?: { name: string; text: string }[];
  set?: string[];
  setString?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
  showOnly?: string[];
  isUpgrade?: boolean;
  debug?: boolean;
  /** clock for now/date, epoch ms (the caller passes Date.now(); tests pass a fixed value) */
  now?: number;
}

/** One rendered document, with where it came from. */
export interface RenderedManifest {
  /** the `# Source:` path, e.g. mychart/charts/sub/templates/deploy.yaml */
  source: string;
  /** the path of the template in the caller's file map (undefined for CRDs from crds/ it is the crds path) */
  file: string;
  content: string;
  kind: string;
  name: string;
  hook: boolean;
}

export interface RenderResult {
  /** what `helm template` prints on stdout */
  output: string;
  /** the error `helm template` fails with (printed as "Error: ..."), if any */
  error?: string;
  manifests: RenderedManifest[];
  /** every rendered template (partials and NOTES.txt aside), with a map of its output back to its source */
  templates?: RenderedTemplate[];
}

/** The output of one template file and where each piece of it came from. */
export interface RenderedTemplate {
  /** e.g. mychart/templates/deployment.yaml */
  source: string;
  /** the template's path in the caller's file map */
  file: string;
  text: string;
  /** sorted, contiguous: [start, end) of `text` came from offset `pos` of the template (each character when exact);
   *  `values`: the piece is a value of the values tree the action at `pos` printed (see exec.ts ValuesOrigin) */
  chunks: { start: number; end: number; pos: number; exact: boolean; values?: ValuesOrigin }[];
}

/** Helm's test-build default (pkg/chart/common/capabilities.go: kubeVersionMajorTesting/MinorTesting). */
export const HELM_TEST_KUBE_VERSION = 'v1.20.0';
/** What a released helm binary at this commit reports: client-go v0.36 -> Kubernetes v1.36.0. */
export const DEFAULT_KUBE_VERSION = 'v1.36.0';
const HELM_VERSION = 'v4.2';

/** k8s.io/client-go's scheme group versions (PrioritizedVersionsAllGroups), plus apiextensions. */
export const DEFAULT_API_VERSIONS = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1', 'admissionregistration.k8s.io/v1alpha1',
  'internal.apiserver.k8s.io/v1alpha1', 'apps/v1', 'apps/v1beta2', 'apps/v1beta1', 'authentication.k8s.io/v1',
  'authentication.k8s.io/v1beta1', 'authentication.k8s.io/v1alpha1', 'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1',
  'autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1', 'batch/v1beta1',
  'certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1',
  'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1alpha2', 'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1', 'events.k8s.io/v1beta1', 'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta3', 'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta1',
  'networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'node.k8s.io/v1', 'node.k8s.io/v1beta1', 'node.k8s.io/v1alpha1',
  'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1', 'resource.k8s.io/v1beta2', 'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1', 'scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1alpha1',
  'storage.k8s.io/v1', 'storage.k8s.io/v1beta1', 'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1', 'apiextensions.k8s.io/v1beta1',
];

/** The piece of a rendered template's output that holds offset `offset`. */
export function chunkAt(t: RenderedTemplate, offset: number): RenderedTemplate['chunks'][number] | undefined {
  let lo = 0, hi = t.chunks.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.chunks[mid].start <= offset) lo = mid; else hi = mid - 1;
  }
  return t.chunks[lo];
}

/** Where offset `offset` of a rendered template's text came from: an offset in its source file. */
export function sourceOffset(t: RenderedTemplate, offset: number): number {
  const c = chunkAt(t, offset);
  if (!c) return 0;
  return c.exact ? c.pos + Math.min(Math.max(0, offset - c.start), Math.max(0, c.end - c.start - 1)) : c.pos;
}

export class HelmError extends Error {}

// ---------------- chart model ----------------
interface Dependency { name: string; version: string; repository: string; condition: string; tags: string[]; enabled: boolean; importValues: Value[]; alias: string }
interface Metadata {
  name: string; home: string; sources: string[]; version: string; description: string; keywords: string[];
  maintainers: { name: string; email: string; url: string }[]; icon: string; apiVersion: string; condition: string; tags: string;
  appVersion: string; deprecated: boolean; annotations: Record<string, string> | null; kubeVersion: string;
  dependencies: Dependency[] | null; type: string;
}
interface CFile { name: string; data: string; path: string }
export interface Chart {
  metadata: Metadata;
  values: Dict;
  templates: CFile[];
  files: CFile[];
  deps: Chart[];
  parent?: Chart;
}

const str = (v: Value): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : printV(v));
const strList = (v: Value): string[] => (Array.isArray(v) ? v.map(str) : []);

function readMetadata(v: Value): Metadata {
  const d = isDict(v) ? v : {};
  const deps = Array.isArray(d.dependencies) ? d.dependencies.filter(isDict).map((x): Dependency => ({
    name: str(x.name), version: str(x.version), repository: str(x.repository), condition: str(x.condition), tags: strList(x.tags),
    enabled: x.enabled === true, importValues: Array.isArray(x['import-values']) ? x['import-values'] : [], alias: str(x.alias),
  })) : null;
  const ann = isDict(d.annotations) ? Object.fromEntries(Object.entries(d.annotations).map(([k, x]) => [k, str(x)])) : null;
  return {
    name: str(d.name), home: str(d.home), sources: strList(d.sources), version: str(d.version), description: str(d.description),
    keywords: strList(d.keywords), maintainers: Array.isArray(d.maintainers) ? d.maintainers.filter(isDict).map((m) => ({ name: str(m.name), email: str(m.email), url: str(m.url) })) : [],
    icon: str(d.icon), apiVersion: str(d.apiVersion), condition: str(d.condition), tags: str(d.tags), appVersion: str(d.appVersion),
    deprecated: d.deprecated === true, annotations: ann, kubeVersion: str(d.kubeVersion), dependencies: deps, type: str(d.type),
  };
}

function validateMetadata(md: Metadata): void {
  if (!md.apiVersion) throw new HelmError('validation: chart.metadata.apiVersion is required');
  if (!md.name) throw new HelmError('validation: chart.metadata.name is required');
  if (md.name === '.' || md.name === '..') throw new HelmError(`validation: chart.metadata.name "${md.name}" is not allowed`);
  if (md.name.includes('/')) throw new HelmError(`validation: chart.metadata.name "${md.name}" is invalid`);
  if (!md.version) throw new HelmError('validation: chart.metadata.version is required');
  try { parseSemver(md.version); } catch { throw new HelmError(`validation: chart.metadata.version "${md.version}" is invalid`); }
  if (!['', 'application', 'library'].includes(md.type)) throw new HelmError('validation: chart.metadata.type must be application or library');
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    if (!d.name) throw new HelmError('validation: dependencies must have a name');
    const key = d.alias || d.name;
    if (seen.has(key)) throw new HelmError(`validation: more than one dependency with name or alias "${key}"`);
    seen.add(key);
  }
}

/** .helmignore: a subset of Helm's ignore rules (globs, negation, directory patterns, templates/.* by default). */
function ignoreMatcher(text: string | undefined): (path: string, isDir: boolean) => boolean {
  const rules: { re: RegExp; neg: boolean; dirOnly: boolean; base: boolean }[] = [];
  const add = (line: string) => {
    let l = line.trim();
    if (!l || l.startsWith('#')) return;
    const neg = l.startsWith('!');
    if (neg) l = l.slice(1);
    const dirOnly = l.endsWith('/');
    if (dirOnly) l = l.slice(0, -1);
    const base = !l.includes('/');
    l = l.replace(/^\//, '');
    const re = new RegExp('^' + l.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*') + '$');
    rules.push({ re, neg, dirOnly, base });
  };
  add('templates/.?*');
  for (const line of (text ?? '').split('\n')) add(line);
  return (p, isDir) => {
    let ignored = false;
    for (const r of rules) {
      if (r.dirOnly && !isDir) continue;
      const target = r.base ? p.split('/').pop()! : p;
      if (r.re.test(target)) ignored = !r.neg;
    }
    return ignored;
  };
}

/** Builds the chart tree from the caller's files (paths relative to the chart folder). `prefix` is the path of
 *  this chart inside the caller's map, for provenance. */
export function loadChart(files: ChartFiles, prefix = ''): Chart {
  const ignore = ignoreMatcher(files['.helmignore']);
  const kept: [string, string][] = [];
  for (const [p, text] of Object.entries(files)) {
    const parts = p.split('/');
    let skip = false;
    for (let i = 1; i < parts.length && !skip; i++) if (ignore(parts.slice(0, i).join('/'), true)) skip = true;
    if (!skip && ignore(p, false)) skip = true;
    if (!skip) kept.push([p, text]);
  }
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const chartYaml = kept.find(([p]) => p === 'Chart.yaml');
  if (!chartYaml) throw new HelmError('Chart.yaml file is missing');
  let metaV: Value;
  try { metaV = parseYaml(chartYaml[1]); } catch (e) { throw new HelmError(`cannot load Chart.yaml: error converting YAML to JSON: ${(e as Error).message}`); }
  const metadata = readMetadata(metaV);
  if (!metadata.apiVersion) metadata.apiVersion = 'v1';
  const chart: Chart = { metadata, values: {}, templates: [], files: [], deps: [] };
  const sub = new Map<string, [string, string][]>();
  for (const [p, data] of kept) {
    if (p === 'Chart.yaml' || p === 'Chart.lock' || p === 'requirements.lock' && metadata.apiVersion !== 'v1') continue;
    if (p === 'values.yaml') {
      let v: Value;
      try { v = parseYaml(data); } catch (e) { throw new HelmError(`cannot load values.yaml: error converting YAML to JSON: ${(e as Error).message}`); }
      if (v !== null && !isDict(v)) throw new HelmError('cannot load values.yaml: error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}');
      chart.values = (v as Dict) ?? {};
    } else if (p === 'values.schema.json') {
      continue;
    } else if (p === 'requirements.yaml') {
      const r = parseYaml(data);
      if (isDict(r) && Array.isArray(r.dependencies)) chart.metadata.dependencies = readMetadata({ dependencies: r.dependencies }).dependencies;
      if (metadata.apiVersion === 'v1') chart.files.push({ name: p, data, path: prefix + p });
    } else if (p.startsWith('templates/')) {
      chart.templates.push({ name: p, data, path: prefix + p });
    } else if (p.startsWith('charts/')) {
      if (p.endsWith('.prov')) { chart.files.push({ name: p, data, path: prefix + p }); continue; }
      const rest = p.slice('charts/'.length);
      const cname = rest.split('/')[0];
      if (!sub.has(cname)) sub.set(cname, []);
      sub.get(cname)!.push([rest.slice(cname.length + 1), data]);
    } else {
      chart.files.push({ name: p, data, path: prefix + p });
    }
  }
  validateMetadata(chart.metadata);
  for (const [n, fs] of [...sub.entries()].sort()) {
    if (n.startsWith('_') || n.startsWith('.')) continue;
    const sf: ChartFiles = {};
    for (const [p, d] of fs) if (p) sf[p] = d;
    if (!Object.keys(sf).length) {
      if (n.endsWith('.tgz')) throw new HelmError(`error unpacking subchart ${n} in ${chart.metadata.name}: the archive was not unpacked (Palisade reads .tgz subcharts only through the CLI)`);
      continue;
    }
    let sc: Chart;
    try { sc = loadChart(sf, `${prefix}charts/${n}/`); } catch (e) { throw new HelmError(`error unpacking subchart ${n} in ${chart.metadata.name}: ${(e as Error).message}`); }
    sc.parent = chart;
    chart.deps.push(sc);
  }
  return chart;
}

const chartName = (c: Chart) => c.metadata.name;
function chartFullPath(c: Chart): string { return c.parent ? `${chartFullPath(c.parent)}/charts/${chartName(c)}` : chartName(c); }

// ---------------- values (pkg/chart/common/util/coalesce.go) ----------------
export function deepCopyValue(v: Value): Value {
  if (Array.isArray(v)) return v.map(deepCopyValue);
  if (isDict(v)) { const o: Dict = {}; for (const k of Object.keys(v)) o[k] = deepCopyValue(v[k]); return o; }
  return v;
}
const istable = (v: Value): v is Dict => isDict(v);
const has = (d: Dict, k: string) => Object.prototype.hasOwnProperty.call(d, k);

function coalesceValuesFor(c: Chart, vals: Dict, merge: boolean): Dict {
  const copy = deepCopyValue(vals) as Dict;
  return coalesce(c, copy, '', merge);
}
function coalesce(c: Chart, dest: Dict, prefix: string, merge: boolean): Dict {
  coalesceValues(c, dest, prefix, merge);
  return coalesceDeps(c, dest, prefix, merge);
}
function coalesceDeps(c: Chart, dest: Dict, prefix: string, merge: boolean): Dict {
  for (const sub of c.deps) {
    const n = chartName(sub);
    if (!has(dest, n)) dest[n] = {};
    else if (!istable(dest[n])) throw new HelmError(`type mismatch on ${n}: ${printV(dest[n])}`);
    const dv = dest[n] as Dict;
    const subPrefix = prefix ? `${prefix}.${chartName(c)}` : chartName(c);
    coalesceGlobals(dv, dest);
    dest[n] = coalesce(sub, dv, subPrefix, merge);
  }
  return dest;
}
function coalesceGlobals(dest: Dict, src: Dict) {
  let dg: Dict, sg: Dict;
  if (!has(dest, 'global')) dg = {};
  else if (istable(dest.global)) dg = dest.global;
  else return;
  if (!has(src, 'global')) sg = {};
  else if (istable(src.global)) sg = src.global;
  else return;
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (istable(val)) {
      const vv: Dict = { ...val };
      if (!has(dg, key)) dg[key] = vv;
      else {
        const destv = dg[key];
        if (istable(destv)) { coalesceTables(vv, destv, true); dg[key] = vv; }
      }
    } else if (has(dg, key) && istable(dg[key])) {
      // key is a table in the destination: skipped
    } else dg[key] = val;
  }
  dest.global = dg;
}
function coalesceValues(c: Chart, v: Dict, _prefix: string, merge: boolean) {
  const vc = deepCopyValue(c.values) as Dict;
  for (const key of Object.keys(vc)) {
    const val = vc[key];
    if (has(v, key)) {
      const value = v[key];
      if (value === null && !merge) delete v[key];
      else if (istable(value)) {
        if (istable(val)) {
          const m = c.deps.some((d) => chartName(d) === key) ? true : merge;
          if (!m) cleanNil(val);
          coalesceTables(value, val, m);
        }
      }
    } else {
      if (!merge) {
        if (val === null) continue;
        if (istable(val)) cleanNil(val);
      }
      v[key] = val;
    }
  }
}
function coalesceTables(dst: Dict, src: Dict, merge: boolean): Dict {
  const srcNonNil = new Set(Object.keys(src).filter((k) => src[k] !== null));
  for (const k of Object.keys(dst)) if (dst[k] === null) src[k] = null;
  for (const key of Object.keys(src)) {
    const val = src[key];
    const ok = has(dst, key);
    const dv = dst[key];
    if (ok && !merge && dv === null && srcNonNil.has(key)) delete dst[key];
    else if (!ok) dst[key] = val;
    else if (istable(val)) { if (istable(dv)) coalesceTables(dv, val, merge); }
  }
  return dst;
}
function cleanNil(m: Dict) {
  for (const k of Object.keys(m)) {
    if (m[k] === null) delete m[k];
    else if (istable(m[k])) cleanNil(m[k] as Dict);
  }
}

function table(v: Dict, path: string): Dict | undefined {
  let t: Dict = v;
  for (const n of path.split('.')) {
    if (!has(t, n) || !istable(t[n])) return undefined;
    t = t[n] as Dict;
  }
  return t;
}
function pathValue(v: Dict, path: string): { ok: boolean; value?: Value } {
  const parts = path.split('.');
  const key = parts.pop()!;
  const t = parts.length ? table(v, parts.join('.')) : v;
  if (!t || !has(t, key) || istable(t[key])) return { ok: false };
  return { ok: true, value: t[key] };
}

// ---------------- dependencies (pkg/chart/v2/util/dependencies.go) ----------------
function isCompatibleRange(constraint: string, version: string): boolean {
  try { return semverSatisfies(constraint, parseSemver(version)); } catch { return false; }
}

function processDependencyEnabled(c: Chart, v: Dict, path: string) {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const chartDeps: Chart[] = [];
  outer: for (const existing of c.deps) {
    for (const req of reqs) if (chartName(existing) === req.name && isCompatibleRange(req.version, existing.metadata.version)) continue outer;
    chartDeps.push(existing);
  }
  for (const req of reqs) {
    const found = c.deps.find((d) => chartName(d) === req.name && isCompatibleRange(req.version, d.metadata.version));
    if (found) {
      const copy: Chart = { ...found, metadata: { ...found.metadata, dependencies: found.metadata.dependencies?.map((d) => ({ ...d })) ?? null }, deps: [...found.deps] };
      for (const d of copy.deps) d.parent = copy;
      if (req.alias) copy.metadata.name = req.alias;
      copy.parent = c;
      chartDeps.push(copy);
    }
    if (req.alias) req.name = req.alias;
  }
  c.deps = chartDeps;
  for (const r of reqs) r.enabled = true;
  const cvals = coalesceValuesFor(c, v, false);
  // tags
  const tags = has(cvals, 'tags') && istable(cvals.tags) ? cvals.tags : undefined;
  if (tags) {
    for (const r of reqs) {
      let hasTrue = false, hasFalse = false;
      for (const k of r.tags) if (has(tags, k) && typeof tags[k] === 'boolean') { if (tags[k]) hasTrue = true; else hasFalse = true; }
      if (!hasTrue && hasFalse) r.enabled = false;
      else r.enabled = true;
    }
  }
  // conditions
  for (const r of reqs) {
    for (const cond of r.condition.trim().split(',')) {
      if (!cond) continue;
      const pv = pathValue(cvals, path + cond);
      if (pv.ok && typeof pv.value === 'boolean') { r.enabled = pv.value; break; }
    }
  }
  const rm = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const cd = c.deps.filter((d) => !rm.has(chartName(d)));
  const cdMeta = reqs.filter((r) => !rm.has(r.name));
  for (const t of cd) processDependencyEnabled(t, cvals, path + chartName(t) + '.');
  c.metadata.dependencies = cdMeta;
  c.deps = cd;
}

function pathToMap(path: string, data: Dict): Dict {
  if (path === '.') return data;
  let cur: Dict = data;
  for (const k of path.split('.').reverse()) cur = { [k]: cur };
  return cur;
}

function processImportValues(c: Chart) {
  const reqs = c.metadata.dependencies;
  if (!reqs) return;
  const cvals = coalesceValuesFor(c, {}, true);
  let b: Dict = {};
  for (const r of reqs) {
    const out: Value[] = [];
    for (const riv of r.importValues) {
      if (isDict(riv)) {
        const child = printV(riv.child ?? null), parent = printV(riv.parent ?? null);
        out.push({ child, parent });
        const vv = table(cvals, `${r.name}.${child}`);
        if (!vv) continue;
        b = coalesceTables(b, pathToMap(parent, deepCopyValue(vv) as Dict), true);
      } else if (typeof riv === 'string') {
        out.push({ child: 'exports.' + riv, parent: '.' });
        const vm = table(cvals, `${r.name}.exports.${riv}`);
        if (!vm) continue;
        b = coalesceTables(b, deepCopyValue(vm) as Dict, true);
      }
    }
    r.importValues = out;
  }
  c.values = coalesceTables(deepCopyValue(cvals) as Dict, b, true);
}
function processDependencyImportValues(c: Chart) {
  for (const d of c.deps) processDependencyImportValues(d);
  processImportValues(c);
}

// ---------------- render (pkg/engine/engine.go) ----------------
function metadataAsMap(md: Metadata): Dict {
  return {
    Name: md.name, Home: md.home, Sources: md.sources.length ? md.sources : null, Version: md.version, Description: md.description,
    Keywords: md.keywords.length ? md.keywords : null, Maintainers: md.maintainers.length ? md.maintainers.map((m) => ({ Name: m.name, Email: m.email, URL: m.url })) : null,
    Icon: md.icon, APIVersion: md.apiVersion, Condition: md.condition, Tags: md.tags, AppVersion: md.appVersion, Deprecated: md.deprecated,
    Annotations: md.annotations, KubeVersion: md.kubeVersion, Type: md.type,
    Dependencies: md.dependencies ? md.dependencies.map((d) => ({ Name: d.name, Version: d.version, Repository: d.repository, Condition: d.condition, Tags: d.tags.length ? d.tags : null, Enabled: d.enabled, ImportValues: d.importValues.length ? d.importValues : null, Alias: d.alias })) : null,
  };
}

/** gobwas/glob with '/' as separator: * and ? stay inside a path segment, ** crosses, {a,b} alternates. */
export function gobwasGlob(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') { if (pattern[i + 1] === '*') { re += '.*'; i++; } else re += '[^/]*'; }
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',' ) re += '|';
    else if (c === '[') { const end = pattern.indexOf(']', i); if (end < 0) { re += '\\['; continue; } re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']'; i = end; }
    else if (c === '\\' && i + 1 < pattern.length) { re += '\\' + pattern[++i]; }
    else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

function filesObject(files: { name: string; data: string }[]): GoObject {
  const map = new Map(files.map((f) => [f.name, f.data]));
  const base = (k: string) => k.split('/').pop()!;
  return new GoObject('engine.files', Object.fromEntries(files.map((f) => [f.name, f.data])), {
    Get: (name: Value) => map.get(str(name)) ?? '',
    GetBytes: (name: Value) => new TextEncoder().encode(map.get(str(name)) ?? ''),
    Glob: (pattern: Value) => {
      let re: RegExp;
      try { re = gobwasGlob(str(pattern)); } catch { re = /^/; }
      return filesObject(files.filter((f) => re.test(f.name)));
    },
    AsConfig: () => { const m: Dict = {}; for (const [k, v] of map) m[base(k)] = v; return files.length ? helmToYaml(m) : ''; },
    AsSecrets: () => { const m: Dict = {}; for (const [k, v] of map) m[base(k)] = Buffer.from(v, 'utf8').toString('base64'); return files.length ? helmToYaml(m) : ''; },
    Lines: (p: Value) => { const s = map.get(str(p)); if (!s) return []; return (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n'); },
  }, () => `map[${[...map.keys()].sort().map((k) => `${k}:[${Array.from(new TextEncoder().encode(map.get(k)!)).join(' ')}]`).join(' ')}]`, undefined, true);
}

interface Renderable { tpl: string; vals: Dict; basePath: string; file: string }

function allTemplates(c: Chart, top: Dict): Map<string, Renderable> {
  const out = new Map<string, Renderable>();
  const rec = (ch: Chart, parentVals: Dict, isRoot: boolean): Dict => {
    const subCharts: Dict = {};
    const next: Dict = {
      Chart: { ...metadataAsMap(ch.metadata), IsRoot: isRoot },
      Files: filesObject(ch.files),
      Release: parentVals.Release,
      Capabilities: parentVals.Capabilities,
      Values: {},
      Subcharts: subCharts,
    };
    if (isRoot) next.Values = parentVals.Values;
    else { const vs = isDict(parentVals.Values) ? parentVals.Values[chartName(ch)] : undefined; next.Values = isDict(vs) ? vs : {}; }
    for (const child of ch.deps) subCharts[chartName(child)] = rec(child, next, false);
    const full = chartFullPath(ch);
    for (const t of ch.templates) {
      if (ch.metadata.type === 'library' && !t.name.split('/').pop()!.startsWith('_')) continue;
      out.set(`${full}/${t.name}`, { tpl: t.data, vals: next, basePath: `${full}/templates`, file: t.path });
    }
    return next;
  };
  rec(c, top, true);
  return out;
}

function sortTemplates(names: string[]): string[] {
  const depth = (s: string) => s.split('/').length - 1;
  // sort.Reverse(byPathLen): deepest first; same depth in reverse lexical order
  return [...names].sort((a, b) => {
    const da = depth(a), db = depth(b);
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

const MAX_INCLUDE = 1000;

function helmFuncs(set: () => TemplateSet, opts: { now: number }): FuncMap {
  const included = new Map<string, number>();
  const include = (name: string, data: Value): Value => {
    const n = included.get(name) ?? 0;
    if (n > MAX_INCLUDE) throw new GoError(`rendering template has a nested reference name: ${name}: unable to execute template`);
    included.set(name, n + 1);
    try { return set().execute(name, data); }
    catch (e) { if (e instanceof ExecError) throw new NestedError(e); throw e; }
    finally { included.set(name, (included.get(name) ?? 1) - 1); }
  };
  const tpl = (text: string, vals: Value): Value => {
    const clone = set().clone();
    const inner = helmFuncs(() => clone, opts);
    clone.funcs = { ...clone.funcs, include: inner.include, tpl: inner.tpl };
    try { clone.parse('gotpl', text); } catch (e) { throw new GoError(`cannot parse template ${JSON.stringify(text)}: ${(e as Error).message}`); }
    try { return clone.execute('gotpl', vals).replace(/<no value>/g, ''); }
    catch (e) { if (e instanceof ExecError) throw new NestedError(e); throw new GoError(`error during tpl function execution for ${JSON.stringify(text)}: ${(e as Error).message}`); }
  };
  return {
    include: fn('string any', include),
    tpl: fn('string any', tpl),
  };
}

function kubeVersionObject(v: string): GoObject {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
  if (!m) throw new HelmError(`invalid kube version '${v}': could not parse "${v}" as version`);
  const version = v.startsWith('v') ? v : 'v' + v;
  const normalized = `v${m[1]}.${m[2]}.${m[3] ?? 0}`;
  return new GoObject('common.KubeVersion', { Version: version, Major: String(Number(m[1])), Minor: String(Number(m[2])) }, {
    String: () => normalized, GitVersion: () => version,
  }, () => normalized);
}

function capabilitiesObject(kube: GoObject, apiVersions: string[]): GoObject {
  const list = [...DEFAULT_API_VERSIONS, ...apiVersions];
  const vs = new GoObject('common.VersionSet', {}, { Has: (a: Value) => list.includes(str(a)) }, undefined, list);
  const helm = new GoObject('version.BuildInfo', { Version: HELM_VERSION, GitCommit: '', GitTreeState: '', GoVersion: 'go1.26.0', KubeClientVersion: 'v1.36' });
  return new GoObject('*common.Capabilities', { KubeVersion: kube, APIVersions: vs, HelmVersion: helm });
}

interface Head { apiVersion: string; kind: string; name: string; annotations: Record<string, string> | null }

function splitManifests(big: string): string[] {
  const docs = big.replace(/^\s+/, '').split(/^---[ \t]*/m);
  return docs.filter((d) => d.trim() !== '').map((d) => d.replace(/^\s+/, ''));
}

/**
 * Heads read from rendered manifests, by manifest text: a chart re-rendered on a keystroke renders
 * every other manifest to the same text, and reading a head parses the whole manifest. Heads are
 * never changed by their readers. Bounded: cleared when it grows past a few charts' manifests.
 */
const heads = new TextCache<Head>(2000, 4 * 1024 * 1024);
function readHead(doc: string, file: string): Head {
  const hit = heads.get(doc);
  if (hit) return hit;
  const head = readHeadOf(doc, file);
  heads.set(doc, head);
  return head;
}

function readHeadOf(doc: string, file: string): Head {
  let v: Value;
  try { v = parseYaml(doc); } catch (e) {
    throw new HelmError(`YAML parse error on ${file}: error converting YAML to JSON: ${(e as Error).message}`);
  }
  const d = isDict(v) ? v : {};
  const md = isDict(d.metadata) ? d.metadata : undefined;
  if (d.apiVersion !== undefined && d.apiVersion !== null && typeof d.apiVersion !== 'string') throw new HelmError(`YAML parse error on ${file}: error unmarshaling JSON: json: cannot unmarshal ${jsonKind(d.apiVersion)} into Go struct field SimpleHead.apiVersion of type string`);
  if (d.kind !== undefined && d.kind !== null && typeof d.kind !== 'string') throw new HelmError(`YAML parse error on ${file}: error unmarshaling JSON: json: cannot unmarshal ${jsonKind(d.kind)} into Go struct field SimpleHead.kind of type string`);
  let annotations: Record<string, string> | null = null;
  if (md && isDict(md.annotations)) {
    annotations = {};
    for (const [k, x] of Object.entries(md.annotations)) {
      if (x !== null && typeof x !== 'string') throw new HelmError(`YAML parse error on ${file}: error unmarshaling JSON: json: cannot unmarshal ${jsonKind(x)} into Go struct field .metadata.annotations of type string`);
      annotations[k] = x ?? '';
    }
  }
  return { apiVersion: str(d.apiVersion ?? null), kind: str(d.kind ?? null), name: md && typeof md.name === 'string' ? md.name : '', annotations };
}
const jsonKind = (v: Value) => (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : isDict(v) ? 'object' : 'string');

const INSTALL_ORDER = ['PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const HOOK_EVENTS = new Set(['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test', 'test-success']);

function sortByKind<T extends { kind: string }>(items: T[]): T[] {
  const order = new Map(INSTALL_ORDER.map((k, i) => [k, i]));
  return items.map((x, i) => ({ x, i })).sort((a, b) => {
    const ka = order.get(a.x.kind), kb = order.get(b.x.kind);
    let c: number;
    if (ka === undefined && kb === undefined) c = a.x.kind < b.x.kind ? -1 : a.x.kind > b.x.kind ? 1 : 0;
    else if (ka === undefined) c = 1;
    else if (kb === undefined) c = -1;
    else c = ka - kb;
    return c !== 0 ? c : a.i - b.i;
  }).map((e) => e.x);
}

/** filepath.Match on '/'-separated paths. */
export function goPathMatch(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      re += '[' + pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^$(){}|\\/]/g, '\\$&');
  }
  try { return new RegExp('^' + re + '$').test(name); } catch { return false; }
}

/** Renders --name-template with plain Sprig, as helm's TemplateName does. */
export function templateName(nameTemplate: string, now: number): string {
  const set = new TemplateSet(sprigFuncs({ now }));
  set.parse('name-template', nameTemplate);
  return set.execute('name-template', null);
}

/** Merges -f files and --set/--set-string values as helm's values.Options.MergeValues. */
export function userValues(opts: RenderOptions): Dict {
  let base: Dict = {};
  for (const f of opts.valueFiles ?? []) {
    let v: Value;
    try { v = parseYaml(f.text); } catch (e) { throw new HelmError(`failed to parse ${f.name}: error converting YAML to JSON: ${(e as Error).message}`); }
    if (v !== null && !isDict(v)) throw new HelmError(`failed to parse ${f.name}: error unmarshaling JSON: json: cannot unmarshal into Go value of type map[string]interface {}`);
    base = mergeMaps(base, (v as Dict) ?? {});
  }
  for (const s of opts.set ?? []) {
    try { parseSetInto(s, base); } catch (e) { throw new HelmError(`failed parsing --set data: ${(e as Error).message}`); }
  }
  for (const s of opts.setString ?? []) {
    try { parseSetInto(s, base, true); } catch (e) { throw new HelmError(`failed parsing --set-string data: ${(e as Error).message}`); }
  }
  return base;
}

/** `helm template [flags] CHART`: what it prints and whether it fails. Never throws for chart problems. */
export function helmTemplate(files: ChartFiles, opts: RenderOptions = {}): RenderResult {
  const manifests: RenderedManifest[] = [];
  try {
    return renderChart(files, opts, manifests);
  } catch (e) {
    const msg = e instanceof HelmError || e instanceof GoError || e instanceof ExecError || e instanceof YamlError || e instanceof TemplateParseError ? e.message : `internal error: ${(e as Error)?.stack ?? e}`;
    return { output: '', error: msg, manifests };
  }
}

function renderChart(files: ChartFiles, opts: RenderOptions, manifests: RenderedManifest[]): RenderResult {
  const now = opts.now ?? 0;
  let releaseName = opts.releaseName ?? 'release-name';
  if (opts.nameTemplate) {
    try { releaseName = templateName(opts.nameTemplate, now); } catch (e) { throw new HelmError((e as Error).message); }
  }
  if (releaseName.length > 53 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(releaseName)) {
    throw new HelmError(`release name check failed: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`);
  }
  const vals = userValues(opts);
  const chart = loadChart(files);
  if (!['', 'application'].includes(chart.metadata.type)) throw new HelmError(`${chart.metadata.type} charts are not installable`);
  for (const req of chart.metadata.dependencies ?? []) {
    if (!chart.deps.some((d) => chartName(d) === req.name)) throw new HelmError(`an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${req.name}`);
  }
  processDependencyEnabled(chart, vals, '');
  processDependencyImportValues(chart);

  const kube = kubeVersionObject(opts.kubeVersion ?? DEFAULT_KUBE_VERSION);
  const caps = capabilitiesObject(kube, (opts.apiVersions ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean));
  const isUpgrade = !!opts.isUpgrade;
  const top: Dict = {
    Chart: metadataAsMap(chart.metadata),
    Capabilities: caps,
    Release: { Name: releaseName, Namespace: opts.namespace ?? 'default', IsUpgrade: isUpgrade, IsInstall: !isUpgrade, Revision: 1n, Service: 'Helm' },
    Values: coalesceValuesFor(chart, vals, false),
  };
  if (chart.metadata.kubeVersion && !isCompatibleRange(chart.metadata.kubeVersion, str(kube.methods.String()))) {
    throw new HelmError(`chart requires kubeVersion: ${chart.metadata.kubeVersion} which is incompatible with Kubernetes ${kube.fields.Version}`);
  }

  // engine.render
  const tpls = allTemplates(chart, top);
  let set: TemplateSet;
  const funcs: FuncMap = { ...sprigFuncs({ now }) };
  set = new TemplateSet(funcs);
  set.origins = valuesPaths(top.Values as Dict);
  const hf = helmFuncs(() => set, { now });
  set.funcs.include = hf.include;
  set.funcs.tpl = hf.tpl;
  const keys = sortTemplates([...tpls.keys()]);
  for (const name of keys) {
    try { set.parse(name, tpls.get(name)!.tpl); } catch (e) {
      if (e instanceof TemplateParseError) throw new HelmError(`parse error at (${name}:${e.line}): ${e.detail}`);
      throw e;
    }
  }
  const rendered = new Map<string, string>();
  const renderedTemplates: RenderedTemplate[] = [];
  for (const name of keys) {
    if (name.split('/').pop()!.startsWith('_')) continue;
    const r = tpls.get(name)!;
    r.vals.Template = { Name: name, BasePath: r.basePath };
    let chunks: OutputChunk[];
    try { chunks = set.executeMapped(name, r.vals).chunks; } catch (e) {
      if (e instanceof NestedError) throw e.inner;
      if (e instanceof RangeError) throw new HelmError(`${name}: template recursion too deep: ${e.message}`);
      throw e;
    }
    // Helm removes "<no value>" from the output; done piece by piece so the map stays exact
    let text = '';
    const map: RenderedTemplate['chunks'] = [];
    for (const c of chunks) {
      const t = c.text.includes('<no value>') ? c.text.replace(/<no value>/g, '') : c.text;
      if (!t) continue;
      map.push({ start: text.length, end: text.length + t.length, pos: c.pos, exact: c.exact && t === c.text, ...(c.values && t === c.text ? { values: c.values } : {}) });
      text += t;
    }
    rendered.set(name, text);
    if (!name.endsWith('NOTES.txt')) renderedTemplates.push({ source: name, file: r.file, text, chunks: map });
  }
  // notes are dropped
  for (const k of [...rendered.keys()]) if (k.endsWith('NOTES.txt')) rendered.delete(k);

  // releaseutil.SortManifests
  const generic: (RenderedManifest & { i: number })[] = [];
  const hooks: RenderedManifest[] = [];
  let sortError: string | undefined;
  try {
    for (const file of [...rendered.keys()].sort()) {
      const content = rendered.get(file)!;
      if (file.split('/').pop()!.startsWith('_')) continue;
      if (content.trim() === '') continue;
      for (const m of splitManifests(content)) {
        const head = readHead(m, file);
        const src = tpls.get(file)!.file;
        const base = { source: file, file: src, content: m, kind: head.kind, name: head.name };
        const hookTypes = head.annotations?.['helm.sh/hook'];
        if (!head.annotations || Object.keys(head.annotations).length === 0 || hookTypes === undefined) { generic.push({ ...base, hook: false, i: generic.length }); continue; }
        const events = hookTypes.split(',').map((h) => h.trim().toLowerCase());
        if (events.some((e) => !HOOK_EVENTS.has(e))) continue; // unknown hook: skipped, as Helm does
        hooks.push({ ...base, hook: true, isTest: events.some((e) => e === 'test' || e === 'test-success') } as RenderedManifest);
      }
    }
  } catch (e) {
    if (!(e instanceof HelmError)) throw e;
    sortError = e.message;
  }

  let b = '';
  if (sortError !== undefined) {
    for (const [name, content] of [...rendered.entries()].sort()) if (content.trim() !== '') b += `---\n# Source: ${name}\n${content}\n`;
    const output = opts.debug ? b.trim() + '\n' : '';
    return { output: opts.showOnly?.length && opts.debug ? '' : output, error: opts.debug ? sortError : `${sortError}\n\nUse --debug flag to render out invalid YAML`, manifests, templates: renderedTemplates };
  }
  const sortedGeneric = sortByKind(generic);
  const sortedHooks = sortByKind(hooks);
  if (opts.includeCrds) {
    const crds: { filename: string; data: string; path: string }[] = [];
    const walk = (c: Chart) => {
      for (const f of c.files) if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/.test(f.name)) crds.push({ filename: `${chartFullPath(c)}/${f.name}`, data: f.data, path: f.path });
      for (const d of c.deps) walk(d);
    };
    walk(chart);
    for (const c of crds) {
      b += `---\n# Source: ${c.filename}\n${c.data}\n`;
      for (const m of splitManifests(c.data)) { const h = safeHead(m); manifests.push({ source: c.filename, file: c.path, content: m, kind: h.kind, name: h.name, hook: false }); }
    }
  }
  for (const m of sortedGeneric) {
    b += `---\n# Source: ${m.source}\n${m.content}\n`;
    manifests.push({ source: m.source, file: m.file, content: m.content, kind: m.kind, name: m.name, hook: false });
  }
  let all = b.trim() + '\n';
  for (const h of sortedHooks) {
    if (opts.skipTests && (h as RenderedManifest & { isTest?: boolean }).isTest) continue;
    all += `---\n# Source: ${h.source}\n${h.content}\n`;
    manifests.push({ source: h.source, file: h.file, content: h.content, kind: h.kind, name: h.name, hook: true });
  }
  if (opts.showOnly?.length) {
    const split = splitManifests(all);
    let out = '';
    for (const pattern of opts.showOnly) {
      let missing = true;
      for (const m of split) {
        const sm = /# Source: [^/]+\/(.+)/.exec(m);
        if (!sm) continue;
        if (!goPathMatch(pattern.replace(/\\/g, '/'), sm[1])) continue;
        out += `---\n${m}\n`;
        missing = false;
      }
      if (missing) return { output: '', error: `could not find template ${pattern} in chart`, manifests };
    }
    return { output: out, manifests: manifests.filter((m) => opts.showOnly!.some((p) => goPathMatch(p, m.source.split('/').slice(1).join('/')))), templates: renderedTemplates };
  }
  return { output: all, manifests, templates: renderedTemplates };
}

/** The path of every map and list of the coalesced values (a subchart's .Values is the map under its name). */
function valuesPaths(values: Dict): WeakMap<object, string[]> {
  const out = new WeakMap<object, string[]>();
  const walk = (v: Value, p: string[]) => {
    if (v === null || typeof v !== 'object' || out.has(v)) return;
    if (Array.isArray(v)) { out.set(v, p); v.forEach((x, i) => walk(x, [...p, String(i)])); }
    else if (isDict(v)) { out.set(v, p); for (const k of Object.keys(v)) walk(v[k], [...p, k]); }
  };
  walk(values, []);
  return out;
}

function safeHead(doc: string): Head { try { return readHead(doc, ''); } catch { return { apiVersion: '', kind: '', name: '', annotations: null }; } }

export { parseYaml };
