/**
 * code-server (VS Code in the browser, from the npm registry; installed by test/editors/install.sh)
 * and Debian's headless Chromium, driven by playwright-core: a real VS Code on machines that cannot
 * download VS Code itself. See ../shared/recipes/real-clients.md.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, BrowserContext } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CODE_SERVER = process.env.PALISADE_CODE_SERVER ?? path.join(ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
export const FIXTURES = path.join(ROOT, 'test', 'editors', 'fixtures', 'workspace');

export function log(msg: string): void { process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`); }

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const p = (srv.address() as net.AddressInfo).port; srv.close(() => resolve(p)); });
  });
}

/** A fresh copy of the fixture workspace in a temporary directory. */
export function makeWorkspace(prefix = 'palisade-ws-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

export interface CodeServer { url: string; port: number; userDataDir: string; extensionsDir: string; stop(): Promise<void>; logFile: string }

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
};

/** Installs a VSIX into a fresh extensions directory (code-server --install-extension). */
export function installVsix(vsix: string, userDataDir: string, extensionsDir: string): void {
  const r = cp.spawnSync(CODE_SERVER, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}): ${r.stdout}\n${r.stderr}`);
}

export async function startCodeServer(opts: { workspace: string; env?: Record<string, string>; vsix?: string; settings?: Record<string, unknown> }): Promise<CodeServer> {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server not found at ${CODE_SERVER}: run test/editors/install.sh`);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-cs-'));
  const userDataDir = path.join(base, 'data');
  const extensionsDir = path.join(base, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...(opts.settings ?? {}) }, null, 1));
  if (opts.vsix) installVsix(opts.vsix, userDataDir, extensionsDir);
  const port = await freePort();
  const logFile = path.join(base, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const proc = cp.spawn(CODE_SERVER, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--config', path.join(base, 'config.yaml'), opts.workspace,
  ], { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...(opts.env ?? {}) } });
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited (${proc.exitCode}): ${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() - t0 > 60000) throw new Error(`code-server did not answer /healthz within 60 s: ${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`code-server on ${url} after ${Date.now() - t0} ms (log: ${logFile})`);
  return {
    url, port, userDataDir, extensionsDir, logFile,
    async stop() {
      if (proc.exitCode === null && proc.pid) {
        try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
        const exited = await Promise.race([new Promise((r) => proc.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), 5000))]);
        if (!exited) { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ } }
      }
      fs.closeSync(out);
      if (!process.env.PALISADE_KEEP_TMP) fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(viewport = { width: 1400, height: 900 }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: run test/editors/install.sh`);
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-chr-'));
  const context = await chromium.launchPersistentContext(udd, {
    executablePath: CHROMIUM, headless: true, viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { context, async close() { await context.close().catch(() => undefined); fs.rmSync(udd, { recursive: true, force: true }); } };
}
