/** What the integration suite's spec files share: the extension, the workspace, waiting for the editor. */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PalisadeApi } from '../../../client/src/extension';

export const EXT_ID = 'palisade.palisade';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function wsRoot(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the tests need a workspace folder');
  return f.uri.fsPath;
}
export function wsUri(rel: string): vscode.Uri { return vscode.Uri.file(path.join(wsRoot(), rel)); }

/** Palisade's diagnostics of a document. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] { return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'palisade'); }

/** Thrown from a waitFor probe to stop waiting at once. */
export class Fatal extends Error {}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30000): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) {
        if (Date.now() - t0 > 2000) console.log(`      (waited ${Date.now() - t0} ms for ${what})`);
        return v;
      }
      last = v;
    } catch (e) {
      if (e instanceof Fatal) throw e;
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(50);
  }
}

export async function api(): Promise<PalisadeApi> {
  const ext = vscode.extensions.getExtension<PalisadeApi>(EXT_ID);
  assert.ok(ext, `extension ${EXT_ID} is not installed`);
  return ext.isActive ? ext.exports : ext.activate();
}
