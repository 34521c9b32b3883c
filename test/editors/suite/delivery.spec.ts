/**
 * Issue 17's editor defects, checked in the real VS Code extension host: snippets listed once, no
 * unknown snippet language, the generated NetworkPolicy revealed and announced, Scan Workspace's count
 * equal to the Problems panel's, the Pod Security level only on Kubernetes files.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, EXT_ID, ours, waitFor, wsUri } from './helpers';

async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

function labelOf(item: vscode.CompletionItem): string { return typeof item.label === 'string' ? item.label : item.label.label; }

suite('Palisade delivers what it says (issue 17)', function () {
  this.timeout(60000);

  suiteSetup(async () => { assert.ok((await api()).client.isRunning()); });

  test('every language the extension contributes snippets for is known to VS Code (no "Unknown language" at start)', async () => {
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { snippets: { language: string }[]; languages?: { id: string }[] } };
    const known = new Set(await vscode.languages.getLanguages());
    for (const s of pkg.contributes.snippets) assert.ok(known.has(s.language), `contributes.snippets names the unknown language '${s.language}'`);
  });

  test('each snippet is listed once in the suggest list (the contributed snippet, no LSP duplicate)', async () => {
    for (const [rel, text, prefix] of [['once/a.yaml', 'palisade-', 'palisade-peerauthentication-mesh'], ['once/Dockerfile', 'palisade-', 'palisade-dockerfile-multistage']]) {
      fs.mkdirSync(path.dirname(wsUri(rel).fsPath), { recursive: true });
      fs.writeFileSync(wsUri(rel).fsPath, text);
      const ed = await open(wsUri(rel));
      const pos = new vscode.Position(0, text.length);
      const labels = await waitFor(`completions with ${prefix} in ${rel}`, async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', ed.document.uri, pos);
        const l = list.items.map(labelOf).filter((x) => x.startsWith('palisade-'));
        return l.includes(prefix) && l;
      });
      const twice = [...new Set(labels.filter((l, i) => labels.indexOf(l) !== i))];
      assert.deepStrictEqual(twice, [], `listed twice in ${rel}: ${twice.join(', ')} (all: ${labels.join(', ')})`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('Generate Default-Deny NetworkPolicy selects and reveals the inserted policy and says so', async () => {
    const ed = await open(wsUri('reveal/long.yaml'));
    const uri = ed.document.uri;
    ed.selection = new vscode.Selection(6, 4, 6, 4); // namespace: ledger
    ed.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    const before = ed.document.lineCount;
    const result = await vscode.commands.executeCommand<{ applied?: boolean; announced?: string }>('palisade.generateDefaultDenyNetworkPolicy', uri.toString(), { line: 6, character: 4 }, { dns: true });
    assert.ok(result?.applied, JSON.stringify(result));
    const active = vscode.window.activeTextEditor!;
    assert.strictEqual(active.document.uri.toString(), uri.toString());
    assert.ok(active.document.lineCount > before, 'the policy was inserted');
    const selected = active.document.getText(active.selection);
    assert.match(selected, /^apiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy[\s\S]*namespace: ledger[\s\S]*port: 53$/, `the selection is the policy: ${JSON.stringify(selected)}`);
    assert.ok(active.selection.start.line >= before - 1, 'the policy is the new text at the end');
    await waitFor('the policy to be in view', () => active.visibleRanges.some((r) => r.contains(active.selection.start)));
    assert.match(result.announced ?? '', /^Palisade: added a default-deny NetworkPolicy for namespace 'ledger' at line \d+ \(DNS egress allowed\)/);
    assert.ok(result.announced!.includes(`at line ${active.selection.start.line + 1}`), result.announced);
    await active.document.save();
  });

  test('Scan Workspace reports the number of findings the Problems panel shows, the open document included', async () => {
    const ed = await open(wsUri('insecure.yaml'));
    await waitFor('diagnostics on the open document', () => ours(ed.document.uri).length > 0);
    const result = await vscode.commands.executeCommand<{ files: number; findings: number }>('palisade.scanWorkspace');
    assert.ok(result && typeof result.findings === 'number', JSON.stringify(result));
    const shown = () => vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === 'palisade').length, 0);
    await waitFor(`the Problems panel to show the ${result.findings} findings the scan reported`, () => shown() === result.findings, 20000)
      .catch((e) => { throw new Error(`${(e as Error).message}; Problems shows ${shown()}`); });
    assert.ok(ours(ed.document.uri).length > 0 && result.findings > ours(ed.document.uri).length);
  });

  test('the status bar shows the Pod Security level on Kubernetes files only', async () => {
    const a = await api();
    const levels = /\b(restricted|baseline|privileged|mixed)\b/;
    const k8s = await open(wsUri('insecure.yaml'));
    await waitFor('the level on a Kubernetes manifest', () => a.statusBar.visible && a.statusBar.text.startsWith('$(shield) restricted'));
    assert.strictEqual(a.statusBar.command, 'palisade.selectPodSecurityLevel');
    void k8s;
    fs.mkdirSync(wsUri('.github/workflows').fsPath, { recursive: true });
    fs.writeFileSync(wsUri('.github/workflows/ci.yml').fsPath, 'name: ci\non: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n    - run: echo hi\n');
    for (const rel of ['snippet/Dockerfile', '.github/workflows/ci.yml']) {
      const ed = await open(wsUri(rel));
      await waitFor(`the status bar on ${rel} without a level`, () => a.statusBar.visible && a.statusBar.text.startsWith('$(shield) $(') && !levels.test(a.statusBar.text));
      assert.ok(!/Pod Security/.test(a.statusBar.tooltip), `no Pod Security level in the tooltip on ${rel}: ${a.statusBar.tooltip}`);
      assert.strictEqual(a.statusBar.command, 'workbench.actions.view.problems');
      const n = ours(ed.document.uri);
      const errors = n.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
      if (n.length) await waitFor(`the counts of ${rel}`, () => a.statusBar.text.includes(`$(error) ${errors} `));
    }
  });
});
