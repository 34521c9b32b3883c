/**
 * Runs the integration suite (out/editors/suite.js, `run()` as @vscode/test-electron expects) inside
 * code-server's real extension host, with this checkout as the extension under development.
 * Exit code 0 when every test passed. Usage: tsx test/editors/runExtensionTests.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import { ROOT, log, makeWorkspace, startCodeServer, launchChromium } from './codeServer';

async function main(): Promise<number> {
  const t0 = Date.now();
  const suite = path.join(ROOT, 'out', 'editors', 'suite.js');
  if (!fs.existsSync(suite)) throw new Error(`${suite} is missing: run node test/editors/build.mjs`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'client.js'))) throw new Error('dist/ is missing: run npm run build');
  const workspace = makeWorkspace();
  const resultsFile = path.join(os.tmpdir(), `palisade-exttests-${process.pid}.json`);
  fs.rmSync(resultsFile, { force: true });
  const env: Record<string, string> = { PALISADE_TEST_RESULTS: resultsFile };
  if (process.env.PALISADE_TEST_GREP) env.PALISADE_TEST_GREP = process.env.PALISADE_TEST_GREP;
  const cs = await startCodeServer({ workspace, env });
  const browser = await launchChromium();
  let code: number | string = 'TIMEOUT';
  try {
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    let resolveExit!: (c: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      process.stdout.write(type === 'error' ? `[ext:error] ${line}\n` : `${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (c: number) => resolveExit(c));
    const auth = `127.0.0.1:${cs.port}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${auth}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${auth}${suite}`],
    ]);
    await page.goto(`${cs.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`, { waitUntil: 'domcontentloaded', timeout: 120000 });
    const limit = Number(process.env.PALISADE_EXTTEST_TIMEOUT_MS ?? 600000);
    code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('TIMEOUT'), limit))]);
    if (code !== 0) {
      const shot = path.join(os.tmpdir(), 'palisade-exttests-FAILED.png');
      await page.screenshot({ path: shot }).then(() => log(`screenshot of the failed run: ${shot}`), () => undefined);
    }
  } finally {
    await browser.close();
    await cs.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  if (fs.existsSync(resultsFile)) {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { failures: number; results: { title: string; state: string; durationMs?: number; error?: string }[] };
    log(`results: ${r.results.filter((x) => x.state === 'passed').length} passed, ${r.failures} failed, ${r.results.filter((x) => x.state === 'pending').length} pending`);
    for (const x of r.results) if (x.state === 'failed') log(`FAILED: ${x.title}\n  ${x.error?.split('\n').slice(0, 4).join('\n  ')}`);
    fs.rmSync(resultsFile, { force: true });
    if (r.results.some((x) => x.state === 'pending')) { log('pending (skipped) tests are not allowed'); code = 1; }
  } else {
    log('the suite wrote no results (did the extension host start?)');
    if (code === 0) code = 1;
  }
  log(`extension tests in code-server: exit ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return code === 0 ? 0 : 1;
}

main().then((c) => process.exit(c), (e) => { console.error(e); process.exit(2); });
