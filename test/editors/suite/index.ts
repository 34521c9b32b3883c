/**
 * The extension's integration suite, in the shape @vscode/test-electron (and code-server's test
 * payload) expects: a module whose `run()` settles when the tests are done. Bundled by
 * test/editors/build.mjs into out/editors/suite.js, with mocha inside.
 */
import * as fs from 'fs';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  const grep = process.env.PALISADE_TEST_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit('pre-require', globalThis, 'palisade-integration', mocha);
  // the spec modules register their tests with the globals set up by pre-require
  require('./extension.spec');
  require('./delivery.spec');
  require('./posture.spec');
  const resultsFile = process.env.PALISADE_TEST_RESULTS;
  return new Promise((resolve, reject) => {
    const results: { title: string; state: string; durationMs?: number; error?: string }[] = [];
    const runner = mocha.run((failures) => {
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ failures, results }, null, 1));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err) => results.push({ title: t.fullTitle(), state: 'failed', error: String((err as Error)?.stack ?? err).slice(0, 2000) }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
  });
}
