/**
 * `palisade scan` over Helm charts: a folder holding Chart.yaml is rendered (as `helm template` does, with the
 * chart's default values) and what it renders is analysed; its own files are not also scanned as loose files
 * (except crds/, which is plain YAML Helm installs as is). Findings on a rendered object are moved back to the
 * template that produced it: to the exact line and column when the offending text is template text, to the
 * `{{ ... }}` action that printed it otherwise. A chart that cannot be rendered is a not-analysed error for its
 * Chart.yaml, which fails the scan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { helmTemplate, sourceOffset, chunkAt, RenderedTemplate, ChartFiles } from '../engine/helm/chart';
import { LineIndex } from '../engine/text';
import type { FileResult, Finding, Range } from '../engine/types';
import { readChartDir } from './render';

/** What the scan reads: a report name and a path (or text, or the reason it was not read). */
export interface ChartScanInput { file: string; path?: string; text?: string; error?: string; languageId?: string }

interface Mapped { template: RenderedTemplate; chart: string; rendered: LineIndex; source: LineIndex }

export interface ChartExpansion<T extends ChartScanInput> {
  /** the inputs to scan: loose files as given, chart files replaced by rendered templates (or the chart's error) */
  inputs: (T | ChartScanInput)[];
  /** moves a result's findings from rendered text to the template that produced it */
  remap(r: FileResult): FileResult;
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
export function expandCharts<T extends ChartScanInput>(inputs: T[], cwd: string, read: (dir: string) => ChartFiles = readChartDir, now = Date.now()): ChartExpansion<T> {
  const abs = (i: ChartScanInput) => (i.path !== undefined ? path.resolve(cwd, i.path) : undefined);
  const paths = inputs.map(abs).filter((p): p is string => p !== undefined);
  const roots = chartRoots(paths);
  // a template named on its own (palisade scan mychart/templates/deploy.yaml): its chart is rendered for it
  const only = new Map<string, Set<string>>();
  for (const p of paths) {
    if (roots.some((r) => inside(r, p))) continue;
    const root = enclosingChart(p);
    if (!root) continue;
    if (!only.has(root)) only.set(root, new Set());
    only.get(root)!.add(p);
  }
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
    const r = helmTemplate(files, { now });
    if (r.error !== undefined) {
      out.push({ file: chartYaml, error: `Helm chart not analysed: it cannot be rendered as helm template renders it, so none of its templates was checked. ${r.error.replace(/\n\nUse --debug flag to render out invalid YAML$/, '')}` });
      continue;
    }
    const name = r.templates?.[0]?.source.split('/')[0] ?? path.basename(root);
    for (const t of r.templates ?? []) {
      if (!t.text.trim()) continue;
      const full = path.join(root, ...t.file.split('/'));
      if (named && !named.has(full)) continue;
      const file = rel(full);
      mapped.set(file, { template: t, chart: name, rendered: new LineIndex(t.text), source: new LineIndex(files[t.file] ?? '') });
      out.push({ file, text: t.text, languageId: 'yaml' });
    }
  }
  out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { inputs: out, remap: (res) => remapResult(res, mapped.get(res.file)), charts: roots };
}

function remapResult(res: FileResult, m: Mapped | undefined): FileResult {
  if (!m) return res;
  const range = (r: Range): Range => mapRange(r, m);
  const note = ` [rendered by Helm from ${m.template.source}]`;
  const finding = (f: Finding): Finding => ({
    ...f,
    message: f.message + note,
    range: range(f.range),
    // the rendered text is not the file: edits to it cannot be applied to the template
    fixes: [],
    related: f.related?.map((x) => (x.file === res.file ? { ...x, range: range(x.range) } : x)),
    parts: f.parts?.map(finding),
  });
  return { ...res, findings: res.findings.map(finding), errors: res.errors.map((e) => ({ ...e, message: e.message + note, range: range(e.range) })) };
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
