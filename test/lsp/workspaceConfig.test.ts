/**
 * The server's `.palisade.yaml` is data from the workspace only: a config in the first workspace
 * folder is applied, but one that resolves (through a symlink) to a file outside the folder is not
 * read, and the server says so on its output channel (window/logMessage).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient, INSECURE } from './client';

/** Turns the finding INSECURE gets (K8S003, privileged container) off. */
const CONFIG = 'rules:\n  K8S003: off\n';

describe('language server: .palisade.yaml in the workspace folder', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  let c: TestClient | undefined;
  const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-ws-')); dirs.push(d); return d; };
  afterEach(async () => { await c?.stop(); c = undefined; });
  after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

  /** Starts a server on `ws`, opens pod.yaml there and returns its first diagnostics' codes. */
  async function codesIn(ws: string): Promise<string[]> {
    fs.writeFileSync(path.join(ws, 'pod.yaml'), INSECURE);
    c = await startClient({ workspaceFolders: [pathToFileURL(ws).toString()] });
    const uri = pathToFileURL(path.join(ws, 'pod.yaml')).toString();
    c.open(uri, INSECURE);
    return (await c.nextDiagnostics(uri, 1)).diagnostics.map((d) => String(d.code));
  }

  it('applies a .palisade.yaml that is a regular file in the folder (control)', async () => {
    const ws = tmp();
    fs.writeFileSync(path.join(ws, '.palisade.yaml'), CONFIG);
    const codes = await codesIn(ws);
    assert.ok(!codes.includes('K8S003'), `K8S003 is off in the config: ${codes}`);
    assert.ok(codes.includes('K8S014'), `other findings remain: ${codes}`);
  });

  it('applies a .palisade.yaml symlinked to a file inside the folder', async () => {
    const ws = tmp();
    fs.mkdirSync(path.join(ws, 'conf'));
    fs.writeFileSync(path.join(ws, 'conf', 'palisade.yaml'), CONFIG);
    fs.symlinkSync(path.join(ws, 'conf', 'palisade.yaml'), path.join(ws, '.palisade.yaml'));
    const codes = await codesIn(ws);
    assert.ok(!codes.includes('K8S003'), `K8S003 is off in the config: ${codes}`);
    assert.ok(!c!.logs.some((l) => /outside the workspace/.test(l.message)), JSON.stringify(c!.logs));
  });

  it('does not read a .palisade.yaml symlinked to a file outside the folder, and logs why', async () => {
    const outside = tmp();
    fs.writeFileSync(path.join(outside, 'cfg.yaml'), CONFIG);
    const ws = tmp();
    fs.symlinkSync(path.join(outside, 'cfg.yaml'), path.join(ws, '.palisade.yaml'));
    const codes = await codesIn(ws);
    assert.ok(codes.includes('K8S003'), `the outside config must not turn K8S003 off: ${codes}`);
    const log = c!.logs.find((l) => /outside the workspace/.test(l.message));
    assert.ok(log, `a log message names the refused config: ${JSON.stringify(c!.logs)}`);
    assert.ok(log!.message.includes('.palisade.yaml'), log!.message);
  });

  it('fix-all follows the .palisade.yaml of the folder: a rule it turns off is not fixed', async () => {
    const DOCKERFILE = 'FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\nRUN echo hi\n';
    const fixAll = async (config: string | undefined) => {
      const ws = tmp();
      // DF023 is in the strict profile (a deprecation, not a risk)
      fs.writeFileSync(path.join(ws, '.palisade.yaml'), `profile: strict\n${config ?? ''}`);
      fs.writeFileSync(path.join(ws, 'Dockerfile'), DOCKERFILE);
      c = await startClient({ workspaceFolders: [pathToFileURL(ws).toString()] });
      const uri = pathToFileURL(path.join(ws, 'Dockerfile')).toString();
      c.open(uri, DOCKERFILE, 'dockerfile');
      await c.nextDiagnostics(uri, 1);
      const actions = (await c.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.palisade'] } })) as { edit?: { changes?: Record<string, { newText: string }[]> } }[];
      await c.stop(); c = undefined;
      return actions.flatMap((a) => a.edit?.changes?.[uri] ?? []).map((e) => e.newText).join('');
    };
    assert.match(await fixAll(undefined), /LABEL maintainer=/, 'without a config, fix-all replaces MAINTAINER (DF023, a safe fix)');
    assert.doesNotMatch(await fixAll('rules:\n  DF023: off\n'), /LABEL maintainer=/, 'DF023 is off in .palisade.yaml: fix-all leaves MAINTAINER alone');
  });

  it('multi-root: the .palisade.yaml of each folder applies to the files of that folder only', async () => {
    const one = tmp(), two = tmp();
    fs.writeFileSync(path.join(one, '.palisade.yaml'), CONFIG); // K8S003 off in folder one
    fs.writeFileSync(path.join(two, '.palisade.yaml'), 'rules:\n  K8S014: off\nexclude:\n  - vendor/\n');
    for (const d of [one, two]) fs.writeFileSync(path.join(d, 'pod.yaml'), INSECURE);
    c = await startClient({ workspaceFolders: [pathToFileURL(one).toString(), pathToFileURL(two).toString()] });
    const codesOf = async (file: string) => {
      const uri = pathToFileURL(file).toString();
      c!.open(uri, INSECURE);
      return (await c!.nextDiagnostics(uri, 1)).diagnostics.map((d) => String(d.code));
    };
    const a = await codesOf(path.join(one, 'pod.yaml'));
    assert.ok(!a.includes('K8S003') && a.includes('K8S014'), `folder one: K8S003 off, K8S014 on: ${a}`);
    const b = await codesOf(path.join(two, 'pod.yaml'));
    assert.ok(b.includes('K8S003') && !b.includes('K8S014'), `folder two: K8S003 on, K8S014 off: ${b}`);
    // excludes are relative to their own folder
    fs.mkdirSync(path.join(two, 'vendor'));
    const vendored = pathToFileURL(path.join(two, 'vendor', 'pod.yaml')).toString();
    c.open(vendored, INSECURE);
    assert.deepStrictEqual((await c.nextDiagnostics(vendored, 1)).diagnostics, [], 'excluded by folder two');
    fs.mkdirSync(path.join(one, 'vendor'));
    const notExcluded = pathToFileURL(path.join(one, 'vendor', 'pod.yaml')).toString();
    c.open(notExcluded, INSECURE);
    assert.ok((await c.nextDiagnostics(notExcluded, 1)).diagnostics.length > 0, 'folder one excludes nothing');
  });
});
