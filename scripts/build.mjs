// Bundles the extension client, the language server and the CLI with esbuild.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { bundledPackages, thirdPartyNotices } from './notices.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const root = fileURLToPath(new URL('..', import.meta.url));
// PALISADE_DIST: build elsewhere (the licence test builds into a temporary directory)
const dist = path.resolve(root, process.env.PALISADE_DIST ?? 'dist');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  // the packaged build (--minify, run by vsce) writes its maps beside the bundles without pointing
  // the bundles at them: the VSIX does not ship maps, and a sourceMappingURL to a missing file is
  // an error in the extension host's console. Development builds link theirs.
  sourcemap: minify ? 'external' : 'linked',
  minify,
  define: { PALISADE_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // licence comments of the bundled code stay, at the end of each bundle; the full licence texts of
  // the bundled packages go to dist/THIRD_PARTY_NOTICES.txt (scripts/notices.mjs), shipped in the VSIX
  legalComments: 'eof',
  metafile: true,
  absWorkingDir: root,
  // the ES module build of `yaml` (the same code as its CommonJS build): bundled as ESM its functions
  // are called directly; through the CommonJS interop every call (isMap, isScalar...) went through a
  // property getter, about a fifth of a full analysis
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};
const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: path.join(dist, 'client.js'), external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: path.join(dist, 'server.js') },
  { entryPoints: ['server/src/cli/main.ts'], outfile: path.join(dist, 'cli.js') },
];
if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  const inputs = {};
  for (const r of results) Object.assign(inputs, r.metafile.inputs);
  mkdirSync(dist, { recursive: true });
  writeFileSync(path.join(dist, 'THIRD_PARTY_NOTICES.txt'), thirdPartyNotices(bundledPackages({ inputs }, root)));
}
