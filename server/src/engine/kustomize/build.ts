/**
 * A kustomization builder with `kustomize build` semantics (kubernetes-sigs/kustomize api/krusty at commit
 * 12f9e6391464b3ad9dd3fe8182049dc1b1772990, default options: legacy sort order, load restrictions to the root).
 * Pure: the caller gives file access through a KustomizeHost; the builder never touches the disk or the network.
 */
import { parseAllDocuments, visit } from 'yaml';
import {
  Json, JsonMap, isMap, deepCopy, KustomizeError, Resource, ResMap, ResId, Gvk, parseApiVersion, effectiveNamespace,
  idEquals, idString, gvkEquals, isClusterScoped, gvkSelected, Provenance,
} from './resource';
import { FieldSpec, visitFieldSpec, toFieldSpecs, mergeFieldSpecs, sortFieldSpecs, gvkLess, fsSelectsGvk, slotGet, slotSet, splitPath } from './fieldspec';
import { applyStrategicMerge, applyJson6902, JsonOp, setActiveSchema, compactSchema } from './patch';
import { kustomizeHash } from './hash';
import { toYamlV2 } from './yamlOut';
import { DEFAULT_FIELD_SPECS } from './defaultConfig';
import * as P from './paths';
import { applyReplacements } from './replace';
import { attachDocProv, setEntry, entryOf, provOf, setSelf, copyProv, EntryLoc } from './prov';

export { KustomizeError } from './resource';

/** File access the caller provides (the CLI reads the disk; the editor may overlay unsaved buffers). */
export interface KustomizeHost {
  /** The text of the file at the absolute POSIX path, or undefined when there is no such file. */
  readFile(path: string): string | undefined;
  /** True when the absolute POSIX path is a directory. */
  isDirectory(path: string): boolean;
  /** The bytes of a file (for generators' binary files); without it, files are read as text. */
  readBytes?(path: string): Uint8Array | undefined;
}

/**
 * Renders a local Helm chart for a `helmCharts` entry: what `helm template` prints, and the chart's files it read
 * (absolute path -> text: they belong to the build). Absent when no chart renderer is available.
 */
export type HelmChartRenderer = (chart: JsonMap, kustomizationDir: string, host: KustomizeHost) => { output: string; files: Map<string, string> };

export interface BuildOptions {
  helm?: HelmChartRenderer;
  /**
   * Final ordering when the kustomization has no `sortOptions`: 'legacy' (the `kustomize build` command's default:
   * Namespaces first, webhooks last, then by GVK and id) or 'none' (the order resources were accumulated, as
   * kustomize's krusty.MakeDefaultOptions and its own tests use).
   */
  reorder?: 'legacy' | 'none';
}

/** Something the build could not do, reported rather than skipped silently. */
export interface BuildIssue { file: string; message: string }

export interface BuildResult {
  resources: Resource[];
  /** What `kustomize build` prints. */
  yaml: string;
  /** Parts not analysed (remote bases, helm charts without a renderer): the caller must report them as errors. */
  notAnalysed: BuildIssue[];
  /** Every file the build read, with its text (for positions, and for re-building when one of them changes). */
  files: Map<string, string>;
}

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const KNOWN_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator',
  'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations', 'generators',
  'transformers', 'validators', 'buildMetadata',
]);

/**
 * Integers as kyaml (go-yaml v3) reads them where the YAML 1.2 core schema differs: a plain 0755 is octal (493, the
 * YAML 1.1 spelling go-yaml still accepts: Go's strconv.ParseInt with base 0) and 0b101 binary.
 */
const GO_LEGACY_INT = {
  identify: () => false, default: true, tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?0(?:[0-7]+|b[01]+)$/,
  resolve: (s: string) => {
    const neg = s.startsWith('-');
    const body = s.replace(/^[-+]/, '');
    const n = body.startsWith('0b') ? parseInt(body.slice(2), 2) : parseInt(body.slice(1), 8);
    return neg ? -n : n;
  },
};

const YAML_OPTIONS = {
  version: '1.2' as const, merge: true, uniqueKeys: false, prettyErrors: false,
  customTags: (tags: unknown[]) => [GO_LEGACY_INT, ...tags] as never,
};

/** Parses a multi-document YAML text into JSON values, skipping empty documents. */
export function parseDocs(text: string, file: string): { value: Json; index: number }[] {
  const docs = parseAllDocuments(text, YAML_OPTIONS);
  const out: { value: Json; index: number }[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  const eofBlock = !text.endsWith('\n');
  list.forEach((d, i) => {
    if (d.errors.length) throw new KustomizeError(`MalformedYAMLError: ${d.errors[0].message} in File: ${file}`);
    // A block scalar that ends the text with no final line break has none in its value (go-yaml); the yaml package
    // adds one.
    if (eofBlock) {
      visit(d, { Scalar(_k, n) {
        if ((n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') && n.range && n.range[1] >= text.length && typeof n.value === 'string' && n.value.endsWith('\n')) n.value = n.value.slice(0, -1);
      } });
    }
    let v: Json;
    try {
      v = d.toJS() as Json; // the yaml package's alias limit guards against exponential alias expansion
    } catch (e) {
      throw new KustomizeError(`MalformedYAMLError: ${(e as Error).message} in File: ${file}`);
    }
    if (v === null || v === undefined) return;
    const value = normalizeJson(v);
    attachDocProv(d, value, file);
    out.push({ value, index: i });
  });
  return out;
}

/** JSON round trip as kyaml's MarshalJSON does: dates stay strings, keys are strings. */
function normalizeJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normalizeJson);
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), normalizeJson(x)]));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, normalizeJson(x)]));
  if (typeof v === 'bigint') return Number(v);
  return v as Json;
}

// ---------------------------------------------------------------------------------------------------------------
// Transformer configuration

interface NameBackRef { gvk: Gvk; fieldSpecs: FieldSpec[] }
interface TransformerConfig {
  namePrefix: FieldSpec[]; nameSuffix: FieldSpec[]; namespace: FieldSpec[]; commonLabels: FieldSpec[]; labels: FieldSpec[];
  templateLabels: FieldSpec[]; volumeClaimTemplateLabels: FieldSpec[]; commonAnnotations: FieldSpec[];
  nameReference: NameBackRef[]; varReference: FieldSpec[]; images: FieldSpec[]; replicas: FieldSpec[];
}
const FS_KEYS = ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'templateLabels', 'volumeClaimTemplateLabels', 'commonAnnotations', 'varReference', 'images', 'replicas'] as const;

function emptyConfig(): TransformerConfig {
  return { namePrefix: [], nameSuffix: [], namespace: [], commonLabels: [], labels: [], templateLabels: [], volumeClaimTemplateLabels: [], commonAnnotations: [], nameReference: [], varReference: [], images: [], replicas: [] };
}

function configFromJson(v: Json): TransformerConfig {
  const c = emptyConfig();
  if (!isMap(v)) return c;
  for (const k of FS_KEYS) c[k] = toFieldSpecs(v[k]);
  if (Array.isArray(v.nameReference)) {
    for (const n of v.nameReference) {
      if (!isMap(n)) continue;
      const gvk = gvkOf(n);
      c.nameReference.push({ gvk, fieldSpecs: toFieldSpecs(n.fieldSpecs) });
    }
  }
  return c;
}

function gvkOf(n: JsonMap): Gvk {
  let group = typeof n.group === 'string' ? n.group : '', version = typeof n.version === 'string' ? n.version : '';
  if (typeof n.apiVersion === 'string' && n.apiVersion) ({ group, version } = parseApiVersion(n.apiVersion));
  return { group, version, kind: typeof n.kind === 'string' ? n.kind : '' };
}

function mergeConfig(a: TransformerConfig, b: TransformerConfig): TransformerConfig {
  const c = emptyConfig();
  for (const k of FS_KEYS) c[k] = sortFieldSpecs(mergeFieldSpecs(a[k], b[k]));
  c.nameReference = a.nameReference.map((n) => ({ gvk: n.gvk, fieldSpecs: [...n.fieldSpecs] }));
  for (const n of b.nameReference) {
    const i = c.nameReference.findIndex((x) => gvkEquals(x.gvk, n.gvk));
    if (i < 0) c.nameReference.push({ gvk: n.gvk, fieldSpecs: [...n.fieldSpecs] });
    else c.nameReference[i].fieldSpecs = mergeFieldSpecs(c.nameReference[i].fieldSpecs, n.fieldSpecs);
  }
  c.nameReference.sort((x, y) => gvkLess(x.gvk, y.gvk));
  return c;
}

let defaultConfigCache: TransformerConfig | undefined;
function defaultConfig(): TransformerConfig {
  if (!defaultConfigCache) {
    // The default specs are one YAML text per transformer, concatenated as kustomize does.
    const docs = parseDocs(DEFAULT_FIELD_SPECS, 'defaultconfig');
    defaultConfigCache = configFromJson(docs[0]?.value ?? null);
  }
  return defaultConfigCache;
}

// ---------------------------------------------------------------------------------------------------------------
// Vars

interface Var { name: string; objref: { group: string; version: string; kind: string; name: string; namespace: string }; fieldpath: string }

/** A field looked up as Go's encoding/json does: the exact key, else a case-insensitive match. */
function ci(m: JsonMap, key: string): Json | undefined {
  if (key in m) return m[key];
  const k = Object.keys(m).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : m[k];
}

function parseVars(v: Json | undefined): Var[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isMap).map((x) => {
    const o0 = ci(x, 'objref');
    const o: JsonMap = isMap(o0) ? Object.fromEntries(['apiVersion', 'group', 'version', 'kind', 'name', 'namespace'].map((k) => [k, ci(o0, k) ?? null]).filter(([, val]) => val !== null)) : {};
    const gvk = gvkOf(o);
    const f = ci(x, 'fieldref');
    const fieldpath = isMap(f) ? ci(f, 'fieldPath') : undefined;
    return {
      name: String(ci(x, 'name') ?? ''),
      objref: { ...gvk, name: String(o.name ?? ''), namespace: String(o.namespace ?? '') },
      fieldpath: typeof fieldpath === 'string' && fieldpath ? fieldpath : 'metadata.name',
    };
  });
}

class Accumulator {
  resMap = new ResMap();
  config: TransformerConfig = emptyConfig();
  vars = new Map<string, Var>();

  mergeVarsFrom(other: Map<string, Var>) {
    for (const [n, v] of other) {
      if (this.vars.has(n)) throw new KustomizeError(`var '${n}' already encountered`);
      this.vars.set(n, v);
    }
  }
  mergeAccumulator(other: Accumulator) {
    this.resMap.appendAll(other.resMap);
    this.config = mergeConfig(this.config, other.config);
    this.mergeVarsFrom(other.vars);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The build

interface Kustomization extends JsonMap {}

class Loader {
  constructor(readonly host: KustomizeHost, readonly root: string, readonly files: Map<string, string>) {}
  /** Reads a file relative to this loader's root; kustomize's default load restrictions keep it under the root. */
  load(rel: string): string {
    if (isRemote(rel)) throw new RemoteError(rel);
    const p = P.resolve(this.root, rel);
    if (!P.isWithin(this.root, p)) {
      throw new KustomizeError(`security; file '${p}' is not in or below '${this.root}'`);
    }
    const t = this.host.readFile(p);
    if (t === undefined) throw new KustomizeError(`evalsymlink failure on '${p}' : lstat ${p}: no such file or directory`);
    this.files.set(p, t);
    return t;
  }
  /** The bytes of a file (a generator's `files:` source may be binary). */
  loadBytes(rel: string): Uint8Array {
    const p = P.resolve(this.root, rel);
    if (this.host.readBytes && P.isWithin(this.root, p) && !isRemote(rel)) {
      const b = this.host.readBytes(p);
      if (b === undefined) throw new KustomizeError(`evalsymlink failure on '${p}' : lstat ${p}: no such file or directory`);
      this.files.set(p, new TextDecoder().decode(b));
      return b;
    }
    return new TextEncoder().encode(this.load(rel));
  }
  abs(rel: string) { return P.resolve(this.root, rel); }
}

class RemoteError extends KustomizeError {
  constructor(readonly target: string) { super(`remote resource '${target}' cannot be fetched: remote bases are not analysed`); }
}

export function isRemote(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^git@/.test(p) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(p);
}

const BUILD_METADATA_ORIGIN = 'originAnnotations';

class Target {
  k!: Kustomization;
  fileName = '';
  helmRootNamespace = '';
  origin?: string[];
  constructor(readonly b: Builder, readonly ldr: Loader, readonly stack: string[]) {}

  load() {
    const found: { name: string; text: string }[] = [];
    for (const n of KUSTOMIZATION_FILE_NAMES) {
      const t = this.b.host.readFile(P.join(this.ldr.root, n));
      if (t !== undefined) { found.push({ name: n, text: t }); this.b.files.set(P.join(this.ldr.root, n), t); }
    }
    if (found.length === 0) {
      throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${this.ldr.root}'`);
    }
    if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files under: ${this.ldr.root}`);
    this.fileName = found[0].name;
    const docs = parseDocs(found[0].text, P.join(this.ldr.root, this.fileName));
    const k = (docs[0]?.value ?? {}) as Json;
    if (!isMap(k)) throw new KustomizeError(`invalid Kustomization: ${this.fileName} is not a mapping`);
    for (const key of Object.keys(k)) {
      if (KNOWN_FIELDS.has(key)) continue;
      // Go's encoding/json matches field names case-insensitively.
      const known = [...KNOWN_FIELDS].find((f) => f.toLowerCase() === key.toLowerCase());
      if (!known) throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}"`);
      if (!(known in k)) k[known] = k[key];
      delete k[key];
    }
    const kind = typeof k.kind === 'string' ? k.kind : '';
    if (kind && kind !== 'Kustomization' && kind !== 'Component') throw new KustomizeError('kind should be Kustomization or Component');
    const nonMeta = Object.keys(k).filter((x) => x !== 'apiVersion' && x !== 'kind');
    if (nonMeta.length === 0) throw new KustomizeError('kustomization.yaml is empty');
    // FixKustomization
    k.resources = [...strList(k.resources), ...strList(k.bases)];
    delete k.bases;
    k.images = [...(Array.isArray(k.images) ? k.images : []), ...(Array.isArray(k.imageTags) ? k.imageTags : [])];
    for (const g of [...arr(k.configMapGenerator), ...arr(k.secretGenerator)]) {
      if (isMap(g) && typeof g.env === 'string' && g.env) g.envs = [...strList(g.envs), g.env];
    }
    this.k = k;
  }

  get isComponent() { return this.k.kind === 'Component'; }

  accumulateTarget(ra: Accumulator): Accumulator {
    ra = this.accumulateResources(ra, strList(this.k.resources));
    let tc = defaultConfig();
    for (const c of strList(this.k.configurations)) {
      const docs = parseDocs(this.ldr.load(c), this.ldr.abs(c));
      for (const d of docs) tc = mergeConfig(tc, configFromJson(d.value));
    }
    ra.config = mergeConfig(ra.config, tc);
    for (const c of strList(this.k.crds)) ra.config = mergeConfig(ra.config, this.crdConfig(c));
    this.runGenerators(ra);
    ra = this.accumulateComponents(ra, strList(this.k.components));
    this.runTransformers(ra);
    if (arr(this.k.validators).length) throw new KustomizeError('validators are not supported');
    this.mergeVars(ra, parseVars(this.k.vars));
    return ra;
  }

  mergeVars(ra: Accumulator, incoming: Var[]) {
    for (const v of incoming) {
      const target: ResId = { group: v.objref.group, version: v.objref.version, kind: v.objref.kind, name: v.objref.name, namespace: v.objref.namespace };
      const strict = target.namespace !== '' || isClusterScoped(target);
      const matched = ra.resMap.byAnyId((id) => (strict ? idEquals(id, target) : id.name === target.name && gvkEquals(id, target)));
      if (matched.length > 1) throw new KustomizeError(`found ${matched.length} resId matches for var ${v.name} (unable to disambiguate)`);
      if (matched.length === 1) matched[0].refVarNames.push(v.name);
    }
    const m = new Map<string, Var>();
    for (const v of incoming) {
      if (m.has(v.name)) throw new KustomizeError(`var '${v.name}' already encountered`);
      m.set(v.name, v);
    }
    ra.mergeVarsFrom(m);
  }

  /**
   * `crds:` files: kustomize's legacy OpenAPI definition maps (type name -> {Schema: {properties}}), whose
   * x-kubernetes-* extensions add field specs (accumulator.LoadConfigFromCRDs).
   */
  crdConfig(file: string): TransformerConfig {
    const c = emptyConfig();
    const text = this.ldr.load(file);
    let m: Json;
    try { m = text.trimStart().startsWith('{') ? JSON.parse(text) : (parseDocs(text, this.ldr.abs(file))[0]?.value ?? null); } catch (e) {
      throw new KustomizeError(`unable to parse open API definition from '${file}': ${(e as Error).message}`);
    }
    if (!isMap(m)) return c;
    const propsOf = (name: string): JsonMap | undefined => {
      const api = m[name as keyof typeof m];
      const schema = isMap(api) ? api.Schema : undefined;
      return isMap(schema) && isMap(schema.properties) ? schema.properties : undefined;
    };
    const walk = (kind: string, typeName: string, path: string[], depth: number) => {
      const props = propsOf(typeName);
      if (!props || depth > 30) return;
      for (const [prop, p] of Object.entries(props)) {
        if (!isMap(p)) continue;
        const fs = (extra: string[] = []): FieldSpec => ({ kind, path: [...path, prop, ...extra].join('/'), create: false });
        if (typeof p['x-kubernetes-annotation'] === 'string') c.commonAnnotations = mergeFieldSpecs(c.commonAnnotations, [fs()]);
        if (typeof p['x-kubernetes-label-selector'] === 'string') c.commonLabels = mergeFieldSpecs(c.commonLabels, [fs()]);
        if (typeof p['x-kubernetes-identity'] === 'string') c.namePrefix = mergeFieldSpecs(c.namePrefix, [fs()]);
        const version = p['x-kubernetes-object-ref-api-version'], refKind = p['x-kubernetes-object-ref-kind'];
        if (typeof version === 'string' && typeof refKind === 'string') {
          const nameKey = typeof p['x-kubernetes-object-ref-name-key'] === 'string' ? p['x-kubernetes-object-ref-name-key'] as string : 'name';
          const target = { group: '', version, kind: refKind };
          const i = c.nameReference.findIndex((x) => gvkEquals(x.gvk, target));
          if (i < 0) c.nameReference.push({ gvk: target, fieldSpecs: [fs([nameKey])] });
          else c.nameReference[i].fieldSpecs = mergeFieldSpecs(c.nameReference[i].fieldSpecs, [fs([nameKey])]);
        }
        if (typeof p.$ref === 'string' && p.$ref) walk(kind, p.$ref, [...path, prop], depth + 1);
      }
    };
    for (const name of Object.keys(m)) {
      const props = propsOf(name);
      if (!props || !('kind' in props) || !('apiVersion' in props) || !('metadata' in props)) continue;
      walk(name.split('.').pop()!, name, [], 0);
    }
    return c;
  }

  accumulateResources(ra: Accumulator, paths: string[]): Accumulator {
    for (const p of paths) {
      if (isRemote(p)) { this.b.notAnalysed.push({ file: P.join(this.ldr.root, this.fileName), message: `remote resource '${p}' cannot be fetched: not analysed` }); continue; }
      const abs = this.ldr.abs(p);
      if (this.b.host.isDirectory(abs)) {
        const sub = this.subTarget(abs, p);
        if (sub.isComponent) throw new KustomizeError(`expected kind != 'Component' for path '${abs}'`);
        const subRa = sub.withOrigin(this, p, () => sub.accumulateTarget(new Accumulator()));
        ra.mergeAccumulator(subRa);
        continue;
      }
      const text = this.ldr.load(p);
      const res = this.b.resourcesFromText(text, abs);
      if (this.b.trackOrigin) {
        for (const r of res) r.origin = originString([...(this.origin ?? []), p]);
      }
      ra.resMap.appendAll(res);
    }
    return ra;
  }

  accumulateComponents(ra: Accumulator, paths: string[]): Accumulator {
    for (const p of paths) {
      if (isRemote(p)) { this.b.notAnalysed.push({ file: P.join(this.ldr.root, this.fileName), message: `remote component '${p}' cannot be fetched: not analysed` }); continue; }
      const abs = this.ldr.abs(p);
      if (!this.b.host.isDirectory(abs)) throw new KustomizeError(`loader.New "${abs}": must build at directory: not a valid directory`);
      const sub = this.subTarget(abs, p);
      if (!sub.isComponent) throw new KustomizeError(`accumulateDirectory: "expected kind 'Component' for path '${abs}' but got '${sub.k.kind ?? 'Kustomization'}'"`);
      const subRa = sub.withOrigin(this, p, () => sub.accumulateTarget(ra));
      ra = new Accumulator();
      ra.mergeAccumulator(subRa);
    }
    return ra;
  }

  withOrigin<T>(parent: Target, p: string, f: () => T): T {
    if (this.b.trackOrigin) this.origin = [...(parent.origin ?? []), p];
    return f();
  }

  subTarget(abs: string, rel: string): Target {
    if (this.stack.includes(abs)) throw new KustomizeError(`cycle detected: candidate root '${abs}' contains visited root '${this.stack[this.stack.length - 1]}'`);
    void rel;
    const t = new Target(this.b, new Loader(this.b.host, abs, this.b.files), [...this.stack, abs]);
    t.load();
    this.b.applyOpenApi(t, false);
    // helm charts of a base default to the namespace of the kustomization above it
    t.helmRootNamespace = typeof this.k.namespace === 'string' && this.k.namespace ? this.k.namespace : this.helmRootNamespace;
    return t;
  }

  // ---- generators ----

  runGenerators(ra: Accumulator) {
    const global = isMap(this.k.generatorOptions) ? this.k.generatorOptions : undefined;
    const generated: Resource[] = [];
    for (const g of arr(this.k.configMapGenerator)) if (isMap(g)) generated.push(this.generate('ConfigMap', g, global));
    for (const g of arr(this.k.secretGenerator)) if (isMap(g)) generated.push(this.generate('Secret', g, global));
    for (const h of this.helmChartEntries()) generated.push(...this.helmChart(h));
    for (const r of generated) absorb(ra.resMap, r);
    // `generators:` entries: inline or file builtin generator configs.
    for (const { cfg, file } of this.pluginConfigs(strList(this.k.generators))) {
      const kind = String(cfg.kind ?? '');
      if (kind === 'ConfigMapGenerator' || kind === 'SecretGenerator') {
        const args: JsonMap = { ...cfg };
        const meta = isMap(cfg.metadata) ? cfg.metadata : {};
        args.name = args.name ?? meta.name ?? '';
        if (args.namespace === undefined && meta.namespace !== undefined) args.namespace = meta.namespace;
        const by: JsonMap = { apiVersion: String(cfg.apiVersion ?? ''), kind };
        if (typeof meta.name === 'string') by.name = meta.name;
        if (typeof meta.namespace === 'string') by.namespace = meta.namespace;
        absorb(ra.resMap, this.generate(kind === 'ConfigMapGenerator' ? 'ConfigMap' : 'Secret', args, undefined, { configuredIn: P.join(originDir(this.origin), file), configuredBy: by }));
      } else throw new KustomizeError(`generator plugin ${String(cfg.apiVersion ?? '')}/${kind} is not supported: only builtin generators can be built in-process`);
    }
  }

  /** `generators:`/`transformers:` entries: inline configs, config files, or folders of them. */
  pluginConfigs(entries: string[]): { cfg: JsonMap; file: string }[] {
    const out: { cfg: JsonMap; file: string }[] = [];
    for (const e of entries) {
      let docs: { value: Json }[] | undefined;
      let file = this.fileName;
      if (e.includes('\n') || /^\s*(apiVersion|kind):/.test(e)) {
        try { docs = parseDocs(e, P.join(this.ldr.root, this.fileName)); } catch { docs = undefined; }
      }
      if (!docs) {
        const abs = this.ldr.abs(e);
        if (this.b.host.isDirectory(abs)) {
          const sub = this.subTarget(abs, e);
          const ra = sub.accumulateTarget(new Accumulator());
          out.push(...ra.resMap.list.map((r) => ({ cfg: r.obj, file: e })));
          continue;
        }
        docs = parseDocs(this.ldr.load(e), abs);
        file = e;
      }
      for (const d of docs) if (isMap(d.value)) out.push({ cfg: d.value, file });
    }
    return out;
  }

  generate(kind: 'ConfigMap' | 'Secret', g: JsonMap, global: JsonMap | undefined, configured?: { configuredIn: string; configuredBy: JsonMap }): Resource {
    const name = typeof g.name === 'string' ? g.name : '';
    if (!name) throw new KustomizeError('a configmap must have a name');
    const opts = mergeOptions(isMap(g.options) ? deepCopy(g.options) : undefined, global);
    const obj: JsonMap = { apiVersion: 'v1', kind, metadata: { name } };
    if (typeof g.namespace === 'string' && g.namespace) (obj.metadata as JsonMap).namespace = g.namespace;
    if (kind === 'Secret') obj.type = typeof g.type === 'string' && g.type ? g.type : 'Opaque';
    // values as bytes: a file that is not UTF-8 goes to a ConfigMap's binaryData (kyaml makeConfigMapValueRNode)
    const pairs: [string, Uint8Array][] = [];
    const utf8 = (t: string) => new TextEncoder().encode(t);
    for (const env of strList(g.envs)) for (const [k, v] of envPairs(this.ldr.load(env))) pairs.push([k, utf8(v)]);
    for (const lit of strList(g.literals)) { const [k, v] = literalPair(lit); pairs.push([k, utf8(v)]); }
    for (const f of strList(g.files)) {
      const [key, path] = fileSource(f);
      pairs.push([key, this.ldr.loadBytes(path)]);
    }
    const seen = new Set<string>();
    for (const [k] of pairs) {
      if (!/^[-._a-zA-Z0-9]+$/.test(k)) throw new KustomizeError(`"${k}" is not a valid key name for a ${kind}`);
      if (seen.has(k)) throw new KustomizeError(`configmap ${name} illegally repeats the key \`${k}\``);
      seen.add(k);
    }
    const sorted = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (kind === 'ConfigMap') {
      const data: JsonMap = {}, bin: JsonMap = {};
      for (const [k, v] of sorted) {
        const text = decodeUtf8(v);
        if (text !== undefined) data[k] = text; else bin[k] = encodeBase64(v);
      }
      if (Object.keys(data).length) obj.data = data;
      if (Object.keys(bin).length) obj.binaryData = bin;
    } else {
      // LoadMapIntoSecretData creates the data map even when there is nothing to put in it
      const data: JsonMap = {};
      for (const [k, v] of sorted) data[k] = encodeBase64(v);
      obj.data = data;
    }
    if (opts) {
      for (const k of Object.keys(isMap(opts.labels) ? opts.labels : {}).sort()) setMetaMap(obj, 'labels', k, String((opts.labels as JsonMap)[k]));
      for (const k of Object.keys(isMap(opts.annotations) ? opts.annotations : {}).sort()) setMetaMap(obj, 'annotations', k, String((opts.annotations as JsonMap)[k]));
      if (opts.immutable === true) obj.immutable = true;
    }
    const r = new Resource(obj, { file: P.join(this.ldr.root, this.fileName), doc: 0, kustomization: P.join(this.ldr.root, this.fileName), generated: true });
    // kustomize's NewGenerationBehavior: anything but merge or replace behaves as create
    r.behavior = g.behavior === 'merge' || g.behavior === 'replace' ? g.behavior : 'create';
    r.needHash = !(opts && opts.disableNameSuffixHash === true);
    r.buildAnnotated = true; // the generation behavior annotation
    if (this.b.trackOrigin) {
      r.origin = originString(this.origin ?? [], configured ?? { configuredIn: P.join(originDir(this.origin), this.fileName), configuredBy: { apiVersion: 'builtin', kind: `${kind}Generator` } });
    }
    return r;
  }

  /**
   * `helmCharts` entries, with the legacy `helmChartInflationGenerator` ones (FixKustomization/SplitHelmParameters),
   * `helmGlobals.chartHome`, and the namespace defaulting of kustomize's HelmChartInflationGenerator configurator.
   */
  helmChartEntries(): JsonMap[] {
    const out: JsonMap[] = arr(this.k.helmCharts).filter(isMap).map((h) => { const c = { ...h }; copyProv(h, c); return c; });
    let chartHome = isMap(this.k.helmGlobals) && typeof this.k.helmGlobals.chartHome === 'string' ? this.k.helmGlobals.chartHome : '';
    for (const old of arr(this.k.helmChartInflationGenerator)) {
      if (!isMap(old)) continue;
      const c: JsonMap = {};
      const copy = (from: string, to: string) => { if (old[from] !== undefined && old[from] !== null && old[from] !== '') c[to] = old[from]; };
      copy('chartName', 'name'); copy('chartVersion', 'version'); copy('chartRepoUrl', 'repo'); copy('values', 'valuesFile');
      copy('valuesLocal', 'valuesInline'); copy('valuesMerge', 'valuesMerge'); copy('releaseName', 'releaseName');
      if (typeof old.chartHome === 'string' && old.chartHome && !(isMap(this.k.helmGlobals) && this.k.helmGlobals.chartHome)) chartHome = old.chartHome;
      copyProv(old, c);
      out.push(c);
    }
    const ns = typeof this.k.namespace === 'string' && this.k.namespace ? this.k.namespace : this.helmRootNamespace;
    for (const h of out) {
      if (chartHome && !h.chartHome) h.chartHome = chartHome;
      if (!h.namespace && ns) h.namespace = ns;
    }
    return out;
  }

  helmChart(h: JsonMap): Resource[] {
    const file = P.join(this.ldr.root, this.fileName);
    if (!this.b.options.helm) {
      this.b.notAnalysed.push({ file, message: `helmCharts entry '${String(h.name ?? '')}' is not rendered: no chart renderer is available` });
      return [];
    }
    let text: string;
    try {
      const r = this.b.options.helm(h, this.ldr.root, this.b.host);
      text = r.output;
      for (const [f, t] of r.files) this.b.files.set(f, t);
    } catch (e) {
      this.b.notAnalysed.push({ file, message: `helmCharts entry '${String(h.name ?? '')}' is not rendered: ${(e as Error).message}` });
      return [];
    }
    // The objects come from the chart's templates, not from a file of the kustomization: findings on them are
    // reported on the helmCharts entry (the chart renderer's template lines are not carried here).
    const rendered = this.b.resourcesFromText(text, file);
    for (const r of rendered) {
      r.obj = JSON.parse(JSON.stringify(r.obj));
      setSelf(r.obj, provOf(h)?.self);
      r.provenance = { file, doc: r.provenance.doc, kustomization: file, generated: true };
    }
    return rendered;
  }

  // ---- transformers ----

  /**
   * After each builtin transformer the kustomization configures, with origin tracking on: the resources without an
   * origin get the transformer's as origin (kustomize assumes it generated them), the others record it as a
   * transformation (the alpha.config.kubernetes.io/transformations annotation).
   */
  noteTransformer(m: ResMap, kind: string) {
    if (!this.b.trackOrigin) return;
    const o = originString([], { configuredIn: P.join(originDir(this.origin), this.fileName), configuredBy: { apiVersion: 'builtin', kind } });
    for (const r of m.list) {
      if (r.origin === undefined) r.origin = o;
      else r.transformations.push(o);
    }
  }

  runTransformers(ra: Accumulator) {
    const tc = ra.config;
    const m = ra.resMap;
    const k = this.k;
    const step = (kind: string, f: () => void) => { f(); this.noteTransformer(m, kind); };
    // PatchStrategicMergeTransformer
    const psm = strList(k.patchesStrategicMerge);
    if (psm.length) step('PatchStrategicMergeTransformer', () => this.applyLegacySmPatches(m, psm));
    // PatchTransformer
    for (const p of arr(k.patches)) if (isMap(p)) step('PatchTransformer', () => this.applyPatch(m, p));
    // NamespaceTransformer
    if (typeof k.namespace === 'string' && k.namespace) step('NamespaceTransformer', () => namespaceTransform(m, k.namespace as string, tc.namespace));
    // Prefix / Suffix
    if (typeof k.namePrefix === 'string' && k.namePrefix) step('PrefixTransformer', () => prefixSuffix(m, k.namePrefix as string, tc.namePrefix, 'prefix'));
    if (typeof k.nameSuffix === 'string' && k.nameSuffix) step('SuffixTransformer', () => prefixSuffix(m, k.nameSuffix as string, tc.nameSuffix, 'suffix'));
    // LabelTransformer
    for (const l of arr(k.labels)) {
      if (!isMap(l)) continue;
      const pairs = isMap(l.pairs) ? stringMap(l.pairs) : {};
      let fss = mergeFieldSpecs(toFieldSpecs(l.fields), tc.labels);
      if (l.includeSelectors === true) fss = mergeFieldSpecs(fss, tc.commonLabels);
      else {
        if (l.includeTemplates === true) fss = mergeFieldSpecs(fss, tc.templateLabels);
        if (l.includeVolumeClaimTemplates === true) fss = mergeFieldSpecs(fss, tc.volumeClaimTemplateLabels);
        fss = mergeFieldSpecs(fss, [{ path: 'metadata/labels', create: true }]);
      }
      step('LabelTransformer', () => mapTransform(m, pairs, fss));
    }
    if (isMap(k.commonLabels) && Object.keys(k.commonLabels).length) {
      for (const l of arr(k.labels)) {
        if (isMap(l) && isMap(l.pairs)) for (const key of Object.keys(l.pairs)) if (key in (k.commonLabels as JsonMap)) throw new KustomizeError(`label name '${key}' exists in both commonLabels and labels`);
      }
      step('LabelTransformer', () => mapTransform(m, stringMap(k.commonLabels as JsonMap), tc.commonLabels));
    }
    // AnnotationsTransformer
    if (isMap(k.commonAnnotations) && Object.keys(k.commonAnnotations).length) step('AnnotationsTransformer', () => mapTransform(m, stringMap(k.commonAnnotations as JsonMap), tc.commonAnnotations));
    // PatchJson6902Transformer
    for (const p of arr(k.patchesJson6902)) if (isMap(p)) step('PatchJson6902Transformer', () => this.applyLegacyJsonPatch(m, p));
    // ReplicaCountTransformer, ImageTagTransformer
    for (const r of arr(k.replicas)) if (isMap(r)) step('ReplicaCountTransformer', () => replicaTransform(m, r, tc.replicas));
    for (const i of arr(k.images)) if (isMap(i)) step('ImageTagTransformer', () => imageTransform(m, i, tc.images));
    // ReplacementTransformer
    if (arr(k.replacements).length) step('ReplacementTransformer', () => this.applyReplacementList(m, arr(k.replacements)));
    // `transformers:` entries: builtin transformer configs.
    for (const { cfg } of this.pluginConfigs(strList(k.transformers))) this.runPluginTransformer(m, cfg, tc);
  }

  runPluginTransformer(m: ResMap, cfg: JsonMap, tc: TransformerConfig) {
    const kind = String(cfg.kind ?? '');
    const fieldSpecs = (v: Json | undefined, dflt: FieldSpec[]) => (Array.isArray(v) ? toFieldSpecs(v) : dflt);
    switch (kind) {
      case 'PrefixSuffixTransformer':
        if (typeof cfg.prefix === 'string' && cfg.prefix) prefixSuffix(m, cfg.prefix, fieldSpecs(cfg.fieldSpecs, tc.namePrefix), 'prefix');
        if (typeof cfg.suffix === 'string' && cfg.suffix) prefixSuffix(m, cfg.suffix, fieldSpecs(cfg.fieldSpecs, tc.nameSuffix), 'suffix');
        return;
      case 'PrefixTransformer': if (typeof cfg.prefix === 'string') prefixSuffix(m, cfg.prefix, fieldSpecs(cfg.fieldSpecs, tc.namePrefix), 'prefix'); return;
      case 'SuffixTransformer': if (typeof cfg.suffix === 'string') prefixSuffix(m, cfg.suffix, fieldSpecs(cfg.fieldSpecs, tc.nameSuffix), 'suffix'); return;
      case 'LabelTransformer': mapTransform(m, isMap(cfg.labels) ? stringMap(cfg.labels) : {}, fieldSpecs(cfg.fieldSpecs, [])); return;
      case 'AnnotationsTransformer': mapTransform(m, isMap(cfg.annotations) ? stringMap(cfg.annotations) : {}, fieldSpecs(cfg.fieldSpecs, [])); return;
      case 'NamespaceTransformer': {
        const ns = isMap(cfg.metadata) && typeof cfg.metadata.namespace === 'string' ? cfg.metadata.namespace : '';
        if (ns) namespaceTransform(m, ns, fieldSpecs(cfg.fieldSpecs, tc.namespace), cfg.unsetOnly === true, typeof cfg.setRoleBindingSubjects === 'string' ? cfg.setRoleBindingSubjects : '');
        return;
      }
      case 'ImageTagTransformer': if (isMap(cfg.imageTag)) imageTransform(m, cfg.imageTag, fieldSpecs(cfg.fieldSpecs, tc.images)); return;
      case 'ReplicaCountTransformer': if (isMap(cfg.replica)) replicaTransform(m, cfg.replica, fieldSpecs(cfg.fieldSpecs, tc.replicas)); return;
      case 'PatchTransformer': this.applyPatch(m, cfg); return;
      case 'PatchStrategicMergeTransformer': {
        if (typeof cfg.patches === 'string' && cfg.patches.trim()) this.applyLegacySmPatches(m, [cfg.patches]);
        this.applyLegacySmPatches(m, strList(cfg.paths));
        return;
      }
      case 'ReplacementTransformer': this.applyReplacementList(m, arr(cfg.replacements)); return;
      case 'PatchJson6902Transformer': this.applyLegacyJsonPatch(m, { target: cfg.target ?? null, path: cfg.path ?? null, patch: cfg.jsonOp ?? null }); return;
      default: throw new KustomizeError(`transformer plugin ${String(cfg.apiVersion ?? '')}/${kind} is not supported: only builtin transformers can run in-process`);
    }
  }

  /** `replacements:` entries: inline, or `path:` to a file holding one replacement or a list of them. */
  applyReplacementList(m: ResMap, entries: Json[]) {
    const list: JsonMap[] = [];
    for (const e of entries) {
      if (!isMap(e)) continue;
      if (typeof e.path === 'string' && e.path) {
        if (e.source !== undefined || e.targets !== undefined) throw new KustomizeError('cannot specify both path and inline replacement');
        const v = parseDocs(this.ldr.load(e.path), this.ldr.abs(e.path))[0]?.value;
        if (Array.isArray(v)) list.push(...v.filter(isMap));
        else if (isMap(v)) list.push(v);
        else throw new KustomizeError(`unsupported replacement type encountered within replacement path: ${e.path}`);
      } else list.push(e);
    }
    applyReplacements(m.list, list, parseSelector);
  }

  /** patchesStrategicMerge: file paths or inline patches; each document patches the resource with its id. */
  applyLegacySmPatches(m: ResMap, entries: string[]) {
    const patches: Resource[] = [];
    for (const e of entries) {
      let text: string;
      let file = P.join(this.ldr.root, this.fileName);
      const abs = this.ldr.abs(e);
      if (!e.includes('\n') && this.b.host.readFile(abs) !== undefined) { text = this.ldr.load(e); file = abs; }
      else if (!e.includes('\n') && !e.includes(':')) text = this.ldr.load(e);
      else text = e;
      for (const r of this.b.resourcesFromText(text, file, true)) patches.push(r);
    }
    if (patches.length === 0) return;
    for (const patch of patches) {
      const target = m.getById(patch.orgId());
      applySmPatchTo(target, patch);
    }
    m.list = m.list.filter((r) => !r.deleted);
  }

  applyPatch(m: ResMap, p: JsonMap) {
    const patchText = typeof p.patch === 'string' ? p.patch.trim() : '';
    const path = typeof p.path === 'string' ? p.path : '';
    if (!patchText && !path) throw new KustomizeError('must specify one of patch and path');
    if (patchText && path) throw new KustomizeError('patch and path can\'t be set at the same time');
    const text = patchText || this.ldr.load(path);
    const file = path ? this.ldr.abs(path) : P.join(this.ldr.root, this.fileName);
    const opts = isMap(p.options) ? p.options : {};
    const target = isMap(p.target) ? p.target : undefined;
    const ops = jsonPatchOps(text, file);
    let sm: Resource[] | undefined;
    let smErr: unknown;
    try { sm = this.b.resourcesFromText(text, file, true); } catch (e) { smErr = e; }
    if (sm && sm.length > 0 && ops) throw new KustomizeError(`illegally qualifies as both an SM and JSON patch: [patch: ${JSON.stringify(text)}]`);
    if (ops && (!sm || sm.length === 0)) {
      if (!target) throw new KustomizeError(`must specify a target for JSON patch [patch: ${JSON.stringify(text)}]`);
      for (const r of select(m, target)) {
        r.storePreviousId();
        r.obj = applyJson6902(r.obj, ops);
      }
      return;
    }
    if (!sm) throw smErr instanceof Error ? smErr : new KustomizeError('unable to parse SM or JSON patch');
    for (const patch of sm) {
      if (opts.allowNameChange === true) patch.allowNameChange = true;
      if (opts.allowKindChange === true) patch.allowKindChange = true;
    }
    if (target) {
      if (sm.length > 1) throw new KustomizeError('Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field');
      if (sm.length === 0) return;
      const patch = sm[0];
      const selected = select(m, target);
      const ids = selected.map((r) => r.curId());
      for (const r of m.list) {
        if (!ids.some((id) => idEquals(id, r.curId()))) continue;
        const pc = patch.copy();
        pc.obj.apiVersion = r.obj.apiVersion ?? null;
        if (patch.obj.kind !== undefined) pc.obj.kind = patch.obj.kind; else pc.obj.kind = r.obj.kind ?? null;
        applySmPatchTo(r, pc);
      }
      m.list = m.list.filter((r) => !r.deleted);
      return;
    }
    for (const patch of sm) {
      const t = m.getById(patch.orgId());
      applySmPatchTo(t, patch);
    }
    m.list = m.list.filter((r) => !r.deleted);
  }

  applyLegacyJsonPatch(m: ResMap, p: JsonMap) {
    const target = isMap(p.target) ? p.target : undefined;
    if (!target) throw new KustomizeError('must specify a target for patchesJson6902');
    let text: string;
    if (typeof p.path === 'string' && p.path) text = this.ldr.load(p.path);
    else if (typeof p.patch === 'string' && p.patch) text = p.patch;
    else throw new KustomizeError('must specify the path for a json patch file');
    const ops = jsonPatchOps(text, typeof p.path === 'string' && p.path ? this.ldr.abs(p.path) : P.join(this.ldr.root, this.fileName));
    if (!ops) throw new KustomizeError(`unable to parse JSON patch ${typeof p.path === 'string' ? p.path : ''}`);
    for (const r of select(m, target)) {
      r.storePreviousId();
      r.obj = applyJson6902(r.obj, ops);
    }
  }
}

function originDir(origin: string[] | undefined): string {
  return origin && origin.length ? P.join(...origin) : '';
}

/** The `config.kubernetes.io/origin` annotation: kyaml.Marshal of kustomize's resource.Origin. */
function originString(pathParts: string[], extra?: { configuredIn: string; configuredBy: JsonMap }): string {
  if (extra) {
    const by = extra.configuredBy;
    let s = `configuredIn: ${extra.configuredIn}\nconfiguredBy:\n  apiVersion: ${by.apiVersion}\n  kind: ${by.kind}\n`;
    if (typeof by.name === 'string') s += `  name: ${by.name}\n`;
    if (typeof by.namespace === 'string') s += `  namespace: ${by.namespace}\n`;
    return s;
  }
  return `path: ${P.join(...pathParts)}\n`;
}

function mergeOptions(local: JsonMap | undefined, global: JsonMap | undefined): JsonMap | undefined {
  if (!global) return local;
  const l: JsonMap = local ?? {};
  for (const key of ['labels', 'annotations']) {
    const g = global[key];
    if (!isMap(g)) continue;
    if (!isMap(l[key])) { l[key] = { ...g }; continue; }
    for (const [k, v] of Object.entries(g)) if (!((l[key] as JsonMap)[k] !== undefined)) (l[key] as JsonMap)[k] = v;
  }
  if (global.disableNameSuffixHash === true) l.disableNameSuffixHash = true;
  if (global.immutable === true) l.immutable = true;
  return l;
}

function setMetaMap(obj: JsonMap, field: 'labels' | 'annotations', k: string, v: string) {
  const meta = obj.metadata as JsonMap;
  if (!isMap(meta[field])) meta[field] = {};
  (meta[field] as JsonMap)[k] = v;
}

function envPairs(text: string): [string, string][] {
  const out: [string, string][] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const i = line.indexOf('=');
    const key = i < 0 ? line : line.slice(0, i);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) throw new KustomizeError(`"${key}" is not a valid environment variable name`);
    out.push([key, i < 0 ? '' : line.slice(i + 1)]);
  });
  return out;
}

function literalPair(s: string): [string, string] {
  const i = s.indexOf('=');
  if (i <= 0) throw new KustomizeError(`invalid literal source ${s}, expected key=value`);
  let v = s.slice(i + 1);
  if (v.length >= 2 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
  return [s.slice(0, i), v];
}

function fileSource(s: string): [string, string] {
  const n = (s.match(/=/g) ?? []).length;
  if (n === 0) return [P.basename(s), s];
  if (n === 1 && s.startsWith('=')) throw new KustomizeError(`missing key name for file path "${s.slice(1)}" in source "${s}"`);
  if (n === 1 && s.endsWith('=')) throw new KustomizeError(`missing file path for key name "${s.slice(0, -1)}" in source "${s}"`);
  if (n > 1) throw new KustomizeError(`source "${s}" key name or file path contains '='`);
  const [k, p] = s.split('=');
  return [k, p];
}

function decodeUtf8(b: Uint8Array): string | undefined {
  try { return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b); } catch { return undefined; }
}

/** kyaml encodeBase64: standard base64, broken into lines of 70 characters (each ending with a line feed) when longer. */
export function encodeBase64(bytes: Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i], b1 = bytes[i + 1], b2 = bytes[i + 2];
    out += chars[b0 >> 2] + chars[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    out += i + 1 < bytes.length ? chars[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)] : '=';
    out += i + 2 < bytes.length ? chars[b2 & 63] : '=';
  }
  const lineLen = 70;
  if (Math.floor(out.length / lineLen) + 1 <= 1) return out;
  let wrapped = '';
  for (let i = 0; i < out.length; i += lineLen) wrapped += out.slice(i, i + lineLen) + '\n';
  return wrapped;
}

const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const strList = (v: Json | undefined): string[] => arr(v).filter((x): x is string => typeof x === 'string');
function stringMap(m: JsonMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[k] = v === null ? '' : typeof v === 'string' ? v : String(v);
  return out;
}

function jsonPatchOps(text: string, file: string): JsonOp[] | undefined {
  const t = text.trim();
  if (!t) return undefined;
  let v: Json;
  try {
    // JSON is YAML: parsed as YAML, the operations keep where they are written
    const docs = parseDocs(t, file);
    if (docs.length !== 1) return undefined;
    v = docs[0].value;
  } catch { return undefined; }
  if (!Array.isArray(v)) return undefined;
  if (!v.every((o) => isMap(o) && typeof o.op === 'string')) return undefined;
  return v as unknown as JsonOp[];
}

/** Absorbs a generated resource: create, or merge/replace an existing one with the same id. */
function absorb(m: ResMap, res: Resource) {
  const id = res.curId();
  const matches = m.byAnyId((x) => idEquals(x, id));
  if (matches.length === 0) {
    if (res.behavior === 'merge' || res.behavior === 'replace') {
      throw new KustomizeError(`id ${JSON.stringify(idString(id))} does not exist; cannot merge or replace`);
    }
    m.append(res);
    return;
  }
  if (matches.length > 1) throw new KustomizeError(`found multiple objects that could accept merge of ${idString(id)}`);
  const old = matches[0];
  if (res.behavior !== 'merge' && res.behavior !== 'replace') {
    throw new KustomizeError(`id ${JSON.stringify(idString(id))} exists; can not use behavior: '${res.behavior}', behavior must be merge or replace`);
  }
  copyMergeMeta(res, old);
  // The hash-suffix flag is a build annotation: the merge keeps it only when both sides have it.
  res.needHash = res.needHash && old.needHash;
  if (res.behavior === 'merge') {
    for (const f of ['data', 'binaryData'] as const) {
      const merged = { ...(isMap(old.obj[f]) ? old.obj[f] as JsonMap : {}), ...(isMap(res.obj[f]) ? res.obj[f] as JsonMap : {}) };
      if (Object.keys(merged).length) res.obj[f] = merged; else delete res.obj[f];
    }
    if (old.origin) res.origin = old.origin;
  }
  res.behavior = '';
  m.list[m.list.indexOf(old)] = res;
}

function copyMergeMeta(res: Resource, old: Resource) {
  const labels = { ...old.labels(), ...res.labels() };
  const annotations = { ...old.annotations(), ...res.annotations() };
  setOrClear(res, 'labels', labels);
  setOrClear(res, 'annotations', annotations);
  res.name = old.name;
  if (old.namespace) res.namespace = old.namespace; else delete res.meta.namespace;
  res.prefixes = [...old.prefixes]; res.suffixes = [...old.suffixes]; res.prev = old.prev.map((p) => ({ ...p }));
  res.refVarNames = [...old.refVarNames];
}

function setOrClear(r: Resource, field: 'labels' | 'annotations', m: Record<string, string>) {
  if (Object.keys(m).length) r.meta[field] = m; else delete r.meta[field];
}

/** Resource.ApplySmPatch: strategic merge, keeping the id unless the patch may change it. */
function applySmPatchTo(r: Resource, patch: Resource) {
  const n = r.name, ns = r.namespace, k = r.kind;
  if (patch.allowNameChange || patch.allowKindChange) r.storePreviousId();
  const p = deepCopy(patch.obj);
  const kept = applyStrategicMerge(r.obj, p);
  if (!kept) { r.deleted = true; return; }
  if (!patch.allowNameChange) r.name = n;
  if (!patch.allowKindChange) r.obj.kind = k;
  if (ns) r.namespace = ns; else if (!patch.allowNameChange) delete r.meta.namespace;
  if (Object.keys(r.meta).length === 0 && !isMap(r.obj.metadata)) delete r.obj.metadata;
}

// ---- selection ----

function anchored(p: string | undefined): RegExp | undefined {
  if (!p) return undefined;
  try { return new RegExp(`^(?:${p})$`); } catch { throw new KustomizeError(`invalid regular expression ${JSON.stringify(p)}`); }
}

function select(m: ResMap, t: JsonMap): Resource[] {
  const g = gvkOf(t);
  const [gr, vr, kr] = [anchored(g.group), anchored(g.version), anchored(g.kind)];
  const nr = anchored(typeof t.name === 'string' ? t.name : undefined);
  const nsr = anchored(typeof t.namespace === 'string' ? t.namespace : undefined);
  const ls = typeof t.labelSelector === 'string' ? parseSelector(t.labelSelector) : undefined;
  const as = typeof t.annotationSelector === 'string' ? parseSelector(t.annotationSelector) : undefined;
  return m.list.filter((r) => {
    const cur = r.curId(), org = r.orgId();
    if (nsr && !nsr.test(effectiveNamespace(org)) && !nsr.test(effectiveNamespace(cur))) return false;
    if (nr && !nr.test(org.name) && !nr.test(cur.name)) return false;
    const gvk = r.gvk();
    if (gr && !gr.test(gvk.group)) return false;
    if (vr && !vr.test(gvk.version)) return false;
    if (kr && !kr.test(gvk.kind)) return false;
    if (ls && !ls(r.labels())) return false;
    if (as && !as(r.annotations())) return false;
    return true;
  });
}

/** A Kubernetes label selector string (equality and set-based requirements). */
export function parseSelector(s: string): (labels: Record<string, string>) => boolean {
  const reqs: ((l: Record<string, string>) => boolean)[] = [];
  const parts: string[] = [];
  let depth = 0, cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    let mm: RegExpMatchArray | null;
    if ((mm = p.match(/^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const [, key, op, list] = mm;
      const vals = list.split(',').map((x) => x.trim()).filter(Boolean);
      reqs.push(op === 'in' ? (l) => key in l && vals.includes(l[key]) : (l) => !(key in l) || !vals.includes(l[key]));
    } else if ((mm = p.match(/^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/))) {
      const [, key, op, val] = mm;
      reqs.push(op === '!=' ? (l) => l[key] !== val : (l) => key in l && l[key] === val);
    } else if ((mm = p.match(/^!\s*(\S+)$/))) {
      const key = mm[1];
      reqs.push((l) => !(key in l));
    } else if ((mm = p.match(/^(\S+)$/))) {
      const key = mm[1];
      reqs.push((l) => key in l);
    } else throw new KustomizeError(`unable to parse requirement: ${p}`);
  }
  return (l) => reqs.every((f) => f(l));
}

// ---- builtin transformers ----

const PREFIX_SKIP: Partial<Gvk>[] = [{ kind: 'CustomResourceDefinition' }, { group: 'apiregistration.k8s.io', kind: 'APIService' }, { kind: 'Namespace' }];

function prefixSuffix(m: ResMap, value: string, fss: FieldSpec[], which: 'prefix' | 'suffix') {
  for (const r of m.list) {
    const id = r.orgId();
    if (PREFIX_SKIP.some((s) => gvkSelected(id, s))) continue;
    for (const fs of fss) {
      if (!fsSelectsGvk(fs, id)) continue;
      if (fs.path === 'metadata/name') {
        if (value) { (which === 'prefix' ? r.prefixes : r.suffixes).push(value); r.buildAnnotated = true; }
        if (value) r.storePreviousId();
      }
      visitFieldSpec(r.obj, fs, (slot) => {
        const v = slotGet(slot);
        const s = v === null || v === undefined ? '' : String(v);
        slotSet(slot, which === 'prefix' ? value + s : s + value);
      }, 'scalar');
    }
  }
}

function namespaceTransform(m: ResMap, ns: string, fss: FieldSpec[], unsetOnly = false, subjects = '') {
  const set = (slot: { parent: JsonMap | Json[]; key: string | number }) => {
    const v = slotGet(slot);
    if (unsetOnly && v !== '' && v !== null && v !== undefined) return;
    slotSet(slot, ns);
  };
  for (const r of m.list) {
    if (Object.keys(r.obj).length === 0) continue;
    if (r.annotations()['kustomize.config.k8s.io/helm-generated'] === 'true') continue;
    r.storePreviousId();
    const apiVersion = r.apiVersion;
    let specs = fss.filter((f) => f.path !== 'metadata/namespace' && !(apiVersion !== 'v1' && f.path === 'metadata/name'));
    const gvk = r.gvk();
    if (!isClusterScoped(gvk)) visitFieldSpec(r.obj, { path: 'metadata/namespace', create: true }, set, 'scalar');
    if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') {
      specs = specs.filter((f) => !((f.kind === 'RoleBinding' || f.kind === 'ClusterRoleBinding') && f.path === 'subjects/namespace'));
      const subs = r.obj.subjects;
      if (subjects !== 'none' && Array.isArray(subs)) {
        for (const s of subs) {
          if (!isMap(s)) continue;
          const hit = subjects === 'allServiceAccounts' ? s.kind === 'ServiceAccount' : s.name === 'default';
          if (hit) {
            if (unsetOnly && typeof s.namespace === 'string' && s.namespace) continue;
            s.namespace = ns;
          }
        }
      }
    }
    for (const fs of specs) visitFieldSpec(r.obj, fs, set, 'scalar');
    const cur = r.curId();
    if (m.list.filter((x) => idEquals(x.curId(), cur)).length !== 1) throw new KustomizeError(`namespace transformation produces ID conflict: ${idString(cur)}`);
  }
}

function mapTransform(m: ResMap, pairs: Record<string, string>, fss: FieldSpec[]) {
  const keys = Object.keys(pairs).sort();
  if (keys.length === 0) return;
  for (const r of m.list) {
    for (const fs of fss) {
      visitFieldSpec(r.obj, fs, (slot) => {
        let v = slotGet(slot);
        if (v === null || v === undefined || v === '') { v = {}; slotSet(slot, v); }
        if (!isMap(v)) throw new KustomizeError(`wrong node kind: expected MappingNode but got ${Array.isArray(v) ? 'SequenceNode' : 'ScalarNode'}: node contents:\n${String(v)}`);
        for (const k of keys) v[k] = pairs[k];
      }, 'map');
    }
  }
}

function replicaTransform(m: ResMap, rep: JsonMap, fss: FieldSpec[]) {
  const name = String(rep.name ?? '');
  const count = typeof rep.count === 'number' ? rep.count : Number(rep.count ?? 0);
  for (const r of m.list) {
    const ids = [...r.prevIds(), r.curId()];
    if (!ids.some((id) => id.name === name)) continue;
    for (const fs of fss) {
      if (!fsSelectsGvk(fs, r.gvk())) continue;
      visitFieldSpec(r.obj, fs, (slot) => { slotSet(slot, count); setEntry(slot.parent, slot.key, setBy(rep, slot)); }, 'scalar');
    }
  }
}

/** The location of a value a kustomization entry (`images:`, `replicas:`) set: that entry, keeping the field's key. */
function setBy(entry: JsonMap, slot: { parent: JsonMap | Json[]; key: string | number }): EntryLoc | undefined {
  const at = provOf(entry)?.self;
  if (!at) return entryOf(slot.parent, slot.key);
  return { key: entryOf(slot.parent, slot.key)?.key, value: at };
}

function imageMatches(value: string, name: string): boolean {
  try {
    return new RegExp('^' + name + '(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$').test(value);
  } catch { return false; }
}

export function splitImage(image: string): [string, string, string] {
  let search = image, slash = image.indexOf('/');
  if (slash > 0) search = image.slice(slash); else slash = 0;
  let id = search.indexOf('@'), ic = search.indexOf(':');
  if (ic < 0 && id < 0) return [image, '', ''];
  if (id >= 0 && (id < ic || ic < 0)) { id += slash; return [image.slice(0, id), '', image.slice(id + 1)]; }
  if (id >= 0 && ic >= 0) { id += slash; ic += slash; return [image.slice(0, ic), image.slice(ic + 1, id), image.slice(id + 1)]; }
  ic += slash;
  return [image.slice(0, ic), image.slice(ic + 1), ''];
}

function updateImage(img: JsonMap, value: string): string | undefined {
  const name0 = String(img.name ?? '');
  if (!imageMatches(value, name0)) return undefined;
  let [name, tag, digest] = splitImage(value);
  const newName = img.newName == null ? '' : String(img.newName);
  const newTag = img.newTag == null ? '' : String(img.newTag);
  const dg = img.digest == null ? '' : String(img.digest);
  const suffix = img.tagSuffix == null ? '' : String(img.tagSuffix);
  if (newName) name = newName;
  if (newTag && dg) { tag = newTag; digest = dg; }
  else if (newTag) { tag = newTag; digest = ''; }
  else if (dg) { tag = ''; digest = dg; }
  else if (suffix) { tag += suffix; digest = ''; }
  if (tag) name += ':' + tag;
  if (digest) name += '@' + digest;
  return name;
}

function imageTransform(m: ResMap, img: JsonMap, fss: FieldSpec[]) {
  for (const r of m.list) {
    if (r.kind === 'CustomResourceDefinition') continue;
    // The legacy filter: every `containers`/`initContainers` list anywhere in the object.
    const walk = (v: Json) => {
      if (Array.isArray(v)) { v.forEach(walk); return; }
      if (!isMap(v)) return;
      for (const [k, x] of Object.entries(v)) {
        walk(x);
        if ((k === 'containers' || k === 'initContainers') && Array.isArray(x)) {
          for (const c of x) {
            if (isMap(c) && typeof c.image === 'string') {
              const u = updateImage(img, c.image);
              if (u !== undefined) { c.image = u; setEntry(c, 'image', setBy(img, { parent: c, key: 'image' })); }
            }
          }
        }
      }
    };
    walk(r.obj);
    for (const fs of fss) {
      visitFieldSpec(r.obj, fs, (slot) => {
        const v = slotGet(slot);
        if (typeof v !== 'string') return;
        const u = updateImage(img, v);
        if (u !== undefined) { slotSet(slot, u); setEntry(slot.parent, slot.key, setBy(img, slot)); }
      }); // the image filter looks fields up and never creates them
    }
  }
}

// ---- name references ----

/** kustomize utils.SameEndingSubSlice: the shorter list ends the longer one; an empty list only matches an empty one. */
function sameEndingSubarray(a: string[], b: string[]): boolean {
  const [s, l] = a.length > b.length ? [b, a] : [a, b];
  if (s.length === 0) return l.length === 0;
  for (let i = 1; i <= s.length; i++) if (s[s.length - i] !== l[l.length - i]) return false;
  return true;
}

function prefixesSuffixesEqual(r: Resource, o: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const ep = r.prefixes.length === 0 || o.prefixes.length === 0;
    const es = r.suffixes.length === 0 || o.suffixes.length === 0;
    return (ep || sameEndingSubarray(r.prefixes, o.prefixes)) && (es || sameEndingSubarray(r.suffixes, o.suffixes));
  }
  return sameEndingSubarray(r.prefixes, o.prefixes) && sameEndingSubarray(r.suffixes, o.suffixes);
}

function fixNameReferences(m: ResMap, backRefs: NameBackRef[]) {
  const orgIds = new Map(m.list.map((r) => [r, r.orgId()] as const));
  const filters = new Map<Resource, { fs: FieldSpec; target: Gvk }[]>();
  for (const br of backRefs) {
    for (const fs of br.fieldSpecs) {
      for (const r of m.list) {
        if (!fsSelectsGvk(fs, orgIds.get(r)!)) continue;
        if (!filters.has(r)) filters.set(r, []);
        filters.get(r)!.push({ fs, target: br.gvk });
      }
    }
  }
  for (const [referrer, list] of filters) {
    const candidates = couldBeReferenced(m, referrer);
    for (const { fs, target } of list) {
      const g = referrer.gvk();
      const spec: FieldSpec = { ...fs, group: g.group, version: g.version, kind: g.kind };
      visitFieldSpec(referrer.obj, spec, (slot) => {
        const v = slotGet(slot);
        if (v === null || v === undefined) return;
        const setScalar = (s: { parent: JsonMap | Json[]; key: string | number }) => {
          const cur = slotGet(s);
          if (typeof cur !== 'string') return;
          const ref = selectReferral(referrer, cur, candidates, target, fs, (rs) => rs.every((x) => x.name === rs[0].name));
          if (!ref) return;
          ref.refBy.push(idString(referrer.curId())); ref.buildAnnotated = true;
          if (ref.name !== cur) slotSet(s, ref.name);
        };
        const setMapping = (node: JsonMap) => {
          if (!('name' in node)) throw new KustomizeError('path config error; no \'name\' field in node');
          let cands = candidates;
          if (typeof node.namespace === 'string') {
            const ns = node.namespace;
            const byOrg = candidates.filter((c) => c.orgId().namespace === ns || (ns === '' && false));
            const orgGroups = groupBy(candidates, (c) => c.orgId().namespace);
            cands = orgGroups.has(ns) ? orgGroups.get(ns)! : (groupBy(candidates, (c) => c.namespace).get(ns) ?? []);
            void byOrg;
          }
          const oldName = typeof node.name === 'string' ? node.name : String(node.name);
          const ref = selectReferral(referrer, oldName, cands, target, fs, (rs) => rs.every((x) => x.name === rs[0].name && x.namespace === rs[0].namespace));
          if (!ref) return;
          ref.refBy.push(idString(referrer.curId())); ref.buildAnnotated = true;
          if (ref.name === oldName && ref.namespace === '') return;
          node.name = ref.name;
          if (ref.namespace === '') return;
          node.namespace = ref.namespace;
        };
        if (typeof v === 'string') setScalar(slot);
        else if (isMap(v)) setMapping(v);
        else if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            const e = v[i];
            if (typeof e === 'string') setScalar({ parent: v, key: i });
            else if (isMap(e)) setMapping(e);
          }
        }
      });
    }
  }
}

function groupBy<T>(xs: T[], f: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) { const k = f(x); if (!m.has(k)) m.set(k, []); m.get(k)!.push(x); }
  return m;
}

function couldBeReferenced(m: ResMap, referrer: Resource): Resource[] {
  const rid = referrer.curId();
  if (isClusterScoped(rid)) return m.list;
  const rbNamespaces = new Set<string>();
  if (referrer.kind === 'RoleBinding' || referrer.kind === 'ClusterRoleBinding') {
    for (const s of arr(referrer.obj.subjects)) if (isMap(s) && s.kind === 'ServiceAccount' && typeof s.namespace === 'string') rbNamespaces.add(s.namespace);
  }
  return m.list.filter((t) => {
    const id = t.curId();
    if (isClusterScoped(id)) return true;
    if (effectiveNamespace(id) === effectiveNamespace(rid)) return true;
    return rbNamespaces.has(t.namespace);
  });
}

function selectReferral(referrer: Resource, oldName: string, candidates: Resource[], target: Gvk, fs: FieldSpec, identical: (rs: Resource[]) => boolean): Resource | undefined {
  let c = candidates.filter((r) => r.prevIds().some((id) => id.name === oldName));
  c = c.filter((r) => r.prevIds().some((id) => gvkSelected(id, target)));
  if (fs.path.endsWith('roleRef/name')) {
    const rr = referrer.obj.roleRef;
    if (isMap(rr) && typeof rr.apiGroup === 'string' && typeof rr.kind === 'string') {
      const g = { group: rr.apiGroup, kind: rr.kind };
      c = c.filter((r) => r.prevIds().some((id) => gvkSelected(id, g)));
    }
  }
  const rid = referrer.curId();
  if (!isClusterScoped(rid)) {
    c = c.filter((r) => isClusterScoped(r.curId()) || r.kind === 'ServiceAccount' || effectiveNamespace(rid) === effectiveNamespace(r.curId()));
  }
  if (c.length === 1) return c[0];
  c = c.filter((r) => prefixesSuffixesEqual(r, referrer, true));
  if (c.length > 1) c = c.filter((r) => prefixesSuffixesEqual(r, referrer, false));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  if (identical(c)) return c[0];
  throw new KustomizeError(`found multiple possible referrals: ${c.map((r) => idString(r.curId())).join(', ')}`);
}

// ---- vars ----

function getFieldValue(obj: JsonMap, path: string): Json {
  const segs: string[] = [];
  let cur = '', depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) { segs.push(cur); cur = ''; continue; }
    cur += ch;
  }
  segs.push(cur);
  let v: Json = obj;
  for (const s0 of segs) {
    const parts = s0.match(/^([^[]*)((?:\[[^\]]*\])*)$/);
    const steps: string[] = [];
    if (parts) { if (parts[1]) steps.push(parts[1]); for (const b of parts[2].match(/\[[^\]]*\]/g) ?? []) steps.push(b); } else steps.push(s0);
    for (const st of steps) {
      if (st.startsWith('[')) {
        const inner = st.slice(1, -1);
        if (!Array.isArray(v)) throw new KustomizeError(`no field ${path}`);
        if (/^\d+$/.test(inner)) v = v[Number(inner)];
        else {
          const eq = inner.indexOf('=');
          const k = inner.slice(0, eq), val = inner.slice(eq + 1);
          v = v.find((e) => isMap(e) && String(e[k]) === val) as Json;
        }
      } else {
        if (!isMap(v)) throw new KustomizeError(`no field ${path}`);
        v = v[st];
      }
      if (v === undefined) throw new KustomizeError(`no field ${path}`);
    }
  }
  return v;
}

function doReplacements(input: string, mapping: (k: string) => Json | undefined): Json {
  let buf = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      buf += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      let read: string, isVar = false, advance: number;
      if (rest[0] === '$') { read = '$'; advance = 1; }
      else if (rest[0] === '(') {
        const close = rest.indexOf(')');
        if (close > 0) { read = rest.slice(1, close); isVar = true; advance = close + 1; }
        else { read = '$('; advance = 1; }
      } else { read = '$' + rest[0]; advance = 1; }
      if (isVar) {
        const mapped = mapping(read);
        const val = mapped === undefined ? `$(${read})` : mapped;
        if (input === `$(${read})`) return val;
        buf += typeof val === 'string' ? val : formatGo(val);
      } else buf += read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return buf + input.slice(checkpoint);
}

function formatGo(v: Json): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function resolveVars(ra: Accumulator) {
  if (ra.vars.size === 0) return;
  const values = new Map<string, Json>();
  for (const name of [...ra.vars.keys()].sort()) {
    const v = ra.vars.get(name)!;
    const holder = ra.resMap.list.find((r) => r.refVarNames.includes(v.name));
    if (!holder) throw new KustomizeError(`var '${v.name}' cannot be mapped to a field in the set of known resources`);
    let val: Json;
    try { val = getFieldValue(holder.obj, v.fieldpath); } catch { throw new KustomizeError(`field specified in var '${v.name}' not found in corresponding resource`); }
    values.set(v.name, val);
  }
  const mapping = (k: string) => {
    if (!values.has(k)) return undefined;
    const v = values.get(k)!;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
  };
  for (const r of ra.resMap.list) {
    for (const fs of ra.config.varReference) {
      visitFieldSpec(r.obj, fs, (slot) => {
        const v = slotGet(slot);
        if (typeof v === 'string') slotSet(slot, doReplacements(v, mapping));
        else if (isMap(v)) { for (const k of Object.keys(v)) if (typeof v[k] === 'string') v[k] = doReplacements(v[k] as string, mapping); }
        else if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            if (typeof v[i] !== 'string') throw new KustomizeError('invalid value type expect a string');
            v[i] = doReplacements(v[i] as string, mapping);
          }
        }
      });
    }
  }
}

// ---- sorting ----

const ORDER_FIRST = ['Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget'];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const legacyGvk = (g: Gvk) => [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
const legacyId = (id: ResId) => [`${id.kind || '[noKind]'}.${id.version || '[noVer]'}.${id.group || '[noGrp]'}`, id.namespace || '~X', id.name || '~N'].join('|');

function legacyLess(a: ResId, b: ResId, typeOrder: Map<string, number>): number {
  if (!gvkEquals(a, b)) {
    const ia = typeOrder.get(a.kind) ?? 0, ib = typeOrder.get(b.kind) ?? 0;
    if (ia !== ib) return ia - ib;
    const sa = legacyGvk(a), sb = legacyGvk(b);
    if (a.kind === 'Namespace' && b.kind === 'Namespace' && (a.group === '' || b.group === '')) return sa > sb ? -1 : sa < sb ? 1 : 0;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  const sa = legacyId(a), sb = legacyId(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------

class Builder {
  /** Every file read, with its text (positions of findings are computed on it). */
  files = new Map<string, string>();
  notAnalysed: BuildIssue[] = [];
  /** Origins are tracked when the top kustomization has any buildMetadata (as kustomize does). */
  trackOrigin = false;
  schemaSet = false;
  constructor(readonly host: KustomizeHost, readonly options: BuildOptions) {}

  /** kustomize's resource factory: documents to resources, Lists expanded, patches allowed to lack names. */
  resourcesFromText(text: string, file: string, isPatch = false): Resource[] {
    const docs = parseDocs(text, file);
    const out: Resource[] = [];
    for (const d of docs) {
      const v = d.value;
      if (!isMap(v)) throw new KustomizeError(`MalformedYAMLError: a resource in ${file} is not a mapping`);
      const prov: Provenance = { file, doc: d.index };
      const kind = typeof v.kind === 'string' ? v.kind : '';
      if (kind.endsWith('List') && Array.isArray(v.items) && !isPatch) {
        for (const it of v.items) {
          if (!isMap(it)) throw new KustomizeError(`MalformedYAMLError: an item of the List in ${file} is not a mapping`);
          out.push(new Resource(it, prov));
        }
        continue;
      }
      if (kind.endsWith('List') && v.items === null && !isPatch) continue;
      if (!isPatch) {
        if (!kind) throw new KustomizeError(`missing kind in object ${JSON.stringify(v).slice(0, 200)} in ${file}`);
        if (!isMap(v.metadata) || typeof v.metadata.name !== 'string' || !v.metadata.name) {
          if (!(isMap(v.metadata) && typeof v.metadata.generateName === 'string')) throw new KustomizeError(`missing metadata.name in object ${idString({ ...parseApiVersion(String(v.apiVersion ?? '')), kind, name: '', namespace: '' })} in ${file}`);
        }
      }
      stringifyMetaMaps(v);
      out.push(new Resource(v, prov));
    }
    return out;
  }

  /**
   * kyaml openapi.SetSchema for a kustomization's `openapi:` field (the built-in v1.21.2, or a custom schema file):
   * the top kustomization's is applied first; a base's or component's only when none was set before it.
   */
  applyOpenApi(t: Target, top: boolean): void {
    if (this.schemaSet && !top) return;
    const o = t.k.openapi;
    if (o === undefined || o === null) return;
    if (!isMap(o)) throw new KustomizeError('invalid Kustomization: openapi must be a map');
    const version = typeof o.version === 'string' ? o.version : undefined;
    const p = typeof o.path === 'string' ? o.path : undefined;
    if (p) {
      const text = t.ldr.load(p);
      if (version !== undefined) throw new KustomizeError('builtin version and custom schema provided, cannot use both');
      const docs = parseDocs(text, t.ldr.abs(p));
      setActiveSchema(compactSchema(docs[0]?.value ?? null));
      this.schemaSet = true;
      return;
    }
    if (!version) return;
    if (version !== 'v1.21.2') throw new KustomizeError('the specified OpenAPI version is not built in');
    setActiveSchema(undefined);
    this.schemaSet = true;
  }

  sortResources(list: Resource[], sortOptions: Json | undefined): Resource[] {
    let order = this.options.reorder === 'none' ? 'fifo' : 'legacy';
    let first = ORDER_FIRST, last = ORDER_LAST;
    if (isMap(sortOptions)) {
      order = String(sortOptions.order ?? 'fifo');
      if (order !== 'fifo' && order !== 'legacy') throw new KustomizeError("the field 'sortOptions.order' must be one of [fifo, legacy]");
      const lo = sortOptions.legacySortOptions;
      if (isMap(lo)) {
        if (order === 'fifo') throw new KustomizeError("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'");
        first = strList(lo.orderFirst); last = strList(lo.orderLast);
      }
    }
    if (order === 'fifo') return list;
    const typeOrder = new Map<string, number>([...first.map((k, i) => [k, -first.length + i] as [string, number]), ...last.map((k, i) => [k, 1 + i] as [string, number])]);
    // Go's sort.Sort is not stable, but resource ids are unique, so the order is fully determined.
    return list.map((r) => ({ r, id: r.curId() })).sort((a, b) => legacyLess(a.id, b.id, typeOrder)).map((x) => x.r);
  }

  build(dir: string): BuildResult {
    const root = P.normalize(dir);
    if (!this.host.isDirectory(root)) throw new KustomizeError(`must build at directory: not a valid directory: '${root}'`);
    const t = new Target(this, new Loader(this.host, root, this.files), [root]);
    t.load();
    this.applyOpenApi(t, true);
    const bm = strList(t.k.buildMetadata);
    this.trackOrigin = bm.length > 0;
    if (this.trackOrigin) t.origin = [];
    const ra = t.accumulateTarget(new Accumulator());
    // hashes, back references, vars
    for (const r of ra.resMap.list) {
      if (!r.needHash) continue;
      const h = kustomizeHash(r.obj);
      r.storePreviousId();
      r.name = `${r.name}-${h}`;
    }
    if (ra.config.nameReference.length) fixNameReferences(ra.resMap, ra.config.nameReference);
    resolveVars(ra);
    // local config objects are dropped
    ra.resMap.list = ra.resMap.list.filter((r) => r.annotations()['config.kubernetes.io/local-config'] !== 'true');
    const sorted = this.sortResources(ra.resMap.list, t.k.sortOptions);
    if (bm.includes('managedByLabel')) {
      for (const r of sorted) setMetaMap(r.obj, 'labels', 'app.kubernetes.io/managed-by', 'kustomize-v5.0.0');
    }
    // RemoveBuildAnnotations, RemoveOriginAnnotations and RemoveTransformerAnnotations rewrite the annotations (the
    // last two of every object, unless both kinds are kept): an annotations field left empty is removed
    const rewritesAll = !(bm.includes(BUILD_METADATA_ORIGIN) && bm.includes('transformerAnnotations'));
    for (const r of sorted) {
      const meta = r.obj.metadata;
      if (!(r.buildAnnotated || rewritesAll) || !isMap(meta) || !('annotations' in meta)) continue;
      const a = meta.annotations;
      if (a === null || (isMap(a) && Object.keys(a).length === 0)) delete meta.annotations;
    }
    if (bm.includes('transformerAnnotations')) {
      for (const r of sorted) if (r.transformations.length) setMetaMap(r.obj, 'annotations', 'alpha.config.kubernetes.io/transformations', r.transformations.map((o) => '- ' + o.replace(/\n(?=.)/g, '\n  ')).join(''));
    }
    if (bm.includes(BUILD_METADATA_ORIGIN)) {
      for (const r of sorted) if (r.origin) setMetaMap(r.obj, 'annotations', 'config.kubernetes.io/origin', r.origin);
    }
    const yaml = sorted.map((r) => toYamlV2(r.obj)).join('---\n');
    return { resources: sorted, yaml, notAnalysed: this.notAnalysed, files: this.files };
  }
}

/** Label and annotation values are strings to kustomize (kyaml reads them as such): `port: 8080` becomes "8080". */
function stringifyMetaMaps(v: JsonMap) {
  const meta = v.metadata;
  if (!isMap(meta)) return;
  for (const f of ['labels', 'annotations']) {
    const m = meta[f];
    if (!isMap(m)) continue;
    for (const [k, x] of Object.entries(m)) if (x !== null && typeof x !== 'string' && !isMap(x) && !Array.isArray(x)) m[k] = String(x);
  }
}

/** Builds the kustomization in `dir` (an absolute POSIX path) as `kustomize build dir` does. Throws KustomizeError. */
export function kustomizeBuild(host: KustomizeHost, dir: string, options: BuildOptions = {}): BuildResult {
  const prev = setActiveSchema(undefined);
  const b = new Builder(host, options);
  try {
    return b.build(dir);
  } catch (e) {
    // a failure after a remote base was skipped is most likely its consequence: say so
    if (e instanceof KustomizeError && b.notAnalysed.length) {
      throw new KustomizeError(`${e.message} (not analysed before this: ${b.notAnalysed.map((n) => n.message).join('; ')})`);
    }
    throw e;
  } finally {
    setActiveSchema(prev);
  }
}

/** True when `dir` holds a kustomization file. */
export function hasKustomization(host: KustomizeHost, dir: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.some((n) => host.readFile(P.join(dir, n)) !== undefined);
}

export { splitPath };
