/**
 * The Palisade Posture view (issue 24) in the real VS Code extension host: the tree it shows over the
 * fixture workspace's posture/ files (namespaces with their Pod Security level, workloads, the allowed
 * edges, default-allow workloads flagged), following an unsaved edit of a NetworkPolicy without a
 * manual refresh, and the view's "Who Can..." and "Can Traffic Reach..." questions answered with the
 * lines of the binding and of the policy.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PalisadeApi } from '../../../client/src/extension';
import { api, sleep, waitFor, wsUri } from './helpers';
import type { TreeNode } from '../../../client/src/postureTree';
import type { ReachAnswer } from '../../../server/src/engine/posture/reach';
import type { WhoAnswer } from '../../../server/src/engine/posture/whocan';
import type { Where } from '../../../server/src/engine/posture/common';

async function lineOf(rel: string, needle: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  const i = doc.getText().split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `'${needle}' not in ${rel}`);
  return i;
}

const iconId = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);
/** The workspace-relative path of a location's file (a URI). */
const fileOf = (w: Where | undefined) => (w ? path.relative(wsUri('.').fsPath, vscode.Uri.parse(w.file).fsPath).split(path.sep).join('/') : undefined);

suite('Palisade Posture view (issue 24)', function () {
  this.timeout(60000);
  let a: PalisadeApi;
  const ns = (name: string) => a.posture.tree.find((n) => n.label === name);
  const workload = (namespace: string, label: string) => ns(namespace)?.children.find((w) => w.label === label);
  /** The edges into (or out of) a workload as the tree shows them: `← from storefront/web 5432/TCP`. */
  const edges = (w: TreeNode | undefined, dir: '←' | '→') => (w?.children ?? []).filter((e) => e.label.startsWith(dir)).map((e) => `${e.label} ${e.description ?? ''}`.trim());

  suiteSetup(async () => {
    a = await api();
    assert.ok(a.client.isRunning());
    // the view computes its tree when it is shown: show it (Explorer > Palisade Posture)
    await vscode.commands.executeCommand('palisade.postureView.focus');
    // the server reads the workspace's files in the background
    await waitFor('the posture view to list the fixture\'s workloads', () => workload('payments', 'Deployment ledger-db') && workload('batch', 'Deployment reporter') && workload('storefront', 'Deployment web'));
  });

  test('lists the namespaces with their Pod Security level, their workloads, the allowed edges, default-allow workloads flagged', async () => {
    for (const [name, level] of [['storefront', 'baseline'], ['payments', 'restricted'], ['batch', 'privileged']]) {
      const n = ns(name)!;
      const item = a.posture.treeItem(n);
      assert.strictEqual(item.description, level, `namespace ${name}: its own Pod Security level`);
      assert.strictEqual(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      assert.strictEqual(iconId(item), 'symbol-namespace');
    }
    const names = a.posture.tree.map((n) => n.label);
    assert.deepStrictEqual(names, [...names].sort(), 'namespaces in order');
    // the database: isolated in both directions, reachable from the storefront only, on 5432
    const db = workload('payments', 'Deployment ledger-db')!;
    const dbItem = a.posture.treeItem(db);
    assert.strictEqual(dbItem.description, undefined);
    assert.strictEqual(iconId(dbItem), 'lock');
    assert.deepStrictEqual(edges(db, '←'), ['← from storefront/web 5432/TCP']);
    assert.deepStrictEqual(edges(db, '→'), [], 'its policy allows no egress');
    // click-through: the workload opens at its line, the edge's rule at the policy's `- from:` line
    assert.strictEqual(dbItem.command?.command, 'vscode.open');
    assert.strictEqual((dbItem.command!.arguments![0] as vscode.Uri).fsPath, wsUri('posture/workloads.yaml').fsPath);
    assert.strictEqual((dbItem.command!.arguments![1] as vscode.TextDocumentShowOptions).selection!.start.line, await lineOf('posture/workloads.yaml', 'name: ledger-db'));
    const rule = db.children[0].children;
    assert.deepStrictEqual(rule.map((r) => r.label), ['payments/ledger-db-ingress ingress[0]']);
    assert.strictEqual(fileOf(rule[0].location), 'posture/policies.yaml');
    assert.strictEqual(rule[0].location!.range.start.line, await lineOf('posture/policies.yaml', '- from:'));
    // the web front end: no policy selects it, flagged as default-allow (a warning-coloured open lock)
    const web = workload('storefront', 'Deployment web')!;
    const webItem = a.posture.treeItem(web);
    assert.strictEqual(webItem.description, 'default-allow ingress and egress');
    assert.strictEqual(iconId(webItem), 'unlock');
    assert.strictEqual(((webItem.iconPath as vscode.ThemeIcon).color as { id?: string } | undefined)?.id, 'problemsWarningIcon.foreground');
    assert.ok(edges(web, '→').includes('→ to payments/ledger-db 5432/TCP'), edges(web, '→').join(' | '));
    assert.strictEqual(a.posture.treeItem(workload('batch', 'Deployment reporter')!).description, 'default-allow ingress and egress');
  });

  test('follows an unsaved edit of a NetworkPolicy in the editor, without a refresh', async () => {
    const doc = await vscode.workspace.openTextDocument(wsUri('posture/policies.yaml'));
    await vscode.window.showTextDocument(doc, { preview: false });
    const line = await lineOf('posture/policies.yaml', 'kubernetes.io/metadata.name: storefront');
    const col = doc.lineAt(line).text.indexOf('storefront');
    const db = () => workload('payments', 'Deployment ledger-db');
    const web = () => workload('storefront', 'Deployment web');
    const retype = async (from: string, to: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(line, col, line, col + from.length), to);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    const before = a.posture.refreshes;
    try {
      // the policy now admits the batch namespace instead of the storefront
      await retype('storefront', 'batch');
      assert.ok(doc.isDirty, 'the edit is not saved');
      await waitFor('the edge from batch/reporter, and none from storefront/web', () => {
        const into = edges(db(), '←');
        return into.length === 1 && into[0] === '← from batch/reporter 5432/TCP';
      }, 20000).catch((e) => { throw new Error(`${(e as Error).message}; edges into the database: ${edges(db(), '←').join(' | ')}`); });
      assert.ok(!edges(web(), '→').includes('→ to payments/ledger-db 5432/TCP'), 'the storefront no longer reaches the database');
      assert.ok(a.posture.refreshes > before, 'the view recomputed its tree');
      assert.ok(doc.isDirty, 'still unsaved: the view shows the text as typed');
      // and back
      await retype('batch', 'storefront');
      await waitFor('the edge from storefront/web again', () => edges(db(), '←').join() === '← from storefront/web 5432/TCP', 20000);
    } finally {
      // the file as it is on disk again, for the other tests
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.ok(!doc.isDirty);
  });

  test('"Who Can..." answers with the binding and opens its subject line', async () => {
    // the LSP command through the client: the grant, with the binding's file and line
    const w = await a.client.sendRequest('workspace/executeCommand', { command: 'palisade.whoCan', arguments: [{ verb: 'get', resource: 'secrets', namespace: 'payments' }] }) as WhoAnswer & { question: string };
    assert.deepStrictEqual(w.rows.map((r) => `${r.subject.kind} ${r.subject.namespace}/${r.subject.name} by ${r.binding.kind} ${r.binding.namespace}/${r.binding.name}`), ['ServiceAccount batch/reporter by RoleBinding payments/reporter-reads-secrets']);
    assert.strictEqual(fileOf(w.rows[0].binding.where), 'posture/rbac.yaml');
    assert.strictEqual(w.rows[0].binding.where.range.start.line, await lineOf('posture/rbac.yaml', 'name: reporter-reads-secrets'));
    assert.deepStrictEqual(w.problems, []);
    // the view's command (the query as its argument instead of typed in the box): pick the grant, the binding opens at the subject
    const running = vscode.commands.executeCommand<Where | undefined>('palisade.whoCanQuery', 'get secrets -n payments');
    await sleep(1000);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const opened = await running;
    const subject = await lineOf('posture/rbac.yaml', '- kind: ServiceAccount');
    assert.strictEqual(fileOf(opened), 'posture/rbac.yaml');
    assert.strictEqual(opened!.range.start.line, subject);
    const ed = vscode.window.activeTextEditor!;
    assert.strictEqual(ed.document.uri.fsPath, wsUri('posture/rbac.yaml').fsPath);
    assert.strictEqual(ed.selection.start.line, subject, 'the editor is at the binding\'s subject');
  });

  test('"Can Traffic Reach..." answers allowed with the rule\'s line, denied with the isolating policy\'s', async () => {
    type Reply = { answer: ReachAnswer; message: string; places: { label: string; where: Where }[] };
    const yes = await vscode.commands.executeCommand<Reply>('palisade.reachQuery', 'storefront/web payments/ledger-db 5432');
    assert.strictEqual(yes.answer.allowed, true);
    assert.match(yes.message, /^storefront\/web → payments\/ledger-db: allowed on 5432\/TCP, by payments\/ledger-db-ingress ingress\[0\]/);
    assert.deepStrictEqual(yes.places.map((p) => [p.label, fileOf(p.where), p.where.range.start.line]), [['Open payments/ledger-db-ingress ingress[0]', 'posture/policies.yaml', await lineOf('posture/policies.yaml', '- from:')]]);
    const no = await vscode.commands.executeCommand<Reply>('palisade.reachQuery', 'batch/reporter payments/ledger-db 5432');
    assert.strictEqual(no.answer.allowed, false);
    assert.strictEqual(no.message, 'batch/reporter → payments/ledger-db: denied on 5432/TCP; no rule of payments/ledger-db-ingress allows it.');
    assert.deepStrictEqual(no.places.map((p) => [p.label, fileOf(p.where), p.where.range.start.line]), [['Open payments/ledger-db-ingress', 'posture/policies.yaml', await lineOf('posture/policies.yaml', 'name: ledger-db-ingress')]]);
    // the same answer over the LSP command, for other editors
    const lsp = await a.client.sendRequest('workspace/executeCommand', { command: 'palisade.reach', arguments: [{ from: 'batch/reporter', to: 'payments/ledger-db', port: '5432' }] }) as ReachAnswer;
    assert.strictEqual(lsp.allowed, false);
    assert.deepStrictEqual(lsp.ingress?.selectedBy.map((p) => p.policy), ['payments/ledger-db-ingress']);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
