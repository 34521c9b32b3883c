/**
 * Runs inside VS Code's extension host (code-server's; started by bench/editor.ts as an extension
 * test module, `run()`): opens each generated manifest, then types one character at a time (an `x` at
 * the end of a `tier: backend` label, as bench/run.ts's LSP edits do) and times each edit from the
 * `TextEditor.edit` call to the moment the language client sets that document's new diagnostics
 * (and sends them to the workbench), and to the `onDidChangeDiagnostics` event. Edits are 30 ms apart after the
 * previous diagnostics, so each sample is one edit and one analysis. Each sample also records when the
 * extension host saw the document change (onDidChangeTextDocument: the edit's round trip through the
 * workbench, after which the language client sends didChange). Writes the samples as JSON to
 * $PALISADE_BENCH_OUT.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * When the language client sets a document's diagnostics (its handleDiagnostics middleware, through
 * which every publish passes on its way to the workbench): the moment the editor receives them.
 * (`onDidChangeDiagnostics` comes 50 ms later: VS Code's extension host debounces that event.)
 */
const setListeners: { uri: string; resolve: (at: number) => void }[] = [];
function installProbe(client: { clientOptions: { middleware?: Record<string, unknown> } }): void {
  const mw = (client.clientOptions.middleware ??= {});
  const prev = mw.handleDiagnostics as ((u: vscode.Uri, d: vscode.Diagnostic[], next: (u: vscode.Uri, d: vscode.Diagnostic[]) => void) => void) | undefined;
  mw.handleDiagnostics = (u: vscode.Uri, d: vscode.Diagnostic[], next: (u: vscode.Uri, d: vscode.Diagnostic[]) => void) => {
    if (prev) prev(u, d, next); else next(u, d);
    const at = performance.now();
    for (let i = setListeners.length - 1; i >= 0; i--) if (setListeners[i].uri === u.toString()) setListeners.splice(i, 1)[0].resolve(at);
  };
}

/** Resolves at the next time the client sets diagnostics for `uri`, with its time. */
function nextDiagnostics(uri: vscode.Uri, timeoutMs = 30000): Promise<number> {
  return new Promise((resolve, reject) => {
    const l = { uri: uri.toString(), resolve: (at: number) => { clearTimeout(t); resolve(at); } };
    const t = setTimeout(() => { setListeners.splice(setListeners.indexOf(l), 1); reject(new Error(`no diagnostics for ${uri.fsPath} within ${timeoutMs} ms`)); }, timeoutMs);
    setListeners.push(l);
  });
}

/** Resolves at the next onDidChangeDiagnostics event for `uri`, with its time. */
function nextChangeEvent(uri: vscode.Uri): Promise<number> {
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      sub.dispose();
      resolve(performance.now());
    });
  });
}

/** Waits until `uri` got no new diagnostics for `quietMs`. */
async function quiet(uri: vscode.Uri, quietMs: number): Promise<void> {
  for (;;) {
    const got = await Promise.race([nextDiagnostics(uri, quietMs + 1000).then(() => true, () => false), sleep(quietMs).then(() => false)]);
    if (!got) return;
  }
}

function editPoints(doc: vscode.TextDocument, count: number): vscode.Position[] {
  const cands: vscode.Position[] = [];
  for (let i = 0; i < doc.lineCount; i++) {
    const l = doc.lineAt(i).text;
    if (/^\s+tier: backend$/.test(l)) cands.push(new vscode.Position(i, l.length));
  }
  if (!cands.length) throw new Error(`no 'tier: backend' line in ${doc.uri.fsPath}`);
  const out: vscode.Position[] = [];
  for (let i = 0; i < count; i++) out.push(cands[Math.floor((i * cands.length) / count + cands.length / count / 2) % cands.length]);
  // alternate top and bottom halves so consecutive edits land in different documents
  return out.map((_, i) => out[i % 2 ? count - 1 - (i >> 1) : i >> 1]);
}

export async function run(): Promise<void> {
  const out = process.env.PALISADE_BENCH_OUT;
  const files = (process.env.PALISADE_BENCH_FILES ?? '').split(path.delimiter).filter(Boolean);
  const edits = Number(process.env.PALISADE_BENCH_EDITS ?? 40);
  const warmup = Number(process.env.PALISADE_BENCH_WARMUP ?? 5);
  if (!out || !files.length) throw new Error('set PALISADE_BENCH_OUT and PALISADE_BENCH_FILES');
  const ext = vscode.extensions.getExtension('palisade.palisade');
  if (!ext) throw new Error('the Palisade extension is not loaded');
  const api = (ext.isActive ? ext.exports : await ext.activate()) as { client: { clientOptions: { middleware?: Record<string, unknown> } } };
  installProbe(api.client);
  const results: { file: string; lines: number; diagnostics: number; openMs: number; samples: number[]; changeSeen: number[]; events: number[] }[] = [];
  for (const file of files) {
    const uri = vscode.Uri.file(file);
    const t0 = performance.now();
    const first = nextDiagnostics(uri, 60000);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const openMs = (await first) - t0;
    await quiet(uri, 500);
    const grow = new Map<number, number>();
    const samples: number[] = [];
    const changeSeen: number[] = [];
    const events: number[] = [];
    for (const p of editPoints(doc, edits + warmup)) {
      const extra = grow.get(p.line) ?? 0;
      grow.set(p.line, extra + 1);
      const next = nextDiagnostics(uri);
      const event = nextChangeEvent(uri);
      let changedAt = NaN;
      const sub = vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.uri.toString() === uri.toString() && Number.isNaN(changedAt)) changedAt = performance.now(); });
      const s = performance.now();
      const ok = await editor.edit((b) => b.insert(p.translate(0, extra), 'x'), { undoStopBefore: false, undoStopAfter: false });
      if (!ok) throw new Error('the edit was not applied');
      samples.push((await next) - s);
      changeSeen.push(changedAt - s);
      events.push((await event) - s);
      sub.dispose();
      await sleep(30);
    }
    results.push({ file: path.basename(file), lines: doc.lineCount, diagnostics: vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'palisade').length, openMs, samples: samples.slice(warmup), changeSeen: changeSeen.slice(warmup), events: events.slice(warmup) });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  fs.writeFileSync(out, JSON.stringify(results, null, 1));
}
