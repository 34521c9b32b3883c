/**
 * `palisade render DIR [options]`: prints the manifests a chart (folder with Chart.yaml) renders to, exactly as
 * `helm template` prints them. The CLI reads the files (and unpacks charts/*.tgz with Node's zlib); the engine
 * (server/src/engine/helm) renders them without touching the disk.
 * `renderDir` is the dispatch point for other renderers (a folder with a kustomization comes next).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseArgs } from 'util';
import { helmTemplate, ChartFiles, RenderOptions, RenderResult } from '../engine/helm/chart';
import { renderKustomizationArgs, isKustomizationDir, buildKustomization } from './kustomize';

export interface RenderIo { out: (s: string) => void; err: (s: string) => void; cwd: string }

export const RENDER_USAGE = `Usage:
  palisade render DIR [options]         print the manifests a Helm chart renders to, as 'helm template' does
  palisade render NAME DIR [options]    the same, with release name NAME

Render options (helm template's):
  -f, --values FILE                     values file (repeatable)
  --set key=value                       set values (repeatable; Helm's syntax: a.b=c,list[0]=x,d={1,2})
  --set-string key=value                set string values (repeatable)
  --release-name NAME                   release name (default: release-name)
  --name-template TEMPLATE              release name from a template
  -n, --namespace NS                    release namespace (default: default)
  --kube-version V                      Kubernetes version for .Capabilities (default: v1.36.0)
  -a, --api-versions V                  extra API versions for .Capabilities (repeatable, comma-separated)
  -s, --show-only TEMPLATE              only the manifests of these templates (repeatable, globs)
  --include-crds                        include the CRDs of crds/
  --skip-tests                          leave out test hooks
  --is-upgrade                          set .Release.IsUpgrade instead of .Release.IsInstall
  --debug                               print the rendered output even when it is not valid YAML
`;

const MAX_CHART_BYTES = 50 * 1024 * 1024;

/** Reads a chart folder into a map of '/'-separated relative paths to text, unpacking charts/*.tgz. */
export function readChartDir(dir: string): ChartFiles {
  const files: ChartFiles = {};
  let total = 0;
  const seen = new Set<string>();
  const walk = (abs: string, rel: string) => {
    let real: string;
    try { real = fs.realpathSync(abs); } catch { return; }
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of fs.readdirSync(abs).sort()) {
      const p = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      let st: fs.Stats;
      try { st = fs.statSync(p); } catch { continue; }
      if (st.isDirectory()) { walk(p, r); continue; }
      if (!st.isFile()) continue;
      total += st.size;
      if (total > MAX_CHART_BYTES) throw new Error(`chart ${dir} is larger than ${MAX_CHART_BYTES / 1048576} MB`);
      if (/^charts\/[^/]+\.tgz$/.test(r)) {
        for (const [k, v] of Object.entries(untgz(fs.readFileSync(p)))) files[`${r}/${k}`] = v;
        continue;
      }
      let text = fs.readFileSync(p, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      files[r] = text;
    }
  };
  walk(dir, '');
  return files;
}

/** A chart archive's files, without its top folder (as Helm's LoadArchive strips it). */
export function untgz(buf: Buffer): ChartFiles {
  const tar = zlib.gunzipSync(buf, { maxOutputLength: MAX_CHART_BYTES });
  const out: ChartFiles = {};
  let off = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const cstr = (a: number, b: number) => { const s = h.subarray(a, b); const z = s.indexOf(0); return s.subarray(0, z < 0 ? s.length : z).toString('utf8'); };
    let name = cstr(0, 100);
    const size = parseInt(cstr(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = cstr(345, 500);
    if (prefix) name = `${prefix}/${name}`;
    const data = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = data.toString('utf8').replace(/\0+$/, ''); continue; }
    if (type === 'x') { const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8')); paxPath = m?.[1]; continue; }
    if (type === 'g') continue;
    if (longName) { name = longName; longName = undefined; }
    if (paxPath) { name = paxPath; paxPath = undefined; }
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    const parts = name.replace(/^\.\//, '').split('/');
    if (parts.length < 2) continue;
    const rel = parts.slice(1).join('/');
    if (rel.split('/').includes('..')) continue;
    out[rel] = data.toString('utf8');
  }
  return out;
}

/** Renders a folder: a Helm chart when it holds Chart.yaml. */
export function renderDir(dir: string, opts: RenderOptions): RenderResult | { error: string; output: string; manifests: [] } {
  if (fs.existsSync(path.join(dir, 'Chart.yaml'))) return helmTemplate(readChartDir(dir), opts);
  if (isKustomizationDir(dir)) {
    try {
      const r = buildKustomization(dir);
      return { output: r.yaml, error: r.notAnalysed.length ? r.notAnalysed.map((n) => `${n.file}: ${n.message}`).join('\n') : undefined, manifests: [] };
    } catch (e) { return { output: '', error: (e as Error).message, manifests: [] }; }
  }
  return { output: '', error: `${dir}: no Chart.yaml found (palisade render takes a Helm chart folder)`, manifests: [] };
}

export function render(args: string[], io: RenderIo): number {
  // A folder holding a kustomization (and no Chart.yaml) is built as `kustomize build` does (./kustomize.ts).
  const kustomized = renderKustomizationArgs(args, io);
  if (kustomized !== undefined) return kustomized;
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: {
        values: { type: 'string', short: 'f', multiple: true },
        set: { type: 'string', multiple: true },
        'set-string': { type: 'string', multiple: true },
        'release-name': { type: 'string' },
        'name-template': { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'kube-version': { type: 'string' },
        'api-versions': { type: 'string', short: 'a', multiple: true },
        'show-only': { type: 'string', short: 's', multiple: true },
        'include-crds': { type: 'boolean' },
        'skip-tests': { type: 'boolean' },
        'is-upgrade': { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`Error: ${(e as Error).message}\n\n${RENDER_USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) { io.out(RENDER_USAGE); return 0; }
  if (positionals.length < 1) { io.err(`Error: "palisade render" requires at least 1 argument\n\n${RENDER_USAGE}`); return 2; }
  if (positionals.length > 2) { io.err(`Error: expected at most two arguments, unexpected arguments: ${positionals.slice(2).join(', ')}\n`); return 2; }
  const chartDir = path.resolve(io.cwd, positionals[positionals.length - 1]);
  let releaseName = v['release-name'] as string | undefined;
  if (positionals.length === 2) {
    if (v['name-template']) { io.err('Error: cannot set --name-template and also specify a name\n'); return 1; }
    releaseName = positionals[0];
  }
  const valueFiles: { name: string; text: string }[] = [];
  for (const f of (v.values as string[] | undefined) ?? []) {
    const p = path.resolve(io.cwd, f);
    try { valueFiles.push({ name: f, text: fs.readFileSync(p, 'utf8') }); } catch (e) {
      io.err(`Error: open ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}\n`);
      return 1;
    }
  }
  if (!fs.existsSync(chartDir) || !fs.statSync(chartDir).isDirectory()) { io.err(`Error: path "${positionals[positionals.length - 1]}" not found\n`); return 1; }
  const opts: RenderOptions = {
    releaseName, nameTemplate: v['name-template'] as string | undefined, namespace: v.namespace as string | undefined,
    kubeVersion: v['kube-version'] as string | undefined, apiVersions: v['api-versions'] as string[] | undefined,
    valueFiles, set: v.set as string[] | undefined, setString: v['set-string'] as string[] | undefined,
    includeCrds: !!v['include-crds'], skipTests: !!v['skip-tests'], showOnly: v['show-only'] as string[] | undefined,
    isUpgrade: !!v['is-upgrade'], debug: !!v.debug, now: Date.now(),
  };
  let r;
  try { r = renderDir(chartDir, opts); } catch (e) { io.err(`Error: ${(e as Error).message}\n`); return 1; }
  io.out(r.output);
  if (r.error !== undefined) { io.err(`Error: ${r.error}\n`); return 1; }
  return 0;
}
