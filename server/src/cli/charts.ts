/**
 * `palisade scan` over Helm charts: a folder holding Chart.yaml is rendered (as `helm template` does, with the
 * chart's default values) and what it renders is analysed; its own files are not also scanned as loose files
 * (except crds/, which is plain YAML Helm installs as is). Findings on a rendered object are moved back to the
 * template that produced it: to the exact line and column when the offending text is template text, to the
 * `{{ ... }}` action that printed it otherwise. A finding on a value that came from the values (printed by
 * `{{ .Values.x }}` or written by `toYaml .Values.x`) is moved to the values file line that set it (the chart's
 * values.yaml, a subchart's, or a -f file), and its fixes that set that scalar edit the values file; the other fixes
 * of rendered text are dropped, as that text is in no file. The JSON `resource.provenance` names the chart, the
 * template and the values place. A chart that cannot be rendered is a not-analysed error for its Chart.yaml, which
 * fails the scan. The render options (-f, --set, --release-name, --namespace...) are `palisade render`'s; without
 * -f, a chart is rendered with the values files `.palisade.yaml` names for it (helm.valuesFiles, configValues).
 * `--fix`/`--diff` fix a chart through its values files (fixCharts; ./fix.ts writes them); templates never.
 */
import * as fs from 'fs';
import * as path from 'path';
import { helmTemplate, sourceOffset, chunkAt, userValues, RenderedTemplate, ChartFiles, RenderOptions } from '../engine/helm/chart';
import { renderedValueAt, locateValue, ValuesSource, ValuesPlace } from '../engine/helm/provenance';
import { LineIndex } from '../engine/text';
import { TextCache } from '../engine/textCache';
import { applySuppressions } from '../engine/suppress';
import { defaultSettings, Settings } from '../engine/settings';
import type { Applicability, FileResult, Finding, Fix, Range, RelatedInfo, ResourceRef } from '../engine/types';
import { chooseFix, selectFixes, FixFilter, MAX_ROUNDS } from '../engine/fix/apply';
import { applyOffsetEdits } from '../engine/text';
import { scanTexts } from '../engine/scan';
import { readChartDir } from './render';

/** What the scan reads: a report name and a path (or text, or the reason it was not read). */
export interface ChartScanInput { file: string; path?: string; text?: string; error?: string; languageId?: string }

interface Mapped {
  template: RenderedTemplate; chart: string; rendered: LineIndex; source: LineIndex;
  /** report names of the chart folder and of the template file */
  chartDir: string; file: string;
  /** the values the chart was rendered with, for provenance */
  values: { set?: string[]; setString?: string[]; user: ValuesSource[]; chart: ValuesSource[] };
  /** everything a finding's remapping reads (see `remapped`) */
  context: string;
}

/**
 * A finding remapped in its context (the template's report name and chart, its source and rendered
 * text, the values), by finding: a chart re-rendered on a keystroke renders the other templates to the
 * same texts, the analyzer keeps their findings, and their remapped findings stay the same objects (so
 * the language server's diagnostics and their encoding are reused too).
 */
const remapped = new WeakMap<Finding, { context: string; moved: Moved | false; finding?: Finding }>();

/** A finding moved to the values file that set its value (`file`, whose text is `text`). */
interface Moved { file: string; text: string; finding: Finding }

/** Chart rendering options of `palisade scan`: `palisade render`'s, with -f files already read. */
export interface ChartOptions extends Omit<RenderOptions, 'valueFiles' | 'now' | 'showOnly' | 'debug'> {
  /** -f files in order: `name` as given (Helm's messages), `file` the report name, `text` */
  valueFiles?: { name: string; file: string; text: string }[];
  /** -f files that could not be read: the charts are not rendered without them. `via`: how the file was named
   *  (default: given with --values) */
  unreadValues?: { file: string; error: string; via?: string; /** the name messages use (default: file) */ name?: string }[];
  /** The values files of one chart (absolute folder) when no -f is given: .palisade.yaml's helm.valuesFiles
   *  (configValues). -f, an explicit choice, wins over them. */
  valuesFor?: (root: string) => Pick<ChartOptions, 'valueFiles' | 'unreadValues'> | undefined;
}

/**
 * The values files `.palisade.yaml` names for the chart at `root` (helm.valuesFiles, keys the chart folders relative
 * to the configuration's folder `configDir`, files relative to the chart folder), read with `read` (which refuses
 * what resolves outside the workspace). One that is outside `configDir` or cannot be read is an unread values file:
 * the chart is not rendered without it (a not-analysed error), never rendered silently with fewer values.
 */
export function configValues(root: string, configDir: string, valuesFiles: Record<string, string[]> | undefined, cwd: string,
  read: (p: string) => { text?: string; error?: string }): Pick<ChartOptions, 'valueFiles' | 'unreadValues'> | undefined {
  if (!valuesFiles) return undefined;
  const key = path.relative(configDir, root).split(path.sep).join('/') || '.';
  if (key.startsWith('..') || path.isAbsolute(key) || !Object.prototype.hasOwnProperty.call(valuesFiles, key)) return undefined;
  const out: Pick<ChartOptions, 'valueFiles' | 'unreadValues'> = { valueFiles: [], unreadValues: [] };
  const via = `named in .palisade.yaml (helm.valuesFiles of ${key})`;
  for (const name of valuesFiles[key]) {
    const p = path.resolve(root, name);
    const file = path.relative(cwd, p) || p;
    let r: { text?: string; error?: string };
    if (!inside(configDir, p)) r = { error: `it is outside ${configDir}, the folder of .palisade.yaml` };
    else { try { r = read(p); } catch (e) { r = { error: (e as Error).message }; } }
    const label = path.relative(configDir, p).split(path.sep).join('/');
    if (r.text !== undefined) out.valueFiles!.push({ name: label, file, text: r.text });
    else out.unreadValues!.push({ file, error: r.error ?? 'cannot read', via, name: label });
  }
  return out;
}

/**
 * Reads the -f files of a scan (as inputs: each read with the scan's size limit). A file that cannot be read is a
 * not-analysed error of its own; the charts then are not rendered (ChartOptions.unreadValues). --set and
 * --set-string are checked with the renderer's own parser: a syntax error throws (a usage error).
 */
export function chartOptions(o: { values?: string[]; set?: string[]; setString?: string[]; releaseName?: string; namespace?: string; kubeVersion?: string; apiVersions?: string[] },
  cwd: string, read: (p: string) => { text?: string; error?: string },
  config?: { dir: string; valuesFiles?: Record<string, string[]>; read: (p: string) => { text?: string; error?: string } }): { options: ChartOptions; errors: ChartScanInput[] } {
  userValues({ set: o.set, setString: o.setString });
  const options: ChartOptions = { set: o.set, setString: o.setString, releaseName: o.releaseName, namespace: o.namespace, kubeVersion: o.kubeVersion, apiVersions: o.apiVersions, valueFiles: [], unreadValues: [] };
  // .palisade.yaml's values files of a chart, when no -f is given (read once per chart)
  if (config?.valuesFiles && !o.values?.length) {
    const memo = new Map<string, ReturnType<typeof configValues>>();
    options.valuesFor = (root) => {
      if (!memo.has(root)) memo.set(root, configValues(root, config.dir, config.valuesFiles, cwd, config.read));
      return memo.get(root);
    };
  }
  const errors: ChartScanInput[] = [];
  for (const name of o.values ?? []) {
    const p = path.resolve(cwd, name);
    const file = path.relative(cwd, p) || p;
    let r: { text?: string; error?: string };
    try { r = read(p); } catch (e) { r = { error: (e as Error).message }; }
    if (r.text !== undefined) options.valueFiles!.push({ name, file, text: r.text });
    else {
      const error = `values file given with --values not read (${r.error ?? 'cannot read'}), so no chart was rendered with it`;
      options.unreadValues!.push({ file, error });
      errors.push({ file, error });
    }
  }
  return { options, errors };
}

export interface ChartExpansion<T extends ChartScanInput> {
  /** the inputs to scan: loose files as given, chart files replaced by rendered templates (or the chart's error) */
  inputs: (T | ChartScanInput)[];
  /** moves a result's findings from rendered text to the template that produced it; those on a value set in a
   *  values file are kept for `flush` */
  remap(r: FileResult): FileResult;
  /** the values files' results: the findings `remap` moved there, once every rendered template was remapped */
  flush(): FileResult[];
  /** the results of the charts' own values files that sort before `file`, once `file` is not of their chart (the
   *  inputs are remapped in order: the charts' results stay in order); -f files wait for `flush` */
  flushBefore(file: string): FileResult[];
  /** the chart folders found (absolute) */
  charts: string[];
}

/** The outermost folders holding a Chart.yaml among `paths` (subcharts under a chart's charts/ belong to it). */
export function chartRoots(paths: string[]): string[] {
  const roots = [...new Set(paths.filter((p) => path.basename(p) === 'Chart.yaml').map((p) => path.dirname(p)))].sort();
  return roots.filter((r) => !roots.some((o) => o !== r && r.startsWith(o + path.sep)));
}

const inside = (root: string, p: string) => p === root || p.startsWith(root + path.sep);

/** The chart a template file belongs to: the nearest folder above its templates/ folder holding Chart.yaml. */
function enclosingChart(file: string): string | undefined {
  const parts = file.split(path.sep);
  for (let i = parts.length - 2; i > 0; i--) {
    if (parts[i] !== 'templates') continue;
    const root = parts.slice(0, i).join(path.sep) || path.sep;
    if (fs.existsSync(path.join(root, 'Chart.yaml'))) {
      // a subchart's template belongs to the outermost chart that holds it under charts/
      let top = root;
      for (let up = path.dirname(path.dirname(top)); path.basename(path.dirname(top)) === 'charts' && fs.existsSync(path.join(up, 'Chart.yaml')); up = path.dirname(path.dirname(top))) top = up;
      return top;
    }
  }
  return undefined;
}

/**
 * Replaces the inputs that belong to a chart by what the chart renders. `cwd` makes report names relative.
 * `read` gives a chart folder's files (default: from disk).
 */
/** The charts among absolute `paths`: the chart folders, and the charts of templates named on their own (with those
 *  templates: palisade scan mychart/templates/deploy.yaml renders its chart for it). */
export function chartGroups(paths: string[]): { roots: string[]; only: Map<string, Set<string>> } {
  const roots = chartRoots(paths);
  const only = new Map<string, Set<string>>();
  for (const p of paths) {
    if (roots.some((r) => inside(r, p))) continue;
    const root = enclosingChart(p);
    if (!root) continue;
    if (!only.has(root)) only.set(root, new Set());
    only.get(root)!.add(p);
  }
  return { roots, only };
}

/** Whether the absolute path is a file of one of the charts (rendered, not read loose): not the chart's crds/. */
export function ownedByChart(groups: ReturnType<typeof chartGroups>, p: string): boolean {
  const root = [...groups.roots, ...groups.only.keys()].find((r) => inside(r, p));
  return root !== undefined && !inside(path.join(root, 'crds'), p);
}

export function expandCharts<T extends ChartScanInput>(inputs: T[], cwd: string, read: (dir: string) => ChartFiles = readChartDir, now = Date.now(), options: ChartOptions = {}): ChartExpansion<T> {
  const abs = (i: ChartScanInput) => (i.path !== undefined ? path.resolve(cwd, i.path) : undefined);
  const paths = inputs.map(abs).filter((p): p is string => p !== undefined);
  const { roots, only } = chartGroups(paths);
  const rel = (p: string) => path.relative(cwd, p) || p;
  const mapped = new Map<string, Mapped>();
  const out: (T | ChartScanInput)[] = [];
  for (const i of inputs) {
    const p = abs(i);
    const root = p !== undefined ? [...roots, ...only.keys()].find((r) => inside(r, p)) : undefined;
    // crds/ of the chart itself is installed as is: scanned as plain YAML
    if (!root || (p !== undefined && inside(path.join(root, 'crds'), p))) out.push(i);
  }
  for (const root of [...roots, ...only.keys()]) {
    const named = only.get(root);
    const chartYaml = rel(path.join(root, 'Chart.yaml'));
    let files: ChartFiles;
    try { files = read(root); } catch (e) {
      out.push({ file: chartYaml, error: `Helm chart not analysed: its files could not be read (${(e as Error).message}), so none of its templates was checked` });
      continue;
    }
    // -f files, else the chart's values files of .palisade.yaml
    const own = options.valueFiles?.length || options.unreadValues?.length ? undefined : options.valuesFor?.(root);
    const valueFiles = own ? own.valueFiles : options.valueFiles;
    const unread = own ? own.unreadValues : options.unreadValues;
    if (unread?.length) {
      const given = unread.filter((u) => !u.via);
      const named = unread.filter((u) => u.via);
      const why = [...(given.length ? [`${given.map((u) => u.file).join(', ')} given with --values could not be read`] : []), ...named.map((u) => `${u.name ?? u.file} ${u.via} could not be read (${u.error})`)].join('; ');
      out.push({ file: chartYaml, error: `Helm chart not analysed: the values file ${why}, so none of its templates was checked` });
      continue;
    }
    const { valueFiles: _v, unreadValues: _u, valuesFor: _f, ...rest } = options;
    const r = helmTemplate(files, { ...rest, valueFiles: valueFiles?.map((v) => ({ name: v.name, text: v.text })), now });
    if (r.error !== undefined) {
      out.push({ file: chartYaml, error: `Helm chart not analysed: it cannot be rendered as helm template renders it, so none of its templates was checked. ${r.error.replace(/\n\nUse --debug flag to render out invalid YAML$/, '')}` });
      continue;
    }
    const name = r.templates?.[0]?.source.split('/')[0] ?? path.basename(root);
    // values files of the chart and of its subchart folders (not those inside .tgz archives: no file to point at)
    const chartValues: ValuesSource[] = Object.keys(files).filter((k) => /^(charts\/[^/]+\/)*values\.yaml$/.test(k) && !k.includes('.tgz/'))
      .map((k) => ({ file: rel(path.join(root, ...k.split('/'))), label: `${name}/${k}`, text: files[k], prefix: k.split('/').filter((_, i, a) => i % 2 === 1 && i < a.length - 1) }));
    const values = { set: options.set, setString: options.setString, user: (valueFiles ?? []).map((v) => ({ file: v.file, label: v.name, text: v.text, prefix: [] })), chart: chartValues };
    const valuesContext = JSON.stringify([values.set, values.setString, ...[...values.user, ...values.chart].map((v) => [v.file, v.label, v.prefix, v.text])]);
    for (const t of r.templates ?? []) {
      if (!t.text.trim()) continue;
      const full = path.join(root, ...t.file.split('/'));
      if (named && !named.has(full)) continue;
      const file = rel(full);
      const context = [file, name, rel(root), t.source, t.file, valuesContext, files[t.file] ?? '', t.text].join('\u0000');
      mapped.set(file, { template: t, chart: name, rendered: new LineIndex(t.text), source: new LineIndex(files[t.file] ?? ''), chartDir: rel(root), file, values, context });
      out.push({ file, text: t.text, languageId: 'yaml' });
    }
  }
  out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const pending = new Map<string, Pending>();
  const take = (keep: (file: string, p: Pending) => boolean): FileResult[] => {
    // a `# palisade-ignore` comment in the values file suppresses what it covers there, as in any YAML file
    const res = [...pending.entries()].filter(([f, p]) => !keep(f, p)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([file, p]) => ({ file, findings: applySuppressions(p.findings, p.text, () => indexOf(p.text), [], SUPPRESS, { meta: false }), errors: [] }));
    for (const r of res) pending.delete(r.file);
    return res;
  };
  return {
    inputs: out, remap: (res) => remapResult(res, mapped.get(res.file), pending), charts: roots,
    flush: () => take(() => false),
    flushBefore: (file) => take((f, p) => p.chartDir === undefined || f >= file || file === p.chartDir || file.startsWith(p.chartDir + path.sep)),
  };
}

/** Suppressions in values files: the comments only (severities and namespace rules were applied by the scan). */
const SUPPRESS: Settings = { ...defaultSettings(), namespaceRules: undefined };

const lineIndexes = new TextCache<LineIndex>(65, Number.MAX_SAFE_INTEGER);
function indexOf(text: string): LineIndex {
  let l = lineIndexes.get(text);
  if (!l) { l = new LineIndex(text); lineIndexes.set(text, l); }
  return l;
}

/** The range of a values place to report: the key and a scalar value on its line, or the key of a map or list. */
function placeRange(p: Extract<ValuesPlace, { file: string }>, onKey: boolean): Range {
  const li = indexOf(p.text);
  const start = onKey && p.keyStart !== undefined ? p.keyStart : p.start;
  let end = p.scalar ? p.end : (p.keyEnd ?? p.start);
  if (!p.scalar && p.keyEnd === undefined) end = li.offset({ line: li.position(start).line, character: Number.MAX_SAFE_INTEGER });
  return { start: li.position(start), end: li.position(Math.max(start, end)) };
}

/** The findings moved to a values file; `chartDir` when it is a values file of the chart (not a -f file). */
interface Pending { text: string; findings: Finding[]; chartDir?: string }

function remapResult(res: FileResult, m: Mapped | undefined, pending: Map<string, Pending>): FileResult {
  if (!m) return res;
  const range = (r: Range): Range => mapRange(r, m);
  const note = ` [rendered by Helm from ${m.template.source}]`;
  const provenance = (f: Finding, values?: NonNullable<ResourceRef['provenance']>['values']): ResourceRef | null => (f.resource
    ? { ...f.resource, provenance: { renderer: 'helm', chart: m.chart, chartDir: m.chartDir, template: { file: m.file, range: range(f.range) }, ...(values ? { values } : {}) } }
    : null);
  const relatedOf = (f: Finding): RelatedInfo[] | undefined => f.related?.map((x) => (x.file === res.file ? { ...x, range: range(x.range) } : x));
  /** a finding on a value set in a values file, moved there (kept for flush); false when it stays */
  const move = (f: Finding): boolean => {
    const known = remapped.get(f);
    const moved = known && known.context === m.context ? known.moved : moveOf(f);
    if (!known || known.context !== m.context) remapped.set(f, { context: m.context, moved });
    if (!moved) return false;
    const place = moved.file;
    if (!pending.has(place)) pending.set(place, { text: moved.text, findings: [], chartDir: m.values.chart.some((c) => c.file === place) ? m.chartDir : undefined });
    pending.get(place)!.findings.push(moved.finding);
    return true;
  };
  const moveOf = (f: Finding): Moved | false => {
    if (f.parts?.length) return false;
    const at = renderedValueAt(m.template, m.rendered.offset(f.range.start));
    const place = at && locateValue(at.path, m.values);
    if (at && place && 'file' in place) {
      // the offending value is set in a values file: the finding is there, with the template line as related
      const vr = placeRange(place, at.onKey);
      const moved: Finding = {
        ...f,
        message: `${f.message} [rendered by Helm from ${m.template.source}; the value is set in ${place.label}]`,
        range: vr,
        resource: provenance(f, { file: place.file, range: vr, path: at.path.join('.') }),
        fixes: valuesFixes(f.fixes, m, at, place),
        related: [{ file: m.file, range: range(f.range), message: `rendered by Helm from ${m.template.source}, with ${at.path.join('.')} of the values` }, ...(relatedOf(f) ?? [])],
      };
      return { file: place.file, text: place.text, finding: moved };
    }
    return false;
  };
  const finding = (f: Finding): Finding => {
    const known = remapped.get(f);
    if (known?.finding && known.context === m.context) return known.finding;
    const out = findingOf(f);
    if (known && known.context === m.context) known.finding = out;
    else remapped.set(f, { context: m.context, moved: false, finding: out });
    return out;
  };
  const findingOf = (f: Finding): Finding => {
    const rs = m.rendered.offset(f.range.start), re = m.rendered.offset(f.range.end);
    const at = renderedValueAt(m.template, rs);
    const place = at && locateValue(at.path, m.values);
    // text of the template, or a value the place of which is not known exactly: the template line; the values
    // the finding's text holds are related information
    const related = relatedOf(f) ?? [];
    for (const c of m.template.chunks) {
      if (c.end <= rs || c.start >= Math.max(re, rs + 1) || !c.values || related.length > 8) continue;
      const p = locateValue(c.values.path, m.values);
      if (p && 'file' in p) related.push({ file: p.file, range: placeRange(p, false), message: `${c.values.path.join('.')} of the values, rendered here` });
    }
    return {
      ...f,
      message: f.message + note + (place && 'set' in place ? ` (the value is set by ${place.set})` : ''),
      range: range(f.range),
      resource: provenance(f, place && 'set' in place ? { set: place.set, path: at!.path.join('.') } : undefined),
      // the rendered text is not the file: edits to it cannot be applied to the template
      fixes: [],
      ...(related.length ? { related } : {}),
      parts: f.parts?.map(finding),
    };
  };
  return { ...res, findings: res.findings.filter((f) => !move(f)).map(finding), errors: res.errors.map((e) => ({ ...e, message: e.message + note, range: range(e.range) })) };
}

/** The fixes of a finding moved to a values file that only replace the offending scalar: the same replacement of
 *  the scalar in the values file; or that only add entries to a map toYaml wrote from the values (runAsNonRoot:
 *  true under securityContext): the same entries at the end of that map in the values file, at its indentation.
 *  Any other fix edits rendered text that is in no file, and is dropped. */
function valuesFixes(fixes: Fix[], m: Mapped, at: NonNullable<ReturnType<typeof renderedValueAt>>, place: Extract<ValuesPlace, { file: string }>): Fix[] {
  if (!at.scalar && !place.scalar) return mapInsertFixes(fixes, m, at, place);
  if (!at.scalar || !place.scalar || place.end <= place.start) return [];
  const li = indexOf(place.text);
  const out: Fix[] = [];
  for (const fx of fixes) {
    if (fx.snippet || !fx.edits.length) continue;
    const ok = fx.edits.every((e) => m.rendered.offset(e.range.start) === at.start && m.rendered.offset(e.range.end) === at.end && !/[\r\n]/.test(e.newText) && e.newText.trim() !== '');
    if (ok) out.push({ ...fx, edits: fx.edits.slice(0, 1).map((e) => ({ range: { start: li.position(place.start), end: li.position(place.end) }, newText: e.newText })) });
  }
  return out;
}

function mapInsertFixes(fixes: Fix[], m: Mapped, at: NonNullable<ReturnType<typeof renderedValueAt>>, place: Extract<ValuesPlace, { file: string }>): Fix[] {
  const t = m.template.text;
  const c = chunkAt(m.template, at.start);
  // the rendered map is toYaml's block output of the values map, which is a block map in the values file too
  if (!c?.values?.tree || t.slice(c.end, Math.max(c.end, at.end)).trim() !== '' || t[at.start] === '{' || place.text[place.start] === '{' || place.text[place.start] === '[') return [];
  const from = m.rendered.position(at.start), to = m.rendered.position(Math.max(at.start, at.end - 1));
  const indent = from.character;
  const li = indexOf(place.text);
  const vIndent = li.position(place.start).character;
  let last = place.end;
  while (last > place.start && /\s/.test(place.text[last - 1])) last--;
  const nl = place.text.indexOf('\n', last);
  const insertAt = nl < 0 ? place.text.length : nl + 1;
  // the values file's line ends (the rendered text's are \n)
  const crlf = (place.text.match(/\r\n/g) ?? []).length;
  const eol = crlf && crlf >= (place.text.match(/\n/g) ?? []).length - crlf ? '\r\n' : '\n';
  const out: Fix[] = [];
  for (const fx of fixes) {
    if (fx.snippet || fx.edits.length !== 1) continue;
    const e = fx.edits[0];
    const p = e.range.start;
    if (p.line !== e.range.end.line || p.character !== e.range.end.character || p.character !== 0 || p.line <= from.line || p.line > to.line + 1) continue;
    const lines = e.newText.replace(/\n$/, '').split('\n');
    if (!e.newText.endsWith('\n') || lines.some((l) => l.trim() !== '' && (l.length - l.trimStart().length < indent || /^\s*-/.test(l.slice(0, indent + 1))))) continue;
    const text = lines.map((l) => (l.trim() ? ' '.repeat(vIndent) + l.slice(indent) : '')).join(eol) + eol;
    out.push({ ...fx, edits: [{ range: { start: li.position(insertAt), end: li.position(insertAt) }, newText: nl < 0 ? eol + text : text }] });
  }
  return out;
}

function mapRange(r: Range, m: Mapped): Range {
  const rs = m.rendered.offset(r.start), re = m.rendered.offset(r.end);
  const s = sourceOffset(m.template, rs);
  const lineEnd = (o: number) => {
    const line = m.source.position(o).line;
    return m.source.text.slice(0, m.source.offset({ line: line + 1, character: 0 })).replace(/(\r?\n|\r)$/, '').length;
  };
  let e: number;
  if (re <= rs) e = s;
  else {
    const last = chunkAt(m.template, re - 1);
    // text the template wrote as is ends where it ends; what an action printed ends the action's line
    e = last && last.exact ? sourceOffset(m.template, re - 1) + 1 : lineEnd(last ? last.pos : s);
  }
  if (e < s) e = lineEnd(s);
  return { start: m.source.position(s), end: m.source.position(e) };
}

/** A values file `fixCharts` changed: its report name, absolute path, and its text before and after. */
export interface ChartFixedFile { file: string; path: string; before: string; after: string; /** fixes applied to it */ applied: number }

export interface ChartFixRun {
  changed: ChartFixedFile[];
  /** fixes applied over all rounds */
  applied: number;
  /** what was not fixed, per file (templates, values files, a chart that does not render) */
  notApplied: { file: string; reason: string }[];
}

/**
 * `palisade scan --fix/--diff` on charts: each chart among `inputs` (as the scan renders it: the same inputs and
 * options) is rendered and analysed; the fixes of the findings moved to a values file (its chart's values.yaml, a
 * subchart's, a -f file or one of .palisade.yaml) that `applicability` allows are applied to that values file's
 * text; the chart is rendered again and the round repeats until nothing more applies (at most MAX_ROUNDS, as
 * fix/apply.ts fixText does for a file). A round after which the chart no longer renders, or what it renders has
 * more errors, is not kept. Templates are never edited: the fixes of findings on template text are counted as
 * not applied. Nothing is written here: the caller writes `changed`. `texts` carries values files' texts changed
 * by an earlier chart (a -f file shared by two charts), by absolute path.
 */
export function fixCharts(inputs: ChartScanInput[], cwd: string, settings: Settings, applicability: Applicability[], options: ChartOptions = {},
  readDir: (dir: string) => ChartFiles = readChartDir, now = Date.now()): ChartFixRun {
  const run: ChartFixRun = { changed: [], applied: 0, notApplied: [] };
  const filter: FixFilter = { applicability };
  const paths = inputs.filter((i) => i.path !== undefined).map((i) => path.resolve(cwd, i.path!));
  const groups = chartGroups(paths);
  const rel = (p: string) => path.relative(cwd, p) || p;
  /** current texts of the values files, by absolute path; `first` their texts as read */
  const texts = new Map<string, string>();
  const first = new Map<string, string>();
  const appliedTo = new Map<string, number>();
  const notes = new Map<string, number>();
  const note = (file: string, reason: string, n = 1) => { const k = `${file}\u0000${reason}`; notes.set(k, (notes.get(k) ?? 0) + n); };
  for (const root of [...groups.roots, ...groups.only.keys()]) {
    const chartYaml = path.join(root, 'Chart.yaml');
    let files: ChartFiles;
    try { files = readDir(root); } catch (e) { run.notApplied.push({ file: rel(chartYaml), reason: `not fixed: the chart's files could not be read (${(e as Error).message})` }); continue; }
    const mine = groups.only.get(root);
    const chartInputs: ChartScanInput[] = mine ? [...mine].map((p) => ({ file: rel(p), path: p })) : [{ file: rel(chartYaml), path: chartYaml }];
    const valuesKeys = Object.keys(files).filter((k) => /^(charts\/[^/]+\/)*values\.yaml$/.test(k) && !k.includes('.tgz/'));
    for (const k of valuesKeys) { const p = path.join(root, ...k.split('/')); if (!first.has(p)) first.set(p, files[k]); }
    const ownValues = options.valueFiles?.length || options.unreadValues?.length ? undefined : options.valuesFor?.(root);
    for (const v of (ownValues ?? options).valueFiles ?? []) { const p = path.resolve(cwd, v.file); if (!first.has(p)) first.set(p, v.text); }
    /** renders and analyses the chart with the values files' texts `cur` */
    const state = (cur: Map<string, string>) => {
      const read = () => { const f = { ...files }; for (const k of valuesKeys) { const t = cur.get(path.join(root, ...k.split('/'))); if (t !== undefined) f[k] = t; } return f; };
      const o: ChartOptions = ownValues ? { ...options, valuesFor: () => ({ ...ownValues, valueFiles: withTextsIn(ownValues.valueFiles, cur) }) } : { ...options, valueFiles: withTextsIn(options.valueFiles, cur) };
      const exp = expandCharts(chartInputs, cwd, read, now, o);
      const failed = exp.inputs.find((i) => i.error !== undefined);
      const raw = failed ? [] : scanTexts(exp.inputs.map((i) => ({ file: i.file, text: i.text ?? '', languageId: 'yaml' })), settings);
      const errors = raw.reduce((n, r) => n + r.errors.length, 0);
      const remapped = raw.map(exp.remap);
      return { exp, failed, raw, remapped, values: exp.flush(), errors };
    };
    const withTextsIn = (list: ChartOptions['valueFiles'], cur: Map<string, string>) => list?.map((v) => ({ ...v, text: cur.get(path.resolve(cwd, v.file)) ?? v.text }));
    let cur = new Map(texts);
    let s = state(cur);
    if (s.failed) { run.notApplied.push({ file: rel(chartYaml), reason: `not fixed: ${s.failed.error}` }); continue; }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const next = new Map(cur);
      const counts = new Map<string, number>();
      let count = 0;
      for (const vr of s.values) {
        const p = path.resolve(cwd, vr.file);
        if (!first.has(p)) continue;
        const text = next.get(p) ?? first.get(p)!;
        const { fixes, edits } = selectFixes(text, vr.findings, filter);
        if (!edits.length) continue;
        let after: string;
        try { after = applyOffsetEdits(text, edits); } catch { continue; }
        if (after === text) continue;
        next.set(p, after);
        count += fixes.length;
        counts.set(p, (counts.get(p) ?? 0) + fixes.length);
      }
      if (!count) break;
      const ns = state(next);
      if (ns.failed || ns.errors > s.errors) {
        // never leave the chart less renderable than it was
        for (const p of next.keys()) if (next.get(p) !== cur.get(p)) note(rel(p), `not fixed: applying its fixes would make the chart ${ns.failed ? 'fail to render' : 'render text that does not parse'}; left as it is`);
        break;
      }
      run.applied += count;
      for (const [p, n] of counts) appliedTo.set(p, (appliedTo.get(p) ?? 0) + n);
      cur = next;
      s = ns;
    }
    for (const [p, t] of cur) texts.set(p, t);
    // what is left: fixes of findings on template text (templates are never edited), fixes that could not be
    // carried to the values file, and fixes left after the last round
    for (const r of s.raw) {
      for (const f of r.findings) {
        if (!chooseFix(f, filter)) continue;
        const stays = s.exp.remap({ ...r, findings: [f], errors: [] });
        const moved = s.exp.flush();
        if (stays.findings.length) note(stays.file, 'not fixed: {n} fix(es) of findings on text the template writes itself; templates are never edited (change the template by hand)');
        else for (const m of moved) {
          for (const g of m.findings) note(m.file, chooseFix(g, filter)
            ? 'not fixed: {n} fix(es) left after the last round or in conflict with another fix; run --fix again'
            : 'not fixed: {n} fix(es) of values a template renders in a form the fix cannot be carried to this values file (fix it by hand)');
        }
      }
    }
  }
  for (const [p, after] of texts) {
    const before = first.get(p)!;
    if (after !== before) run.changed.push({ file: rel(p), path: p, before, after, applied: appliedTo.get(p) ?? 0 });
  }
  run.changed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const [k, n] of notes) {
    const [file, reason] = k.split('\u0000');
    run.notApplied.push({ file, reason: reason.replace('{n}', String(n)) });
  }
  run.notApplied.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return run;
}
