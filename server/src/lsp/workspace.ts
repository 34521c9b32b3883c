/**
 * The workspace index of the language server:
 *
 * - loads the `.palisade.yaml` of each workspace folder (data only: exclude patterns are relative
 *   to its folder, and a file that resolves outside the folder is not read) and applies it on top
 *   of the client settings to the files of that folder; an invalid configuration is reported in
 *   the config file (K8S101) and falls back to defaults. The cross-resource rules span folders and
 *   take their rule settings from the first folder's;
 * - reads the YAML files of the workspace folders in the background (bounded in count and size,
 *   skipping node_modules/.git/..., symlinks and excluded paths, with `window/workDoneProgress`),
 *   and keeps them up to date on `workspace/didChangeWatchedFiles` and on edits of open documents;
 * - feeds cross-resource rules and Namespace Pod Security labels of the whole workspace into the
 *   diagnostics of open documents. Objects come from the analyzers' per-document caches, so an edit
 *   re-parses only the edited document; the cross-resource rules then run over objects only;
 * - `palisade.scanWorkspace`: analyses every matching file (not only open ones), publishes their
 *   diagnostics with a cancellable progress, and keeps them in sync on file changes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CancellationToken, Diagnostic, DidChangeWatchedFilesNotification, DidChangeWatchedFilesParams, ExecuteCommandParams,
  FileChangeType, InitializeParams, WorkDoneProgressReporter, WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { Analyzer, fileKindOf, namespaceLevels } from '../engine/analyze';
import { parseConfig, globMatcher, configFindings, PalisadeConfig, PathMatcher } from '../engine/config';
import { crossResourceFindings, crossResourceSteps, mergeFindings, readsText, WorkspaceFile, workspaceModel } from '../engine/scan';
import type { WorkspaceModel } from '../engine/rule';
import { mergeSettings, Settings } from '../engine/settings';
import { LineIndex, changedRegion, ChangedRegion } from '../engine/text';
import type { FileResult, Finding, Range } from '../engine/types';
import type { K8sObject } from '../engine/k8s/model';
import { chartRootOf, renderChartDiagnostics } from './charts';
import { openTexts } from './builtFiles';
import { collectFiles } from '../workspace/files';
import { MAX_BYTES, readInside, innermostRoot } from '../workspace/read';
import { toDiagnostics } from './convert';
import type { ServerState } from './server';

export const SCAN_WORKSPACE = 'palisade.scanWorkspace';
export const WORKSPACE_COMMANDS = [SCAN_WORKSPACE];
export const CONFIG_FILE = '.palisade.yaml';

/** Bounds of the background index and of a workspace scan (the size limit is the CLI's: workspace/read.ts). */
export const LIMITS = { maxFiles: 20000, maxBytes: MAX_BYTES };
const QUIET_MS = 150;
/** Longest stretch a refresh of the cross-resource findings keeps the server busy. */
const REFRESH_SLICE_MS = 15;

interface DiskFile { uri: string; text: string; lines: LineIndex; objects: K8sObject[] }
interface FolderConfig { uri: string; cfg: PalisadeConfig; exclude: PathMatcher[] }

export interface ScanResult { files: number; findings: number; cancelled: boolean }

export class WorkspaceIndex {
  private roots: string[] = [];
  /** Per workspace folder (same order as `roots`): its `.palisade.yaml`, if any. */
  private configs: (FolderConfig | undefined)[] = [];
  /** YAML files read from disk (the open version of a document supersedes its entry). */
  private disk = new Map<string, DiskFile>();
  private readonly diskAnalyzer = new Analyzer({ compact: true });
  /** Open documents' text and objects as last analysed. */
  private open = new Map<string, WorkspaceFile>();
  private gen = 0;
  private cross: { gen: number; key: string; map: Map<string, Finding[]>; namespaces: string } | undefined;
  private settingsCache = new Map<FolderConfig | undefined, { gen: number; client: Settings; result: Settings }>();
  /** Open documents ('*': anything else) whose objects changed since the cross-resource rules last ran. */
  private changedSince = new Set<string>();
  /** The cross-resource findings of the last run per file, by their JSON. */
  private interned = new Map<string, Map<string, Finding>>();
  /**
   * What each open document last received from the index (to refresh only the ones that change): its
   * cross-resource findings and the namespace levels, compared by signature when the index refreshes
   * (not made on every keystroke: a large file's cross-resource findings are many).
   */
  private openSig = new Map<string, { mine: Finding[] | undefined; namespaces: string } | 'excluded'>();
  /** Files published by palisade.scanWorkspace: their own findings, the last published signature and diagnostics count. */
  private scanned = new Map<string, { res: FileResult; sig: string; count?: number }>();
  private scanning = false;
  private indexing: Promise<void> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Numbers the refreshes: a refresh in progress goes on only while it is the latest. */
  private refreshRun = 0;
  private canRegisterWatchers = false;
  progressTitle = 'Palisade: indexing workspace';

  constructor(private readonly state: ServerState, private readonly reanalyze: (uri: string) => void) {}

  initialize(params: InitializeParams): void {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.roots = folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    this.canRegisterWatchers = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  }

  get rootPaths(): readonly string[] { return this.roots; }

  /** Called from onInitialized: watches files, loads the configuration, indexes in the background. */
  start(): Promise<void> {
    if (this.canRegisterWatchers) {
      void this.state.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}' }],
      }).catch(() => undefined);
    }
    this.loadConfigFromDisk();
    return (this.indexing = this.indexAll());
  }

  /** Resolves when the background index is complete (for tests and the scan command). */
  ready(): Promise<void> { return this.indexing ?? Promise.resolve(); }

  // ------------------------------------------------------------------ configuration

  /** The `.palisade.yaml` of workspace folder `i`. */
  private configUriOf(i: number): string { return pathToFileURL(path.join(this.roots[i], CONFIG_FILE)).toString(); }

  /** The folder whose `.palisade.yaml` this is, or -1. */
  private configIndex(uri: string): number {
    for (let i = 0; i < this.roots.length; i++) if (this.configUriOf(i) === uri) return i;
    return -1;
  }

  /** The workspace folder holding `uri` (the innermost), or -1. */
  private rootIndex(uri: string | undefined): number {
    if (!uri?.startsWith('file:')) return -1;
    let p: string;
    try { p = fileURLToPath(uri); } catch { return -1; }
    return innermostRoot(this.roots, p);
  }

  /**
   * The configuration that applies to `uri`: its folder's `.palisade.yaml`. Without a URI (the
   * cross-resource rules, which span folders) or outside every folder: the first folder's.
   */
  private configFor(uri?: string): FolderConfig | undefined {
    const i = this.rootIndex(uri);
    return this.configs[i < 0 ? 0 : i];
  }

  private loadConfigFromDisk(): void {
    this.configs = [];
    for (let i = 0; i < this.roots.length; i++) {
      const openDoc = this.state.documents.get(this.configUriOf(i));
      this.setConfigText(i, openDoc ? openDoc.getText() : this.readConfigFile(i));
    }
  }

  /** Folder `i`'s `.palisade.yaml` on disk. Data from the workspace only: one that resolves (through a symlink) outside its folder is not read. */
  private readConfigFile(i: number): string | undefined {
    let file: string;
    try { file = fileURLToPath(this.configUriOf(i)); } catch { return undefined; }
    if (!fs.existsSync(file)) return undefined;
    const r = readInside([this.roots[i]], file);
    if (r.error) this.state.connection.console.error(`palisade: ${file}: ${r.error}`);
    return r.text;
  }

  /** Returns what changed: nothing, the settings only, or the excludes (which need a re-index). */
  private setConfigText(i: number, text: string | undefined): false | 'settings' | 'exclude' {
    const old = this.configs[i];
    const before = JSON.stringify(old?.cfg ? { s: old.cfg.settings, e: old.cfg.exclude } : null);
    const beforeExclude = JSON.stringify(old?.cfg.exclude ?? []);
    let now: FolderConfig | undefined;
    if (text !== undefined) {
      const cfg = parseConfig(text);
      now = { uri: this.configUriOf(i), cfg, exclude: cfg.exclude.map(globMatcher) };
    }
    this.configs[i] = now;
    if (before === JSON.stringify(now?.cfg ? { s: now.cfg.settings, e: now.cfg.exclude } : null)) return false;
    return beforeExclude === JSON.stringify(now?.cfg.exclude ?? []) ? 'settings' : 'exclude';
  }

  /** Client settings with the `.palisade.yaml` of the document's folder on top. */
  private baseSettings(uri?: string): Settings {
    const config = this.configFor(uri);
    return config ? mergeSettings(this.state.settings, config.cfg.settings) : this.state.settings;
  }

  /**
   * The settings a document is analysed with: client settings, its folder's `.palisade.yaml`, and
   * the Namespace labels of the whole workspace. Without a URI: the first folder's configuration.
   */
  settings(uri?: string): Settings {
    // computed once per state of the model (this.gen) and of the settings, per configuration: it
    // reads every object of the workspace, and a workspace scan asks for it once per file
    const config = this.configFor(uri);
    const c = this.settingsCache.get(config);
    if (c && c.gen === this.gen && c.client === this.state.settings) return c.result;
    const base = this.baseSettings(uri);
    const namespaces: K8sObject[] = [];
    for (const f of this.files()) for (const o of f.objects) if (o.kind === 'Namespace') namespaces.push(o);
    const ns = namespaceLevels(namespaces);
    const result = Object.keys(ns).some((k) => !Object.hasOwn(base.namespaces, k)) ? { ...base, namespaces: { ...ns, ...base.namespaces } } : base;
    this.settingsCache.set(config, { gen: this.gen, client: this.state.settings, result });
    return result;
  }

  /** Whether the `.palisade.yaml` of the file's folder excludes it (patterns relative to that folder). */
  isExcluded(uri: string): boolean {
    const i = this.rootIndex(uri);
    const config = i < 0 ? undefined : this.configs[i];
    if (!config?.exclude.length) return false;
    const rel = path.relative(this.roots[i], fileURLToPath(uri)).split(path.sep).join('/');
    return config.exclude.some((re) => re.test(rel));
  }

  // ------------------------------------------------------------------ the model

  /** Every object of the workspace (open documents as typed), for the posture commands (./posture.ts). */
  model(): WorkspaceModel { return workspaceModel(this.files()); }

  private files(): WorkspaceFile[] {
    const out: WorkspaceFile[] = [];
    for (const [uri, f] of this.disk) if (!this.open.has(uri)) out.push({ file: uri, text: f.text, lines: f.lines, objects: f.objects });
    for (const f of this.open.values()) out.push(f);
    return out;
  }

  private crossKey(settings: Settings): string {
    return JSON.stringify([settings.rules, settings.namespaceRules ?? null, settings.requireSuppressionReason, settings.images ?? null]);
  }

  private crossFindings(): { map: Map<string, Finding[]>; namespaces: string } {
    const settings = this.settings();
    const key = this.crossKey(settings);
    if (this.cross && this.cross.gen === this.gen && this.cross.key === key) return this.cross;
    return this.installCross(crossResourceFindings(this.files(), settings), settings, key, this.gen);
  }

  /** Records the result of a run of the cross-resource rules over the model of generation `gen`. */
  private installCross(map: Map<string, Finding[]>, settings: Settings, key: string, gen: number): { map: Map<string, Finding[]>; namespaces: string } {
    this.changedSince.clear();
    // a finding equal to one of the previous run is that same object, so it keeps its diagnostic (and cached JSON)
    const interned = new Map<string, Map<string, Finding>>();
    for (const [uri, list] of map) {
      const prev = this.interned.get(uri);
      const next = new Map<string, Finding>();
      map.set(uri, list.map((f) => {
        const k = JSON.stringify(f);
        const old = prev?.get(k);
        const same = old && !next.has(k) ? old : f;
        if (!next.has(k)) next.set(k, same);
        return same;
      }));
      interned.set(uri, next);
    }
    this.interned = interned;
    this.cross = { gen, key, map, namespaces: JSON.stringify(settings.namespaces) };
    return this.cross;
  }

  /**
   * Completes the analysis of an open document: records its objects in the index, adds the
   * cross-resource findings that land in it, reports `.palisade.yaml` errors in the config file,
   * and drops findings in excluded files.
   */
  augment(uri: string, text: string, res: FileResult): FileResult {
    const ci = this.configIndex(uri);
    if (ci >= 0) {
      const changed = this.setConfigText(ci, text);
      if (changed) this.configChanged(changed === 'exclude');
      return { file: res.file, findings: configFindings(text, this.configs[ci]!.cfg), errors: [] };
    }
    const objects = this.state.analyzer.objects(uri);
    const prev = this.open.get(uri);
    const sameObjects = prev && prev.objects.length === objects.length && prev.objects.every((o, i) => o === objects[i]);
    // a keystroke's line index comes from the previous one, changed where the text changed
    const region = prev && prev.text !== text ? changedRegion(prev.text, text) : undefined;
    const lines = !prev ? new LineIndex(text) : region ? LineIndex.edited(prev.lines, text, region) : prev.lines;
    this.open.set(uri, { file: uri, text, lines, objects });
    // (a file read as text by a workspace rule, a GitHub workflow, changes the model with its text)
    const objectsChanged = (!sameObjects && !!(objects.length || prev?.objects.length)) || (prev?.text !== text && !objects.length && (readsText(uri, text) || (!!prev && readsText(uri, prev.text))));
    if (objectsChanged) this.bump(uri);
    if (this.isExcluded(uri)) { this.openSig.set(uri, 'excluded'); return { file: res.file, findings: [], errors: [] }; }
    const c = this.cross;
    let mine: Finding[] | undefined;
    let namespaces: string;
    // (the key reads only rule settings: no need for the workspace's Namespace levels of settings())
    if (c && prev && prev.text !== text && [...this.changedSince].every((u) => u === uri) && c.key === this.crossKey(this.baseSettings())) {
      // Only this document changed since the cross-resource rules last ran: its findings from that
      // run are carried over to the new text (kept before the edit, moved after it, dropped inside
      // it), and the rules run again over the workspace once typing pauses (scheduleRefresh), which
      // re-publishes this document if its cross-resource findings differ. An edit does not wait for
      // rules over every object of the workspace.
      mine = carryOver(c.map.get(uri), uri, prev.text, prev.lines, text, lines, region);
      if (mine?.length) c.map.set(uri, mine); else c.map.delete(uri);
      namespaces = c.namespaces;
      if (objectsChanged) this.scheduleRefresh();
    } else {
      const cross = this.crossFindings();
      mine = cross.map.get(uri);
      namespaces = cross.namespaces;
      if (objectsChanged) this.scheduleRefresh(uri);
    }
    this.openSig.set(uri, { mine, namespaces });
    return mergeFindings(res, mine);
  }

  /** The model changed: `who` is the URI of the open document whose objects changed, or '*'. */
  private bump(who: string): void {
    this.gen++;
    this.changedSince.add(who);
  }

  /** A document was closed: the index falls back to its version on disk. */
  closed(uri: string): void {
    const had = this.open.delete(uri);
    this.openSig.delete(uri);
    if (uri.startsWith('file:') && fileKindOf(uri) === 'yaml') this.readDiskFile(uri);
    if (had) { this.bump('*'); this.scheduleRefresh(); }
    if (this.scanned.has(uri)) { this.scanOne(uri); this.scheduleRefresh(); }
  }

  /** Client settings changed: scanned files are re-published with them. */
  settingsChanged(): void {
    if (this.scanned.size) void this.rescanScanned();
  }

  private configChanged(reindex: boolean): void {
    this.cross = undefined;
    for (const d of this.state.documents.all()) if (this.configIndex(d.uri) < 0) this.reanalyze(d.uri);
    // other excludes: re-index (and re-scan); other settings: re-analyse what was scanned
    if (reindex) this.indexing = this.indexAll().then(() => (this.scanned.size ? this.rescanScanned() : undefined));
    else if (this.scanned.size) void this.rescanScanned();
  }

  private readDiskFile(uri: string): boolean {
    let p: string;
    try { p = fileURLToPath(uri); } catch { return false; }
    const text = readInside(this.roots, p).text;
    if (text === undefined || fileKindOf(p) !== 'yaml' || (/\.json$/i.test(p) && !/"apiVersion"\s*:/.test(text))) {
      return this.disk.delete(uri);
    }
    const prev = this.disk.get(uri);
    if (prev && prev.text === text) return false;
    // the index needs the objects only (half the time of running the rules, which an index at every
    // start would mostly waste); palisade.scanWorkspace runs them on the documents kept parsed
    this.diskAnalyzer.analyze(uri, text, { settings: this.baseSettings(uri), objectsOnly: true });
    this.disk.set(uri, { uri, text, lines: new LineIndex(text), objects: this.diskAnalyzer.objects(uri) });
    return true;
  }

  // ------------------------------------------------------------------ background index

  /**
   * Every analysable file under the workspace folders, as the CLI walks them (workspace/files.ts: the
   * same skipped folders, links followed only inside the folders, loops cut), excludes applied, at
   * most LIMITS.maxFiles; past that, the user is told (once per walk) what the index leaves out.
   */
  listFiles(): string[] {
    const excluded = (p: string) => path.basename(p) === CONFIG_FILE || this.isExcluded(pathToFileURL(p).toString()) || this.isExcluded(pathToFileURL(p + path.sep).toString());
    const walk = collectFiles(this.roots, excluded, this.roots[0] ?? process.cwd(), { maxFiles: LIMITS.maxFiles });
    if (walk.truncated) void this.state.connection.window.showWarningMessage(`Palisade: the workspace has more than ${LIMITS.maxFiles} files it can analyse; cross-file rules and Scan Workspace see the first ${LIMITS.maxFiles} (exclude folders in .palisade.yaml to choose them).`);
    return walk.files.map((f) => pathToFileURL(f).toString());
  }

  private async indexAll(): Promise<void> {
    if (!this.roots.length) return;
    const progress = await this.state.connection.window.createWorkDoneProgress().catch(() => undefined);
    const uris = this.listFiles().filter((u) => fileKindOf(u) === 'yaml');
    progress?.begin(this.progressTitle, 0, `0/${uris.length} files`, false);
    const keep = new Set(uris);
    let changed = false;
    for (const u of [...this.disk.keys()]) if (!keep.has(u)) { this.disk.delete(u); changed = true; }
    let last = Date.now();
    for (let i = 0; i < uris.length; i++) {
      if (this.readDiskFile(uris[i])) changed = true;
      if (Date.now() - last > 15) {
        progress?.report(Math.round((i / uris.length) * 100), `${i}/${uris.length} files`);
        this.state.idle.busy(); // work in turns is not idle time (./idleGc.ts)
        await turn();
        last = Date.now();
      }
    }
    progress?.done();
    this.state.idle.busy();
    if (changed) { this.bump('*'); this.cross = undefined; }
    for (const d of this.state.documents.all()) this.reanalyze(d.uri);
  }

  async onWatchedFiles(params: DidChangeWatchedFilesParams): Promise<void> {
    let changed = false;
    const configsTouched = new Set<number>();
    for (const c of params.changes) {
      const ci = this.configIndex(c.uri);
      if (ci >= 0) { configsTouched.add(ci); continue; }
      if (!c.uri.startsWith('file:') || !fileKindOf(c.uri)) continue;
      if (this.state.documents.get(c.uri)) continue; // the editor's version wins
      if (c.type === FileChangeType.Deleted) {
        if (this.disk.delete(c.uri)) changed = true;
        this.diskAnalyzer.forget(c.uri);
        if (this.scanned.delete(c.uri)) this.state.connection.sendDiagnostics({ uri: c.uri, diagnostics: [] });
        continue;
      }
      if (this.isExcluded(c.uri)) continue;
      if (fileKindOf(c.uri) === 'yaml' && this.readDiskFile(c.uri)) changed = true;
      if (this.scanned.has(c.uri) || (c.type === FileChangeType.Created && this.scanned.size)) this.scanOne(c.uri);
    }
    for (const ci of configsTouched) {
      const uri = this.configUriOf(ci);
      if (this.state.documents.get(uri)) continue; // the editor's version wins
      const changed = this.setConfigText(ci, this.readConfigFile(ci));
      if (changed) this.configChanged(changed === 'exclude');
    }
    if (changed) { this.bump('*'); this.scheduleRefresh(); }
    else if (this.scanned.size) this.scheduleRefresh();
  }

  /**
   * After the model changed: re-analyse the open documents whose cross-resource findings or
   * namespace levels changed, and re-publish scanned files whose diagnostics changed.
   */
  private scheduleRefresh(except?: string): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshRun++; // a refresh in progress is superseded
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh(except);
    }, QUIET_MS);
  }

  /**
   * Runs the cross-resource rules over the workspace in slices (a rule at a time, SLICE_MS at
   * most between turns of the event loop), so that an edit arriving meanwhile is answered at once;
   * a change of the model abandons the run and the next pause starts a new one. Then re-analyses
   * the open documents whose cross-resource findings or namespace levels changed, and re-publishes
   * scanned files whose diagnostics changed.
   */
  private refresh(except?: string): void {
    const settings = this.settings();
    const key = this.crossKey(settings);
    const gen = this.gen;
    const done = (cross: { map: Map<string, Finding[]>; namespaces: string }) => {
      for (const d of this.state.documents.all()) {
        if (d.uri === except || this.configIndex(d.uri) >= 0) continue;
        const sig = this.isExcluded(d.uri) ? 'excluded' : signature(cross.map.get(d.uri)) + cross.namespaces;
        const had = this.openSig.get(d.uri);
        if ((had === 'excluded' ? had : had && signature(had.mine) + had.namespaces) !== sig) this.reanalyze(d.uri);
      }
      this.publishScanned(cross.map);
    };
    if (this.cross && this.cross.gen === gen && this.cross.key === key) { done(this.cross); return; }
    const steps = crossResourceSteps(this.files(), settings);
    const run = this.refreshRun;
    const slice = () => {
      if (this.refreshRun !== run) return; // superseded (a newer refresh is scheduled)
      if (this.gen !== gen) { this.scheduleRefresh(); return; }
      this.state.idle.busy();
      const start = Date.now();
      for (;;) {
        const r = steps.next();
        if (r.done) { done(this.installCross(r.value, settings, key, gen)); return; }
        if (Date.now() - start >= REFRESH_SLICE_MS) { setImmediate(slice); return; }
      }
    };
    slice();
  }

  // ------------------------------------------------------------------ palisade.scanWorkspace

  /** Diagnostics published per template file by the last scan of the charts (counted like the others). */
  private chartScanned = new Map<string, number>();

  private scanOne(uri: string): void {
    let read: { text?: string; error?: string };
    try { read = readInside(this.roots, fileURLToPath(uri)); } catch (e) { read = { error: `cannot read: ${(e as Error).message}` }; }
    const text = read.text;
    if (text === undefined) {
      // a file the scan lists but cannot read (too large, binary, gone) is said so on the file: never silent
      if (read.error && fs.existsSync(fileURLToPath(uri))) {
        const res: FileResult = { file: uri, findings: [], errors: [{ message: `Not analysed: ${read.error}.`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
        this.scanned.set(uri, { res, sig: '' });
      } else if (this.scanned.delete(uri)) this.state.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    if (/\.json$/i.test(uri) && !/"apiVersion"\s*:/.test(text)) return;
    const res = this.diskAnalyzer.analyze(uri, text, { settings: this.settings(uri) });
    this.scanned.set(uri, { res, sig: '' });
    // the index's objects wrap the documents it kept parsed; the analysis replaced them with compact
    // copies, and the objects of those let the parsed documents go (issue 23: RSS after a scan)
    const d = this.disk.get(uri);
    if (d && d.text === text && !res.errors.length) d.objects = this.diskAnalyzer.objects(uri);
  }

  private publishScanned(cross: Map<string, Finding[]>): void {
    for (const [uri, s] of this.scanned) {
      if (this.state.documents.get(uri)) continue; // open documents publish their own
      const diags = toDiagnostics(mergeFindings(s.res, cross.get(uri)), this.settings(uri).profile);
      const sig = JSON.stringify(diags.map((d) => [d.code, d.range, d.message, d.severity]));
      s.count = diags.length;
      if (sig === s.sig) continue;
      s.sig = sig;
      this.state.connection.sendDiagnostics({ uri, diagnostics: diags });
    }
  }

  private async rescanScanned(): Promise<void> {
    for (const uri of [...this.scanned.keys()]) {
      if (this.isExcluded(uri)) { this.scanned.delete(uri); this.state.connection.sendDiagnostics({ uri, diagnostics: [] }); continue; }
      this.scanOne(uri);
      this.state.idle.busy();
      await turn();
    }
    this.cross = undefined;
    this.publishScanned(this.crossFindings().map);
  }

  /**
   * `workDone` reports on the client's token when the request carries one (the VS Code command shows
   * its own notification and cancels through the request); otherwise the server creates its progress.
   */
  async scanWorkspace(_params: ExecuteCommandParams, token?: CancellationToken, workDone?: WorkDoneProgressReporter): Promise<ScanResult> {
    if (this.scanning) return { files: this.scanned.size, findings: 0, cancelled: false };
    this.scanning = true;
    let progress: WorkDoneProgressReporter | undefined;
    let progressToken: CancellationToken | undefined;
    try {
      if (workDone) progress = workDone;
      else {
        const created: WorkDoneProgressServerReporter | undefined = await this.state.connection.window.createWorkDoneProgress().catch(() => undefined);
        progress = created;
        progressToken = created?.token;
      }
      progress?.begin('Palisade: scanning workspace', 0, 'listing files', true);
      await this.ready();
      const uris = this.listFiles();
      const cancelled = () => !!(token?.isCancellationRequested || progressToken?.isCancellationRequested);
      let last = Date.now();
      let done = 0;
      // the files of a Helm chart are rendered with their chart, once per chart (./charts.ts), not read as loose YAML
      const charts = new Set<string>();
      for (const uri of uris) {
        if (cancelled()) break;
        const chart = uri.startsWith('file:') ? chartRootOf(fileURLToPath(uri)) : undefined;
        if (chart && !path.relative(chart, fileURLToPath(uri)).startsWith('crds')) charts.add(chart);
        else if (!this.state.documents.get(uri)) this.scanOne(uri);
        done++;
        if (Date.now() - last > 15) {
          progress?.report(Math.round((done / Math.max(uris.length, 1)) * 100), `${done}/${uris.length} files`);
          this.state.idle.busy(); // work in turns is not idle time (./idleGc.ts)
          await turn();
          last = Date.now();
        }
      }
      const wasCancelled = cancelled();
      for (const root of wasCancelled ? [] : charts) {
        let r: ReturnType<typeof renderChartDiagnostics>;
        try { r = renderChartDiagnostics(root, this.settings(pathToFileURL(path.join(root, 'Chart.yaml')).toString()), openTexts(this.state.documents.all()), this.roots); } catch { continue; }
        for (const [uri, diags] of r.byUri) {
          if (this.state.documents.get(uri)) continue; // open documents publish their own
          this.chartScanned.set(uri, diags.length);
          this.state.connection.sendDiagnostics({ uri, diagnostics: diags });
        }
        this.state.idle.busy();
        await turn();
      }
      const cross = this.crossFindings().map;
      this.publishScanned(cross);
      // what the Problems panel shows: the diagnostics published for the scanned files, and the open
      // documents' own (they publish them themselves, scanned or not)
      let findings = 0;
      for (const [uri, s] of this.scanned) if (!this.state.documents.get(uri)) findings += s.count ?? 0;
      for (const [uri, n] of this.chartScanned) if (!this.state.documents.get(uri)) findings += n;
      for (const d of this.state.documents.all()) findings += this.state.results.get(d.uri)?.diagnostics.length ?? 0;
      this.state.idle.afterLargeWork(); // the scan's garbage given back now, not after the idle time (./idleGc.ts)
      return { files: done, findings, cancelled: wasCancelled };
    } finally {
      progress?.done();
      this.scanning = false;
    }
  }

  /** Diagnostics last published for a scanned file (tests). */
  scannedDiagnostics(uri: string): Diagnostic[] | undefined {
    const s = this.scanned.get(uri);
    return s ? toDiagnostics(mergeFindings(s.res, this.crossFindings().map.get(uri)), this.settings(uri).profile) : undefined;
  }
}

/**
 * Cross-resource findings of `uri` computed for `oldText`, carried over to `newText`: those that end
 * before the first changed line are kept (the same objects), those that start after the last
 * changed line move by the difference in line count, those touching the changed lines are dropped
 * (until the rules run again).
 */
export function carryOver(list: Finding[] | undefined, uri: string, oldText: string, oldLines: LineIndex, newText: string, newLines: LineIndex, region?: ChangedRegion): Finding[] | undefined {
  if (!list?.length || oldText === newText) return list;
  const { pre, suf } = region ?? changedRegion(oldText, newText);
  const first = oldLines.position(pre).line;
  const last = oldLines.position(oldText.length - suf).line;
  const delta = newLines.lineCount - oldLines.lineCount;
  const move = (r: Range): Range | undefined => {
    if (r.end.line < first) return r;
    if (r.start.line > last) return delta === 0 ? r : { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } };
    return undefined;
  };
  const out: Finding[] = [];
  for (const f of list) {
    const range = move(f.range);
    if (!range) continue;
    // dropped when a fix edit or related place of this file is in the edited lines; copied only when one moves
    let ok = true, moved = range !== f.range;
    const look = (r0: Range) => { const r = move(r0); if (!r) ok = false; else if (r !== r0) moved = true; };
    for (const x of f.fixes) for (const e of x.edits) look(e.range);
    if (f.related) for (const x of f.related) if (x.file === uri) look(x.range);
    if (!ok) continue;
    if (!moved) { out.push(f); continue; }
    const at = (r0: Range) => move(r0) ?? r0;
    const fixes = f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, range: at(e.range) })) }));
    const related = f.related?.map((x) => (x.file !== uri ? x : { ...x, range: at(x.range) }));
    const g: Finding = { ...f, range, fixes };
    if (related) g.related = related;
    out.push(g);
  }
  return out;
}

function signature(f: Finding[] | undefined): string {
  return f?.length ? JSON.stringify(f.map((x) => [x.ruleId, x.range, x.message, x.severity])) : '';
}

function turn(): Promise<void> { return new Promise((r) => setImmediate(r)); }

