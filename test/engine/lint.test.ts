import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

// The lint configuration (eslint.config.mjs, run by `npm run lint` in `npm test`) is what keeps the engine pure and the
// code free of unused symbols (#19). These cases lint small texts as if they sat at a path, so a rule dropped from the
// configuration, or scoped to the wrong files, fails here.
const ROOT = path.resolve(__dirname, '..', '..');

async function lint(text: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}:${m.line}`);
}

describe('lint configuration (eslint.config.mjs)', function () {
  this.timeout(60_000);

  it('forbids editor, LSP, file-system, process and network imports in engine files', async () => {
    const text = [
      "import * as fs from 'node:fs';",
      "import { readFileSync } from 'fs';",
      "import { spawn } from 'child_process';",
      "import * as vscode from 'vscode';",
      "import { createConnection } from 'vscode-languageserver/node';",
      "import { TextDocument } from 'vscode-languageserver-textdocument';",
      "import * as https from 'node:https';",
      "import * as net from 'net';",
      "export const all = [fs, readFileSync, spawn, vscode, createConnection, TextDocument, https, net];",
    ].join('\n');
    assert.deepStrictEqual(await lint(text, 'server/src/engine/rules/k8s/probe.ts'),
      [1, 2, 3, 4, 5, 6, 7, 8].map((l) => `no-restricted-imports:${l}`));
  });

  it('forbids require() of a module in the engine but allows reading JSON data', async () => {
    const text = "export const a = require('child_process');\nexport const v = require('../../../package.json');\n";
    assert.deepStrictEqual(await lint(text, 'server/src/engine/probe.ts'), ['no-restricted-syntax:1']);
  });

  it('allows the same imports outside the engine (CLI, language server)', async () => {
    const text = "import * as fs from 'fs';\nimport { createConnection } from 'vscode-languageserver/node';\nexport const all = [fs, createConnection];\n";
    assert.deepStrictEqual(await lint(text, 'server/src/cli/probe.ts'), []);
    assert.deepStrictEqual(await lint(text, 'server/src/lsp/probe.ts'), []);
  });

  it('reports unused variables and imports, but not names starting with _', async () => {
    const text = [
      "import { join, dirname } from 'path';",
      'export function f(a: number, _b: number): string { const unused = 1; const _kept = 2; return join(String(a)); }',
    ].join('\n');
    assert.deepStrictEqual(await lint(text, 'server/src/cli/probe.ts'),
      ['@typescript-eslint/no-unused-vars:1', '@typescript-eslint/no-unused-vars:2']);
  });

  it('forbids eval and new Function everywhere', async () => {
    const text = "export const a = eval('1');\nexport const b = new Function('return 1');\n";
    assert.deepStrictEqual(await lint(text, 'test/probe.test.ts'), ['no-eval:1', 'no-new-func:2']);
  });
});
