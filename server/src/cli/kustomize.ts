/**
 * The CLI side of kustomizations: disk access for the engine's builder (server/src/engine/kustomize), `palisade
 * render DIR` for a folder holding a kustomization (prints what `kustomize build DIR` prints), and local `helmCharts`
 * rendered through the engine's chart renderer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { stringify } from 'yaml';
import { kustomizeBuild, KustomizeHost, KustomizeError, HelmChartRenderer, KUSTOMIZATION_FILE_NAMES, BuildResult } from '../engine/kustomize/build';
import { isMap, JsonMap } from '../engine/kustomize/resource';
import { helmTemplate } from '../engine/helm/chart';
import { readChartDir } from './render';
import { analyzeKustomization, KustomizationAnalysis } from '../engine/kustomize/analyze';
import type { Settings } from '../engine/settings';
import type { FileResult } from '../engine/types';

export const KUSTOMIZE_RENDER_USAGE = `Usage:
  palisade render DIR [options]         for a folder holding kustomization.yaml, kustomization.yml or Kustomization:
                                        print the manifests 'kustomize build DIR' prints

Kustomize render options:
  --reorder legacy|none                 final order: legacy (kustomize build's default: Namespaces first,
                                        webhooks last, then by kind and name) or none (as accumulated)
`;

const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Reads the disk for the engine's builder (POSIX paths; on Windows they are mapped by the caller's resolve). */
export function diskHost(overlay?: Map<string, string>): KustomizeHost {
  return {
    readFile(p: string) {
      const o = overlay?.get(p);
      if (o !== undefined) return o;
      try {
        const st = fs.statSync(p);
        if (!st.isFile()) return undefined;
        if (st.size > MAX_FILE_BYTES) throw new KustomizeError(`${p} is larger than ${MAX_FILE_BYTES / 1048576} MB`);
        const t = fs.readFileSync(p, 'utf8');
        return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
      } catch (e) {
        if (e instanceof KustomizeError) throw e;
        return undefined;
      }
    },
    isDirectory(p: string) {
      try { return fs.statSync(p).isDirectory(); } catch { return false; }
    },
    readBytes(p: string) {
      if (overlay?.has(p)) return new TextEncoder().encode(overlay.get(p));
      try {
        const st = fs.statSync(p);
        if (!st.isFile()) return undefined;
        if (st.size > MAX_FILE_BYTES) throw new KustomizeError(`${p} is larger than ${MAX_FILE_BYTES / 1048576} MB`);
        return new Uint8Array(fs.readFileSync(p));
      } catch (e) {
        if (e instanceof KustomizeError) throw e;
        return undefined;
      }
    },
  };
}

export function isKustomizationDir(dir: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.some((n) => { try { return fs.statSync(path.join(dir, n)).isFile(); } catch { return false; } });
}

/** `helmCharts` entries: a chart already present at <kustomization>/<chartHome or charts>/<name>, rendered in-process. */
export const localHelmCharts: HelmChartRenderer = (chart: JsonMap, kdir: string, host: KustomizeHost) => {
  const name = String(chart.name ?? '');
  const home = typeof chart.chartHome === 'string' && chart.chartHome ? chart.chartHome : 'charts';
  const version = typeof chart.version === 'string' && chart.version ? chart.version : '';
  const candidates = [path.resolve(kdir, home, name), ...(version ? [path.resolve(kdir, home, `${name}-${version}`, name)] : [])];
  const dir = candidates.find((d) => host.isDirectory(d) && host.readFile(path.join(d, 'Chart.yaml')) !== undefined);
  if (!dir) {
    throw new KustomizeError(`helmCharts: chart '${name}' is not present under ${path.join(kdir, home)}; remote charts cannot be fetched: not analysed`);
  }
  const valueFiles: { name: string; text: string }[] = [];
  // valuesMerge: override (default: valuesInline over valuesFile), replace (valuesInline only), merge (valuesFile over valuesInline)
  const merge = typeof chart.valuesMerge === 'string' ? chart.valuesMerge : 'override';
  if (merge !== 'override' && merge !== 'replace' && merge !== 'merge') throw new KustomizeError(`helmCharts: valuesMerge must be one of override, replace or merge, not '${merge}'`);
  const inline = isMap(chart.valuesInline) ? [{ name: 'valuesInline', text: stringify(chart.valuesInline) }] : [];
  if (merge === 'merge') valueFiles.push(...inline);
  if (typeof chart.valuesFile === 'string' && chart.valuesFile && !(merge === 'replace' && inline.length)) {
    const p = path.resolve(kdir, chart.valuesFile);
    const t = host.readFile(p);
    if (t === undefined) throw new KustomizeError(`helmCharts: values file ${chart.valuesFile} not found`);
    valueFiles.push({ name: chart.valuesFile, text: t });
  }
  if (merge !== 'merge') valueFiles.push(...inline);
  const chartFiles = readChartDir(dir);
  const r = helmTemplate(chartFiles, {
    releaseName: typeof chart.releaseName === 'string' && chart.releaseName ? chart.releaseName : 'release-name',
    namespace: typeof chart.namespace === 'string' && chart.namespace ? chart.namespace : undefined,
    includeCrds: chart.includeCRDs === true, skipTests: chart.skipTests === true,
    kubeVersion: typeof chart.kubeVersion === 'string' ? chart.kubeVersion : undefined,
    apiVersions: Array.isArray(chart.apiVersions) ? chart.apiVersions.map(String) : undefined,
    valueFiles, now: Date.now(),
  });
  if (r.error !== undefined) throw new KustomizeError(`helmCharts: chart '${name}': ${r.error}`);
  const files = new Map<string, string>();
  for (const [rel, text] of Object.entries(chartFiles)) if (!rel.includes('.tgz/')) files.set(toPosix(path.join(dir, rel)), text);
  for (const v of valueFiles) if (v.name !== 'valuesInline') files.set(toPosix(path.resolve(kdir, v.name)), v.text);
  return { output: r.output, files };
};

export function buildKustomization(dir: string, reorder: 'legacy' | 'none' = 'legacy', overlay?: Map<string, string>): BuildResult {
  return kustomizeBuild(diskHost(overlay), toPosix(path.resolve(dir)), { reorder, helm: localHelmCharts });
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

export interface KustomizeIo { out: (s: string) => void; err: (s: string) => void; cwd: string }

/**
 * `palisade render` for a kustomization folder. Returns undefined when the arguments do not name such a folder (the
 * caller goes on with the chart renderer), else the exit code.
 */
export function renderKustomizationArgs(args: string[], io: KustomizeIo): number | undefined {
  const loose = parseArgs({ args, allowPositionals: true, strict: false });
  const positionals = loose.positionals;
  if (positionals.length === 0) return undefined;
  const dir = path.resolve(io.cwd, positionals[positionals.length - 1]);
  if (fs.existsSync(path.join(dir, 'Chart.yaml')) || !isKustomizationDir(dir)) return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { reorder: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.err(`Error: ${(e as Error).message}\n\n${KUSTOMIZE_RENDER_USAGE}`);
    return 2;
  }
  if (parsed.values.help) { io.out(KUSTOMIZE_RENDER_USAGE); return 0; }
  if (parsed.positionals.length !== 1) { io.err(`Error: specify one path to a kustomization\n\n${KUSTOMIZE_RENDER_USAGE}`); return 2; }
  const reorder = (parsed.values.reorder as string | undefined) ?? 'legacy';
  if (reorder !== 'legacy' && reorder !== 'none') { io.err(`Error: illegal flag value --reorder ${reorder}; legal values: [legacy none]\n`); return 2; }
  let r: BuildResult;
  try {
    r = buildKustomization(dir, reorder);
  } catch (e) {
    if (e instanceof KustomizeError) { io.err(`Error: ${e.message}\n`); return 1; }
    throw e;
  }
  io.out(r.yaml);
  if (r.notAnalysed.length) {
    for (const n of r.notAnalysed) io.err(`Error: ${n.file}: ${n.message}\n`);
    return 1;
  }
  return 0;
}

/**
 * `palisade scan`: every folder among the scanned files that holds a kustomization is built and what it produces is
 * analysed (findings on the base, patch or kustomization line that caused them); the files a build reads are not also
 * scanned as loose files (a patch is never analysed as an object). A kustomization another one builds on (a base, a
 * component) is reported through the ones that use it. Removes the consumed files from `inputs`.
 */
export function scanKustomizations<T extends { path?: string }>(files: string[], settings: Settings, display: (abs: string) => string, inputs: T[]): { results: FileResult[] } {
  const dirs = new Set<string>();
  for (const f of files) {
    const d = path.dirname(f);
    if (KUSTOMIZATION_FILE_NAMES.includes(path.basename(f)) || isKustomizationDir(d)) dirs.add(d);
  }
  if (dirs.size === 0) return { results: [] };
  const host = diskHost();
  const analyses = [...dirs].sort().map((d) => analyzeKustomization(host, toPosix(d), settings, { helm: localHelmCharts, display: (p) => display(path.resolve(p)) }));
  const consumed = new Set<string>();
  for (const a of analyses) for (const f of a.files) consumed.add(path.resolve(f));
  const usedByOthers = (a: KustomizationAnalysis) => analyses.some((b) => b !== a && b.files.some((f) => path.resolve(f) === path.resolve(a.kustomization)));
  const results: FileResult[] = [];
  const byFile = new Map<string, FileResult>();
  for (const a of analyses) {
    if (usedByOthers(a)) continue;
    for (const r of a.results) {
      const prev = byFile.get(r.file);
      if (!prev) { const copy = { ...r, findings: [...r.findings], errors: [...r.errors] }; byFile.set(r.file, copy); results.push(copy); continue; }
      prev.findings.push(...r.findings);
      prev.errors.push(...r.errors);
    }
  }
  for (let i = inputs.length - 1; i >= 0; i--) {
    const p = inputs[i].path;
    if (p && consumed.has(path.resolve(p))) inputs.splice(i, 1);
  }
  for (const r of results) r.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { results: results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) };
}
