/** `palisade`: the command-line adapter over the engine. */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { defaultSettings, mergeSettings, isPssLevel, parsePssVersion, Settings } from '../engine/settings';
import { parseConfig, globMatcher, PathMatcher } from '../engine/config';
import { ruleMetas } from '../engine/rules';
import type { Severity } from '../engine/types';
import { VERSION } from '../engine/version';
import { isProfile } from '../engine/profiles';
import { presentFindings } from '../engine/present';
import { collectFiles } from '../workspace/files';
import { jsonWriter, sarifWriter, textWriter, rulesMarkdown, escapeControl, ReportWriter } from './formats';
import { runFixes } from './fix';
import { expandCharts, chartOptions } from './charts';
import { MAX_BYTES, readInside, readText as readFile, readStream, ReadResult } from '../workspace/read';
import { syncStdout } from './output';
import { streamScan, compactObjects, withNamespaces, ScanInput } from './scan';
import { scanKustomizations } from './kustomize';
import { reachCommand, whoCanCommand } from './posture';
import { fileKindOf } from '../engine/analyze';
import type { K8sObject } from '../engine/k8s/model';

const USAGE = `Usage:
  palisade scan [paths...] [options]    scan files and directories (default: .)
  palisade render DIR [options]         print the manifests a Helm chart or a kustomization renders to (palisade render --help)
  palisade reach FROM TO [--port P[/PROTO]] [paths...]   is traffic allowed by the NetworkPolicies (palisade reach --help)
  palisade who-can VERB RESOURCE [-n NS] [paths...]      who the RBAC bindings let do it; --subject KIND:NAME: what it can do
  palisade rules [--format json|markdown]
  palisade lsp --stdio                  start the language server (also --node-ipc)
  palisade --version

Scan options:
  --format text|json|sarif              output format (default: text)
  --output FILE                         write the report to FILE instead of stdout
  --profile default|strict              default: the rules a security engineer acts on, findings on one
                                        spot merged; strict: every rule, each finding on its own
  --pod-security-level baseline|restricted|privileged   (default: restricted)
  --pod-security-version v1.N|latest    (default: latest)
  --severity-threshold info|warning|error   exit 1 only for findings at or above (default: info)
  --config FILE                         configuration (default: ./.palisade.yaml if present)
  --fix                                 apply safe fixes in place
  --unsafe-fixes                        with --fix/--diff, also apply unsafe fixes
  --diff                                print the fixes as a unified diff; change nothing
  --no-color                            plain text output
  --as-of YYYY-MM-DD                    judge end-of-life dates (DF004) as of this day (default: today),
                                        for reproducible CI runs
  --stdin-filename NAME                 the name (and so the kind: YAML, JSON, Dockerfile) of what
                                        \`-\` reads from standard input (default: <stdin>, read as YAML)
  --max-file-size MB                    largest file or stream read (default: 20)
  --budget-ms N                         stop analysing a file after N ms (default: no time budget, so
                                        results do not depend on the machine); a stop fails the scan

Helm chart options (for every folder holding Chart.yaml; as palisade render and helm template):
  -f, --values FILE                     values file (repeatable; a later one wins)
  --set key=value                       set values (repeatable; Helm's syntax: a.b=c,list[0]=x,d={1,2},a\.b=c, null deletes)
  --set-string key=value                set string values (repeatable)
  --release-name NAME                   release name (default: release-name)
  -n, --namespace NS                    release namespace (default: default)
  --kube-version V                      Kubernetes version for .Capabilities
  -a, --api-versions V                  extra API versions for .Capabilities (repeatable)

Paths: - reads standard input; FIFOs, /dev/stdin and <(...) are read as streams. Symbolic links are
not followed out of the scanned paths.
Exit codes: 0 nothing at or above the threshold, 1 findings or content not analysed (an error
whatever the threshold), 2 usage or internal error, or nothing could be scanned.
`;

const SEV_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface Io {
  out: (s: string) => void; err: (s: string) => void; cwd: string; isTTY: boolean;
  /** Reads all of standard input for `scan -` (default: file descriptor 0, with the size limit). */
  stdin?: (maxBytes: number) => ReadResult;
}
const defaultIo = (): Io => {
  // the report is written as it is made: a reader that stops early (`| head`) closes the pipe, which
  // is no error of the scan
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
  // a pipe or a file is written synchronously, so a reader behind the scan does not make it queue the report in memory (./output.ts)
  const isTTY = !!process.stdout.isTTY;
  return { out: isTTY ? (s) => process.stdout.write(s) : syncStdout(), err: (s) => process.stderr.write(s), cwd: process.cwd(), isTTY };
};

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'scan': return scan(rest, io);
      case 'rules': return rules(rest, io);
      case 'render': { const { render } = await import('./render'); return render(rest, io); }
      case 'reach': return await reachCommand(rest, io);
      case 'who-can': return await whoCanCommand(rest, io);
      case 'lsp': {
        const { serve } = await import('../lsp/serve');
        serve();
        return await new Promise<number>(() => { /* runs until the client exits the process */ });
      }
      case '--version': case '-v': case 'version': io.out(`${VERSION}\n`); return 0;
      case undefined: case '--help': case '-h': case 'help': io.out(USAGE); return cmd === undefined ? 2 : 0;
      default: io.err(`palisade: unknown command '${cmd}'\n${USAGE}`); return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) { io.err(`palisade: ${e.message}\n\n${USAGE}`); return 2; }
    if (e instanceof ConfigError) { io.err(`palisade: ${e.message}\n`); return 2; }
    io.err(`palisade: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 2;
  }
}

class UsageError extends Error {}
/** A configuration file that cannot be used: the scan would not run with the settings the repository asks for. */
class ConfigError extends Error {}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;
function parse(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function rules(args: string[], io: Io): number {
  const { values } = parse(args, { format: { type: 'string', default: 'json' } });
  const metas = ruleMetas();
  if (values.format === 'json') io.out(JSON.stringify(metas.map((m) => ({ id: m.id, name: m.name, title: m.title, severity: m.severity, language: m.language, references: m.references, fix: m.fix })), null, 2) + '\n');
  else if (values.format === 'markdown') io.out(rulesMarkdown(metas));
  else throw new UsageError(`--format must be json or markdown`);
  return 0;
}

export function loadSettings(values: Record<string, unknown>, io: Io): { settings: Settings; exclude: PathMatcher[]; configDir: string } {
  let settings = defaultSettings();
  let exclude: PathMatcher[] = [];
  let configDir = io.cwd;
  const explicit = values.config as string | undefined;
  const cfgPath = explicit ? path.resolve(io.cwd, explicit) : path.join(io.cwd, '.palisade.yaml');
  if (explicit || fs.existsSync(cfgPath)) {
    let text: string;
    if (!explicit) {
      // the implicit ./.palisade.yaml is the repository's data: read as the language server reads it
      // (workspace/read.ts), refused when it resolves (through a symlink) outside the directory
      const r = readInside([io.cwd], cfgPath);
      if (r.text === undefined) throw new UsageError(`${cfgPath}: ${r.error ?? 'cannot read'} (pass --config to use a file on purpose)`);
      text = r.text;
    } else {
      try { text = fs.readFileSync(cfgPath, 'utf8'); } catch (e) { throw new UsageError(`cannot read config ${cfgPath}: ${(e as Error).message}`); }
    }
    const cfg = parseConfig(text);
    for (const e of cfg.errors) io.err(`palisade: ${path.relative(io.cwd, cfgPath) || cfgPath}: ${e.message}\n`);
    if (cfg.unusable) throw new ConfigError(`${path.relative(io.cwd, cfgPath) || cfgPath} cannot be used; fix it (or pass --config with another file) and scan again`);
    settings = mergeSettings(settings, cfg.settings);
    configDir = path.dirname(cfgPath);
    exclude = cfg.exclude.map(globMatcher);
  }
  const profile = values.profile as string | undefined;
  if (profile !== undefined) {
    if (!isProfile(profile)) throw new UsageError(`--profile must be default or strict`);
    settings.profile = profile;
  }
  const level = values['pod-security-level'] as string | undefined;
  if (level !== undefined) {
    if (!isPssLevel(level)) throw new UsageError(`--pod-security-level must be baseline, restricted or privileged`);
    settings.podSecurity = { ...settings.podSecurity, level };
  }
  const version = values['pod-security-version'] as string | undefined;
  if (version !== undefined) {
    if (parsePssVersion(version) === undefined) throw new UsageError(`--pod-security-version must be v1.N or latest`);
    settings.podSecurity = { ...settings.podSecurity, version };
  }
  const asOf = values['as-of'] as string | undefined;
  if (asOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of must be a date YYYY-MM-DD`);
    settings.today = asOf;
  }
  return { settings, exclude, configDir };
}

export { readFile as readText };

function scan(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    profile: { type: 'string' },
    'pod-security-level': { type: 'string' },
    'pod-security-version': { type: 'string' },
    'severity-threshold': { type: 'string', default: 'info' },
    'as-of': { type: 'string' },
    config: { type: 'string' },
    fix: { type: 'boolean', default: false },
    'unsafe-fixes': { type: 'boolean', default: false },
    diff: { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
    'stdin-filename': { type: 'string' },
    'max-file-size': { type: 'string' },
    'budget-ms': { type: 'string' },
    values: { type: 'string', short: 'f', multiple: true },
    set: { type: 'string', multiple: true },
    'set-string': { type: 'string', multiple: true },
    'release-name': { type: 'string' },
    namespace: { type: 'string', short: 'n' },
    'kube-version': { type: 'string' },
    'api-versions': { type: 'string', short: 'a', multiple: true },
  });
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError('--format must be text, json or sarif');
  const threshold = values['severity-threshold'] as Severity;
  if (!(threshold in SEV_RANK)) throw new UsageError('--severity-threshold must be info, warning or error');
  const { settings, exclude, configDir } = loadSettings(values, io);
  const limits = scanLimits(values, settings, io);
  const inputs = positionals.length ? positionals : ['.'];
  const isExcluded = (p: string) => {
    const rel = path.relative(configDir, path.resolve(io.cwd, p)).split(path.sep).join('/');
    return exclude.some((re) => re.test(rel));
  };
  // the configuration is not a manifest: directories are walked without it (naming it explicitly still scans it)
  const named = inputs.filter((i) => i !== '-');
  const walk = collectFiles(named.map((i) => path.resolve(io.cwd, i)), (p) => path.basename(p) === '.palisade.yaml' || isExcluded(p), io.cwd);
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  const read = (p: string) => readFile(p, limits.maxBytes);
  const scanInputs: ScanInput[] = [];
  for (const e of walk.errors) scanInputs.push({ file: rel(e.file), error: e.message });
  for (const f of walk.files) scanInputs.push({ file: rel(f), path: f });
  // streams are read once, here: standard input (-), FIFOs, /dev/stdin, process substitutions
  const streamInput = (file: string, r: ReadResult): ScanInput => {
    const kind = fileKindOf(file);
    const languageId = kind === 'dockerfile' ? 'dockerfile' : 'yaml';
    return r.text !== undefined ? { file, text: r.text, languageId } : { file, error: r.error ?? 'cannot read', languageId };
  };
  for (const s of walk.streams) scanInputs.push(streamInput(named.find((n) => path.resolve(io.cwd, n) === s) ?? s, readStream(s, limits.maxBytes)));
  if (inputs.includes('-')) {
    const name = (values['stdin-filename'] as string | undefined) ?? '<stdin>';
    scanInputs.push(streamInput(name, io.stdin ? io.stdin(limits.maxBytes) : readStream(0, limits.maxBytes)));
  }
  // Helm chart options: --set checked with the renderer's parser (a usage error); -f files are inputs read here
  let charted;
  try {
    charted = chartOptions({ values: values.values as string[] | undefined, set: values.set as string[] | undefined, setString: values['set-string'] as string[] | undefined,
      releaseName: values['release-name'] as string | undefined, namespace: values.namespace as string | undefined,
      kubeVersion: values['kube-version'] as string | undefined, apiVersions: values['api-versions'] as string[] | undefined }, io.cwd, read,
      // .palisade.yaml helm.valuesFiles: a chart's values files when no -f is given, read inside the config's folder
      { dir: configDir, valuesFiles: settings.helm?.valuesFiles, read: (p) => readInside([configDir], p, limits.maxBytes) });
  } catch (e) { throw new UsageError((e as Error).message); }
  scanInputs.push(...charted.errors);
  scanInputs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  // folders holding a kustomization are built and what they produce is analysed; their files are not scanned loose
  const kustomized = scanKustomizations(walk.files, settings, rel, scanInputs);
  const say = (s: string) => io.err(`palisade: ${escapeControl(s)}\n`);
  if (walk.linksOutside.length) say(`${walk.linksOutside.length} symbolic link(s) leading outside the scanned paths were not followed (for example ${rel(walk.linksOutside[0])}); name a link's target to scan it`);

  if (values.fix || values.diff) {
    // as the scan does: a Namespace's pod-security labels in any input set the level of its namespace
    const nsObjects: K8sObject[] = [];
    for (const i of scanInputs) {
      if (i.error !== undefined || fileKindOf(i.file, i.languageId) === 'dockerfile') continue;
      const text = i.text ?? read(i.path!).text;
      if (text !== undefined && /Namespace|\\/.test(text)) for (const o of compactObjects(text)) if (o.kind === 'Namespace') nsObjects.push(o);
    }
    // a diff for the terminal has its control characters escaped; piped or saved, it stays a patch
    const diffOut = (d: string) => io.out(io.isTTY && !values.output ? d.split('\n').map(escapeControl).join('\n') : d);
    const r = runFixes(scanInputs, withNamespaces(settings, nsObjects), { unsafe: !!values['unsafe-fixes'], write: !!values.fix && !values.diff, diff: !!values.diff, read, roots: walk.roots, onDiff: diffOut, charts: { cwd: io.cwd, options: charted.options } });
    if (!values.diff) say(`applied ${r.applied} fix(es) in ${r.changedFiles} file(s)`);
    for (const sk of r.skipped) say(`${sk.file}: ${sk.reason}`);
  }

  const color = format === 'text' && !values['no-color'] && !process.env.NO_COLOR && io.isTTY && !values.output;
  let fd: number | undefined;
  if (values.output) {
    try { fd = fs.openSync(path.resolve(io.cwd, values.output as string), 'w'); } catch (e) { throw new UsageError(`cannot write ${values.output}: ${(e as Error).message}`); }
  }
  const write = fd === undefined ? io.out : (s: string) => { fs.writeSync(fd!, s); };
  const writer: ReportWriter = format === 'json' ? jsonWriter(write) : format === 'sarif' ? sarifWriter(write, ruleMetas(), io.cwd) : textWriter(write, color, io.cwd);
  let errors = 0;
  let hit = false;
  let run;
  try {
    const emit: Parameters<typeof streamScan>[3] = (r) => {
      if (r.errors.length) errors++;
      if (r.findings.some((f) => SEV_RANK[f.severity] >= SEV_RANK[threshold])) hit = true;
      // what a person reads (text, JSON) shows findings on one spot merged under the default profile, each
      // merged finding keeping its parts; SARIF lists every rule's result, as code scanning tracks them per rule
      writer.file(format === 'sarif' ? r : { ...r, findings: presentFindings(r.file, r.findings, settings.profile) });
    };
    // folders holding a Chart.yaml are rendered and what they render is analysed, on the template lines (./charts.ts)
    const charts = expandCharts(scanInputs, io.cwd, undefined, undefined, charted.options);
    // the findings on values files (./charts.ts) come after their chart's templates, in order
    run = streamScan(charts.inputs, settings, read, (r) => { charts.flushBefore(r.file).forEach(emit); emit(charts.remap(r)); });
    charts.flush().forEach(emit);
    kustomized.results.forEach(emit);
    writer.end();
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (run.scanned === 0 && !kustomized.results.length && errors > 0) return 2;
  // content that was not (fully) analysed is an error whatever the threshold: the scan fails
  if (errors > 0) say(`${errors} input(s) were not fully analysed (see the not-analysed errors); the scan fails`);
  return hit || errors > 0 ? 1 : 0;
}

/**
 * The CLI's limits. The time budget: none by default (a scan's result must not depend on the speed
 * of the machine), `--budget-ms` sets one, and a stop is a file error that fails the scan; the
 * repository's `.palisade.yaml` `budgetMs` is for the editor and is not used here. The size limit:
 * 20 MB per file or stream, `--max-file-size` changes it.
 */
function scanLimits(values: Record<string, unknown>, settings: Settings, io: Io): { maxBytes: number } {
  const budget = values['budget-ms'] as string | undefined;
  if (settings.budgetMs !== defaultSettings().budgetMs) io.err(`palisade: budgetMs in the configuration applies to the editor only; the CLI has no time budget unless --budget-ms is given\n`);
  if (budget !== undefined) {
    const n = Number(budget);
    if (!/^\d+$/.test(budget) || !(n > 0)) throw new UsageError('--budget-ms must be a positive number of milliseconds');
    settings.budgetMs = n;
  } else settings.budgetMs = Infinity;
  const size = values['max-file-size'] as string | undefined;
  let maxBytes = MAX_BYTES;
  if (size !== undefined) {
    const n = Number(size);
    if (!/^\d+(\.\d+)?$/.test(size) || !(n > 0)) throw new UsageError('--max-file-size must be a positive number of megabytes');
    maxBytes = Math.floor(n * 1024 * 1024);
  }
  return { maxBytes };
}

