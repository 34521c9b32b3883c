/** `palisade`: the command-line adapter over the engine. */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { scanTexts, SourceFile } from '../engine/scan';
import { defaultSettings, mergeSettings, isPssLevel, parsePssVersion, Settings } from '../engine/settings';
import { parseConfig, globMatcher, PathMatcher } from '../engine/config';
import { ruleMetas } from '../engine/rules';
import type { FileResult, Severity } from '../engine/types';
import { VERSION } from '../engine/version';
import { collectFiles } from './files';
import { toJson, toSarif, toText, rulesMarkdown } from './formats';
import { runFixes } from './fix';
import { expandCharts, ChartScanInput } from './charts';

const USAGE = `Usage:
  palisade scan [paths...] [options]    scan files and directories (default: .)
  palisade render DIR [options]         print the manifests a Helm chart or a kustomization renders to (palisade render --help)
  palisade rules [--format json|markdown]
  palisade lsp --stdio                  start the language server (also --node-ipc)
  palisade --version

Scan options:
  --format text|json|sarif              output format (default: text)
  --output FILE                         write the report to FILE instead of stdout
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

Exit codes: 0 nothing at or above the threshold, 1 findings, 2 usage or internal error.
`;

const SEV_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const MAX_BYTES = 20 * 1024 * 1024;

export interface Io { out: (s: string) => void; err: (s: string) => void; cwd: string; isTTY: boolean }
const defaultIo = (): Io => ({ out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), cwd: process.cwd(), isTTY: !!process.stdout.isTTY });

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'scan': return scan(rest, io);
      case 'rules': return rules(rest, io);
      case 'render': { const { render } = await import('./render'); return render(rest, io); }
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
    if (!explicit) {
      // the implicit ./.palisade.yaml is the repository's data: refuse one that resolves (through a symlink) outside it
      const real = fs.realpathSync(cfgPath), root = fs.realpathSync(io.cwd);
      if (!real.startsWith(root + path.sep)) throw new UsageError(`${cfgPath} resolves outside ${root} (${real}); refusing to read it (pass --config to use it on purpose)`);
    }
    let text: string;
    try { text = fs.readFileSync(cfgPath, 'utf8'); } catch (e) { throw new UsageError(`cannot read config ${cfgPath}: ${(e as Error).message}`); }
    const cfg = parseConfig(text);
    for (const e of cfg.errors) io.err(`palisade: ${path.relative(io.cwd, cfgPath) || cfgPath}: ${e.message}\n`);
    if (cfg.unusable) throw new ConfigError(`${path.relative(io.cwd, cfgPath) || cfgPath} cannot be used; fix it (or pass --config with another file) and scan again`);
    settings = mergeSettings(settings, cfg.settings);
    configDir = path.dirname(cfgPath);
    exclude = cfg.exclude.map(globMatcher);
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

export function readText(file: string): { text?: string; error?: string } {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.size > MAX_BYTES) return { error: `skipped: file is ${(st.size / 1048576).toFixed(1)} MB, over the 20 MB limit` };
    buf = fs.readFileSync(file);
  } catch (e) {
    return { error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (buf.subarray(0, 8192).includes(0)) return { error: 'skipped: binary file (contains NUL bytes)' };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

function scan(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    format: { type: 'string', default: 'text' },
    output: { type: 'string' },
    'pod-security-level': { type: 'string' },
    'pod-security-version': { type: 'string' },
    'severity-threshold': { type: 'string', default: 'info' },
    'as-of': { type: 'string' },
    config: { type: 'string' },
    fix: { type: 'boolean', default: false },
    'unsafe-fixes': { type: 'boolean', default: false },
    diff: { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
  });
  const format = values.format as string;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError('--format must be text, json or sarif');
  const threshold = values['severity-threshold'] as Severity;
  if (!(threshold in SEV_RANK)) throw new UsageError('--severity-threshold must be info, warning or error');
  const { settings, exclude, configDir } = loadSettings(values, io);
  const inputs = positionals.length ? positionals : ['.'];
  const isExcluded = (p: string) => {
    const rel = path.relative(configDir, path.resolve(io.cwd, p)).split(path.sep).join('/');
    return exclude.some((re) => re.test(rel));
  };
  // the configuration is not a manifest: directories are walked without it (naming it explicitly still scans it)
  const { files, errors: walkErrors } = collectFiles(inputs.map((i) => path.resolve(io.cwd, i)), (p) => path.basename(p) === '.palisade.yaml' || isExcluded(p));
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  const results: FileResult[] = walkErrors.map((e) => ({ file: rel(e.file), findings: [], errors: [{ message: e.message, range: zero }] }));

  if (values.fix || values.diff) {
    const r = runFixes(files, settings, { unsafe: !!values['unsafe-fixes'], write: !!values.fix && !values.diff, diff: !!values.diff, rel, read: readText });
    if (values.diff) io.out(r.diff);
    else io.err(`palisade: applied ${r.applied} fix(es) in ${r.changedFiles} file(s)\n`);
    for (const sk of r.skipped) io.err(`palisade: ${sk.file}: ${sk.reason}\n`);
  }

  // folders holding a Chart.yaml are rendered and what they render is analysed, on the template lines (./charts.ts)
  const charts = expandCharts<ChartScanInput>(files.map((f) => ({ file: rel(f), path: f })), io.cwd);
  const sources: SourceFile[] = [];
  for (const c of charts.inputs) {
    const { text, error } = c.error !== undefined ? { text: undefined, error: c.error } : c.text !== undefined ? { text: c.text, error: undefined } : readText(c.path!);
    if (text === undefined) { results.push({ file: c.file, findings: [], errors: [{ message: error!, range: zero }] }); continue; }
    sources.push({ file: c.file, text });
  }
  results.push(...scanTexts(sources, settings).map(charts.remap));
  const scanned = sources.length;
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const report = { results };
  const color = format === 'text' && !values['no-color'] && !process.env.NO_COLOR && io.isTTY && !values.output;
  const body = format === 'json' ? toJson(report) + '\n' : format === 'sarif' ? toSarif(report, ruleMetas(), io.cwd) + '\n' : toText(report, color, io.cwd);
  if (values.output) fs.writeFileSync(path.resolve(io.cwd, values.output as string), body);
  else io.out(body);

  if (scanned === 0 && (walkErrors.length > 0 || results.some((r) => r.errors.length))) return 2;
  const hit = results.some((r) => r.findings.some((f) => SEV_RANK[f.severity] >= SEV_RANK[threshold]));
  return hit ? 1 : 0;
}

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
