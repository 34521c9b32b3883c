/**
 * The extension's own safety: the server and CLI code paths use no network, no child processes, no
 * eval / new Function. Checked in the source (server/src) and in the built bundles (dist/server.js,
 * dist/cli.js; `npm test` builds first, unminified, so esbuild's `// node_modules/...` module
 * markers name where every require comes from).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const FORBIDDEN = ['net', 'http', 'https', 'http2', 'dgram', 'child_process', 'tls', 'cluster'];
const modRe = `(?:node:)?(${FORBIDDEN.join('|')})`;

/**
 * Uses that are bundled with vscode-languageserver and allowed, with the reason. Anything else fails.
 * - vscode-jsonrpc's node entry imports `net` for its socket and named-pipe transports
 *   (`--socket=`, `--pipe=`), which createConnection picks from the command line; the extension
 *   starts the server over IPC, and `palisade lsp --stdio` over stdio; `net` opens no outbound connection.
 * - vscode-languageserver's `files.js` (the Files helpers: resolveGlobalNodePath/resolveGlobalYarnPath,
 *   which run `npm`/`yarn`) imports `child_process`; Palisade never calls those helpers (checked below).
 */
const ALLOWED: { module: string; from: string; reason: string }[] = [
  { module: 'net', from: 'node_modules/vscode-jsonrpc/lib/node/main.js', reason: 'socket and pipe transports of the LSP connection' },
  { module: 'child_process', from: 'node_modules/vscode-languageserver/lib/node/files.js', reason: 'Files.resolveGlobal* helpers, never called by Palisade' },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : /\.ts$/.test(d.name) ? [p] : [];
  });
}

describe('robustness: safety guard', () => {
  it('server/src imports no network or process modules and uses no eval / new Function', () => {
    const bad: string[] = [];
    for (const f of sourceFiles(path.join(ROOT, 'server', 'src'))) {
      const src = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
      const rel = path.relative(ROOT, f);
      for (const re of [new RegExp(`from\\s+['"]${modRe}['"]`, 'g'), new RegExp(`require\\(\\s*['"]${modRe}['"]\\s*\\)`, 'g'), new RegExp(`import\\(\\s*['"]${modRe}['"]\\s*\\)`, 'g')]) {
        for (const m of src.matchAll(re)) bad.push(`${rel}: ${m[0]}`);
      }
      for (const m of src.matchAll(/(?<![\w.$])eval\s*\(|new\s+Function\s*\(|(?<![\w.$])Function\s*\(/g)) bad.push(`${rel}: ${m[0]}`);
      if (/\bFiles\.|resolveGlobal(Node|Yarn)Path|resolveModulePath/.test(src)) bad.push(`${rel}: uses vscode-languageserver Files helpers (they spawn npm/yarn)`);
    }
    assert.deepStrictEqual(bad, []);
  });

  for (const bundle of ['server.js', 'cli.js']) {
    it(`dist/${bundle} requires network/process modules only where the allow-list says why`, () => {
      const file = path.join(ROOT, 'dist', bundle);
      const text = fs.readFileSync(file, 'utf8');
      const marks = [...text.matchAll(/^\/\/ (\S+)$/gm)].map((m) => ({ at: m.index!, path: m[1] }));
      assert.ok(marks.length > 10, `dist/${bundle} has no module markers: build it unminified (node scripts/build.mjs)`);
      const found: string[] = [];
      for (const m of text.matchAll(new RegExp(`require\\(\\s*["']${modRe}["']\\s*\\)`, 'g'))) {
        const from = [...marks].reverse().find((k) => k.at < m.index!)?.path ?? '(top)';
        const mod = m[1];
        if (!ALLOWED.some((a) => a.module === mod && a.from === from)) found.push(`${mod} from ${from}`);
      }
      for (const m of text.matchAll(/(?<![\w.$])eval\s*\(|new\s+Function\s*\(/g)) {
        const from = [...marks].reverse().find((k) => k.at < m.index!)?.path ?? '(top)';
        found.push(`${m[0]} in ${from}`);
      }
      assert.deepStrictEqual(found, [], 'a new use of a forbidden module: remove it, or add it to ALLOWED with the reason');
    });
  }
});
