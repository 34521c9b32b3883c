/**
 * Helm charts in the editor (issue 21): a document inside a chart (a template, values.yaml,
 * Chart.yaml, a helper) renders the whole chart, as `helm template` does with its default values,
 * from the files on disk with every open document's unsaved text in their place; what it renders is
 * analysed, findings are moved back to the template lines that produced them, or to the values.yaml line that set
 * the offending value (cli/charts.ts), and
 * every template of the chart gets its diagnostics, re-rendered as the user types in any of its
 * files. A chart that cannot be rendered is an error on the document being edited: its templates
 * were not checked, and the editor says so rather than showing nothing. The chart is rendered with the extra values
 * files `.palisade.yaml` names for it (helm.valuesFiles); one that is missing or does not parse is such an error too.
 *
 * The engine renders (engine/helm, pure); this module reads the chart folder and publishes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { expandCharts, configValues, ChartOptions, ChartScanInput } from '../cli/charts';
import { readInside, innermostRoot } from '../workspace/read';
import { readChartDir } from '../cli/render';
import type { ChartFiles } from '../engine/helm/chart';
import { scanTexts, SourceFile } from '../engine/scan';
import type { Settings } from '../engine/settings';
import type { FileResult, Finding } from '../engine/types';
import { Analyzer } from '../engine/analyze';
import { toDiagnostics } from './convert';
import { BuildPublisher, openTexts } from './builtFiles';

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The outermost chart folder holding `file` (a subchart under charts/ belongs to its parent chart), if any. */
export function chartRootOf(file: string): string | undefined {
  let dir = path.dirname(file);
  while (!fs.existsSync(path.join(dir, 'Chart.yaml'))) {
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  let top = dir;
  while (path.basename(path.dirname(top)) === 'charts' && fs.existsSync(path.join(path.dirname(path.dirname(top)), 'Chart.yaml'))) top = path.dirname(path.dirname(top));
  return top;
}

export interface ChartRender {
  root: string;
  /** Diagnostics per file URI of the chart (templates; Chart.yaml for a chart that does not render). */
  byUri: Map<string, Diagnostic[]>;
}

/** The innermost workspace folder holding `p` (the one whose `.palisade.yaml` names the chart's values files), if any. */
function innermostFolder(workspaceRoots: readonly string[], p: string): string | undefined {
  return workspaceRoots[innermostRoot(workspaceRoots, p)];
}

/**
 * The chart's extra values files of `.palisade.yaml` (settings.helm.valuesFiles, keyed by chart folder relative to
 * the workspace folder holding the chart, whose .palisade.yaml it is): open documents' texts first, else the file,
 * read only inside that workspace folder. A missing or unreadable one makes the chart not analysed (an error on it).
 */
export function chartValuesOptions(root: string, settings: Settings, overlay: Map<string, string>, workspaceRoots: readonly string[]): ChartOptions {
  const valuesFiles = settings.helm?.valuesFiles;
  if (!valuesFiles || !Object.keys(valuesFiles).length) return {};
  const folder = innermostFolder(workspaceRoots, root);
  if (folder === undefined) return {};
  const cwd = path.parse(root).root;
  const read = (p: string) => (overlay.has(p) ? { text: overlay.get(p)! } : fs.existsSync(p) ? readInside([folder], p) : { error: 'no such file' });
  const own = configValues(root, folder, valuesFiles, cwd, read);
  return own ? { valuesFor: () => own } : {};
}

/**
 * Renders the chart at `root` with `overlay` (open documents' texts by absolute path) in place of
 * the files on disk, analyses what it renders, and returns the diagnostics per file. `workspaceRoots`: for the
 * extra values files `.palisade.yaml` names (chartValuesOptions).
 */
export function renderChartDiagnostics(root: string, settings: Settings, overlay: Map<string, string>, workspaceRoots: readonly string[] = [], analyzer: Analyzer = new Analyzer()): ChartRender {
  const read = (dir: string): ChartFiles => {
    const files = readChartDir(dir);
    for (const [p, text] of overlay) {
      const rel = path.relative(dir, p);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) files[rel.split(path.sep).join('/')] = text;
    }
    return files;
  };
  const chartYaml = path.join(root, 'Chart.yaml');
  const exp = expandCharts<ChartScanInput>([{ file: chartYaml, path: chartYaml }], path.parse(root).root, read, Date.now(), chartValuesOptions(root, settings, overlay, workspaceRoots));
  const abs = (file: string) => path.resolve(path.parse(root).root, file);
  const results: FileResult[] = [];
  const sources: SourceFile[] = [];
  for (const i of exp.inputs) {
    if (i.error !== undefined) results.push({ file: i.file, findings: [], errors: [{ message: i.error, range: zero }] });
    else if (i.text !== undefined) sources.push({ file: i.file, text: i.text, languageId: 'yaml' });
  }
  for (const r of scanTexts(sources, settings, analyzer)) results.push(exp.remap(r));
  // findings on values set in values.yaml (or a subchart's) are on that file, with their fixes editing it
  results.push(...exp.flush());
  const byUri = new Map<string, Diagnostic[]>();
  for (const r of results) {
    const uri = pathToFileURL(abs(r.file)).toString();
    // related places are files of the chart (the template of a finding moved to values.yaml, values of one that was not)
    const diags = toDiagnostics({ ...r, file: uri, findings: r.findings.map((f) => withUris(f, r.file, uri, abs)) }, settings.profile);
    byUri.set(uri, [...(byUri.get(uri) ?? []), ...diags]);
  }
  return { root, byUri };
}

/**
 * A finding with its related places named by URI. Kept per finding: an unchanged finding (the chart's
 * other templates, re-rendered to the same text on a keystroke) keeps its diagnostic object.
 */
const withUrisOf = new WeakMap<Finding, { uri: string; out: Finding }>();
function withUris(f: Finding, file: string, uri: string, abs: (file: string) => string): Finding {
  const hit = withUrisOf.get(f);
  if (hit && hit.uri === uri) return hit.out;
  const out = { ...f, related: f.related?.map((x) => ({ ...x, file: x.file === file ? uri : /^[a-z][a-z0-9+.-]+:/i.test(x.file) ? x.file : pathToFileURL(abs(x.file)).toString() })) };
  withUrisOf.set(f, { uri, out });
  return out;
}

/** The chart folder of an open document, when it is a file of a chart (not its crds/, which are plain YAML). */
export function chartOfDocument(doc: TextDocument): string | undefined {
  if (!doc.uri.startsWith('file:')) return undefined;
  let file: string;
  try { file = fileURLToPath(doc.uri); } catch { return undefined; }
  const root = chartRootOf(file);
  if (!root) return undefined;
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === 'crds') return undefined;
  return root;
}

/**
 * The chart a values file outside any chart folder is an extra values file of, by `.palisade.yaml`'s
 * helm.valuesFiles (chart folders relative to the innermost workspace folder holding the file, values
 * files relative to the chart folder): typing in it re-renders that chart. The first such chart.
 */
export function chartOfValuesFile(doc: TextDocument, settings: Settings, workspaceRoots: readonly string[]): string | undefined {
  const valuesFiles = settings.helm?.valuesFiles;
  if (!valuesFiles || !doc.uri.startsWith('file:')) return undefined;
  let file: string;
  try { file = fileURLToPath(doc.uri); } catch { return undefined; }
  const folder = innermostFolder(workspaceRoots, file);
  if (folder === undefined) return undefined;
  for (const [key, names] of Object.entries(valuesFiles)) {
    const root = path.resolve(folder, key);
    if (names.some((n) => path.resolve(root, n) === file) && fs.existsSync(path.join(root, 'Chart.yaml'))) return root;
  }
  return undefined;
}

/** Whether the normal analysis of this chart file says nothing useful (templates and helpers are not YAML until rendered). */
function isTemplateSource(root: string, file: string): boolean {
  const rel = path.relative(root, file).split(path.sep);
  return rel.includes('templates') || /\.tpl$/.test(file);
}

/** Renders the chart of a document being analysed and publishes its other files (./builtFiles.ts). */
export class ChartPublisher {
  private readonly publisher: BuildPublisher;
  /**
   * Per chart folder, the analyzer of its rendered templates: a keystroke re-renders the chart, and the
   * templates rendered to the same text as before keep their analysis (the most recent few charts).
   */
  private readonly analyzers = new Map<string, Analyzer>();
  constructor(conn: ConstructorParameters<typeof BuildPublisher>[0], private readonly openDocs: () => TextDocument[], private readonly workspaceRoots: () => readonly string[] = () => []) { this.publisher = new BuildPublisher(conn); }

  diagnosticsFor(doc: TextDocument, root: string, settings: Settings, normal: () => Diagnostic[]): Diagnostic[] {
    let render: ChartRender;
    try {
      render = renderChartDiagnostics(root, settings, openTexts(this.openDocs()), this.workspaceRoots(), this.analyzerOf(root));
    } catch (e) {
      return [...normal(), { range: zero, severity: 1, source: 'palisade', code: 'not-analysed', message: `Helm chart not analysed: ${(e as Error)?.message ?? e}; none of its templates was checked.` }];
    }
    const own = isTemplateSource(root, fileURLToPath(doc.uri)) ? [] : normal();
    const mine = render.byUri.get(doc.uri) ?? [];
    // a chart that does not render: say so on the file being edited too, not only on Chart.yaml
    const chartUri = pathToFileURL(path.join(root, 'Chart.yaml')).toString();
    const failed = doc.uri !== chartUri ? (render.byUri.get(chartUri) ?? []).filter((d) => d.code === 'syntax') : [];
    this.publisher.publishOthers(root, doc.uri, render.byUri);
    return [...own, ...mine, ...failed];
  }

  /** The document of `uri` closed and its diagnostics were cleared: the next build publishes them again. */
  forget(uri: string): void { this.publisher.forget(uri); }

  private analyzerOf(root: string): Analyzer {
    let a = this.analyzers.get(root);
    if (a) this.analyzers.delete(root);
    else a = new Analyzer({ compact: true });
    this.analyzers.set(root, a); // the most recently used last
    if (this.analyzers.size > 4) this.analyzers.delete(this.analyzers.keys().next().value!);
    return a;
  }
}
