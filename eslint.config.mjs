// ESLint flat config (issue #19). A small, meaningful rule set:
//  - the engine (server/src/engine/**) stays pure: no editor/LSP imports, no file system, processes or network;
//  - no unused variables, imports or parameters (a leading `_` marks one kept on purpose);
//  - no eval / new Function.
// There is deliberately no formatter here yet: reformatting ~400 files at once would collide with work in progress.
import tseslint from 'typescript-eslint';

const nodeIo = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'tls', 'worker_threads', 'cluster'];
const engineMessage = 'The engine (server/src/engine) is pure: no editor/LSP APIs, file system, processes or network. Do I/O in server/src/cli or server/src/lsp and pass data in.';

export default tseslint.config(
  {
    ignores: [
      // dot-folders at the root are tools' caches and scratch space (.cache, .vscode-test, ...), not sources
      '**/node_modules/**', '.*/**', 'dist/**', 'out/**', 'tmp/**', 'test-results/**',
      'test/**/fixtures/**', 'test/editors/.*/**', 'bench/results/**', 'examples/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': ['error', {
        args: 'after-used',
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrors: 'none',
        destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: engineMessage },
          ...nodeIo.flatMap((name) => [{ name, message: engineMessage }, { name: `node:${name}`, message: engineMessage }]),
        ],
        patterns: [
          { group: ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-*', 'vscode-languageclient', 'vscode-languageclient/*'], message: engineMessage },
          { group: ['**/lsp/**', '**/lsp', '**/cli/**', '**/cli'], message: 'The engine does not depend on the LSP adapter or the CLI.' },
        ],
      }],
      // require('fs') would get around the import rule; require of a JSON file (package.json's version) is data.
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.name='require']:not([arguments.0.value=/\\.json$/])",
        message: 'The engine uses ES imports only (so the import rules above see every dependency); require() is only for JSON data.',
      }],
    },
  },
);
