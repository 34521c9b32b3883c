/**
 * The same integration suite (out/editors/suite.js) under @vscode/test-electron, for machines that can
 * download VS Code (or have one: set VSCODE_EXECUTABLE). On the project's CI machines there is no
 * VS Code to download, so .ci/run runs the suite in code-server instead (runExtensionTests.ts).
 * Usage: node test/editors/build.mjs && npm run build && tsx test/editors/runTestElectron.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { ROOT, makeWorkspace } from './codeServer';

async function main(): Promise<void> {
  const workspace = makeWorkspace();
  const resultsFile = path.join(workspace, '..', `palisade-electron-results-${process.pid}.json`);
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'editors', 'suite.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { PALISADE_TEST_RESULTS: resultsFile, ...(process.env.PALISADE_TEST_GREP ? { PALISADE_TEST_GREP: process.env.PALISADE_TEST_GREP } : {}) },
    });
  } finally {
    if (fs.existsSync(resultsFile)) { process.stdout.write(fs.readFileSync(resultsFile, 'utf8') + '\n'); fs.rmSync(resultsFile); }
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`integration tests failed: ${(e as Error)?.message ?? e}`); process.exit(1); });
