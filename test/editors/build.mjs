// Bundles the integration suite (test/editors/suite) for the extension host: out/editors/suite.js.
import * as esbuild from 'esbuild';
await esbuild.build({
  entryPoints: ['test/editors/suite/index.ts'],
  outfile: 'out/editors/suite.js',
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
