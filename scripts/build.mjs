// Bundles the extension client, the language server and the CLI with esbuild.
import * as esbuild from 'esbuild';
import { readFileSync } from 'fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'linked',
  minify: process.argv.includes('--minify'),
  define: { PALISADE_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  legalComments: 'none',
  // the ES module build of `yaml` (the same code as its CommonJS build): bundled as ESM its functions
  // are called directly; through the CommonJS interop every call (isMap, isScalar...) went through a
  // property getter, about a fifth of a full analysis
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};
const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
];
if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
