/**
 * The Palisade posture view (Explorer): ./postureTree.ts's tree of the server's `palisade.posture`
 * answer, refreshed as the workspace's diagnostics change (that is, as the user types: the server
 * publishes the diagnostics of each edit of an open document, and answers over the text as typed), with
 * click-through to the workloads and the policy rules that allow each edge.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { postureTree, TreeNode, parseWhoCanQuery, whoCanItems, parseReachQuery, reachSummary } from './postureTree';
import type { ReachAnswer } from '../../server/src/engine/posture/reach';
import type { WhoAnswer } from '../../server/src/engine/posture/whocan';
import type { Where } from '../../server/src/engine/posture/common';
import type { PostureOverview } from '../../server/src/engine/posture/overview';

export const POSTURE_VIEW = 'palisade.postureView';
export const REFRESH_POSTURE = 'palisade.refreshPosture';
export const WHO_CAN_QUERY = 'palisade.whoCanQuery';
export const REACH_QUERY = 'palisade.reachQuery';

export class PostureView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private readonly view: vscode.TreeView<TreeNode>;
  /** The workspace changed while the view was hidden: refresh when it shows. */
  private stale = true;

  private count = 0;

  constructor(private readonly getClient: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView(POSTURE_VIEW, { treeDataProvider: this });
    this.subs.push(
      this.view,
      this.view.onDidChangeVisibility((e) => { if (e.visible && this.stale) this.schedule(); }),
      vscode.commands.registerCommand(REFRESH_POSTURE, () => this.refresh()),
      // (a keybinding or another extension may pass the query text instead of typing it in the box)
      vscode.commands.registerCommand(WHO_CAN_QUERY, (q?: unknown) => this.whoCan(typeof q === 'string' ? q : undefined)),
      vscode.commands.registerCommand(REACH_QUERY, (q?: unknown) => this.reach(typeof q === 'string' ? q : undefined)),
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      this.changed,
    );
  }

  /** What the view shows (its top-level nodes), for the extension's API and its tests. */
  get tree(): readonly TreeNode[] { return this.roots; }
  /** How many times the tree was recomputed. */
  get refreshes(): number { return this.count; }

  schedule(): void {
    // a hidden view costs nothing: the overview is computed when it is shown
    if (!this.view.visible) { this.stale = true; return; }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 400);
  }

  async refresh(): Promise<void> {
    const c = this.getClient();
    if (!c?.isRunning()) return;
    this.stale = false;
    try {
      const o = await c.sendRequest('workspace/executeCommand', { command: 'palisade.posture', arguments: [] }) as PostureOverview;
      this.roots = postureTree(o);
    } catch (e) {
      this.roots = [{ label: `Palisade: ${(e as Error).message}`, icon: 'error', children: [] }];
    }
    this.count++;
    this.changed.fire(undefined);
  }

  /**
   * Asks a "who can" question (`query`, else in a box), lists who can (or what the subject can do),
   * opens the chosen binding line and returns where it is.
   */
  async whoCan(query?: string): Promise<Where | undefined> {
    const text = query ?? await vscode.window.showInputBox({
      title: 'Palisade: Who Can...', prompt: 'VERB RESOURCE [-n NAMESPACE | -A] [--name NAME], or KIND:NAME (what it can do)',
      placeHolder: 'get secrets -n prod   |   ServiceAccount:ci/build',
      validateInput: (t) => (parseWhoCanQuery(t) ? undefined : 'VERB RESOURCE [-n NAMESPACE | -A] [--name NAME], or User:NAME, Group:NAME, ServiceAccount:NAMESPACE/NAME'),
    });
    const args = text === undefined ? undefined : parseWhoCanQuery(text);
    if (query !== undefined && !args) { void vscode.window.showErrorMessage(`Palisade: not a "who can" question: ${query}`); return; }
    const c = this.getClient();
    if (!args || !c?.isRunning()) return;
    let a: WhoAnswer & { question: string };
    try {
      a = await c.sendRequest('workspace/executeCommand', { command: 'palisade.whoCan', arguments: [args] }) as WhoAnswer & { question: string };
    } catch (e) { void vscode.window.showErrorMessage(`Palisade: ${(e as Error).message}`); return; }
    for (const p of a.problems) void vscode.window.showWarningMessage(`Palisade: ${p.message} (the answer may be incomplete)`);
    const items = whoCanItems(a);
    if (!items.length) { void vscode.window.showInformationMessage(`Palisade: ${a.question}: nobody, in the workspace's files.`); return; }
    const pick = await vscode.window.showQuickPick(items, { title: `Palisade: ${a.question}`, matchOnDescription: true, matchOnDetail: true });
    if (pick?.location) await open(pick.location);
    return pick?.location;
  }

  /**
   * Asks whether traffic is allowed (`query`, else in a box); says the answer, offers to open the rules
   * (or the isolating policies), and returns the answer and the message said without waiting for a click.
   */
  async reach(query?: string): Promise<{ answer: ReachAnswer; message: string; places: { label: string; where: Where }[] } | undefined> {
    const text = query ?? await vscode.window.showInputBox({
      title: 'Palisade: Can Traffic Reach...', prompt: 'FROM TO [PORT[/PROTOCOL]]: namespace/workload, or an address or CIDR outside the cluster',
      placeHolder: 'default/frontend prod/db 5432   |   0.0.0.0/0 prod/api http',
      validateInput: (t) => (parseReachQuery(t) ? undefined : 'FROM TO [PORT[/PROTOCOL]]'),
    });
    const args = text === undefined ? undefined : parseReachQuery(text);
    if (query !== undefined && !args) { void vscode.window.showErrorMessage(`Palisade: not a reach question (FROM TO [PORT]): ${query}`); return; }
    const c = this.getClient();
    if (!args || !c?.isRunning()) return;
    let a: ReachAnswer;
    try {
      a = await c.sendRequest('workspace/executeCommand', { command: 'palisade.reach', arguments: [args] }) as ReachAnswer;
    } catch (e) { void vscode.window.showErrorMessage(`Palisade: ${(e as Error).message}`); return; }
    for (const p of a.problems) void vscode.window.showWarningMessage(`Palisade: ${p.message} (the answer may be wrong)`);
    const { message, open: places } = reachSummary(a);
    const buttons = places.slice(0, 3).map((p) => p.label);
    const shown = a.allowed ? vscode.window.showInformationMessage(`Palisade: ${message}`, ...buttons) : vscode.window.showWarningMessage(`Palisade: ${message}`, ...buttons);
    void shown.then((chosen) => { const place = places.find((p) => p.label === chosen); if (place) void open(place.where); });
    return { answer: a, message, places };
  }

  getChildren(n?: TreeNode): TreeNode[] { return n ? n.children : this.roots; }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(n.label, n.children.length ? (n.icon === 'symbol-namespace' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None);
    item.description = n.description;
    item.tooltip = n.tooltip;
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon, n.warn ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    if (n.location?.file) {
      const r = n.location.range;
      item.command = {
        command: 'vscode.open', title: 'Open',
        arguments: [vscode.Uri.parse(n.location.file), { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}

async function open(w: Where): Promise<void> {
  const r = w.range;
  await vscode.window.showTextDocument(vscode.Uri.parse(w.file), { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) });
}
