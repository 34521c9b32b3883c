/**
 * The "Palisade: ..." commands. The client only asks the user what the server needs (a level, an
 * option) and forwards the request; the work happens in the language server (workspace/executeCommand).
 *
 * When the server lists a command in `executeCommandProvider`, vscode-languageclient registers it
 * and routes invocations through the `executeCommand` middleware below; otherwise the client
 * registers the command itself. Either way the same handler runs.
 */
import * as vscode from 'vscode';
import {
  LanguageClient, ExecuteCommandRequest, WorkDoneProgress, WorkDoneProgressBegin, WorkDoneProgressReport,
  WorkspaceEdit as LspWorkspaceEdit, Middleware,
} from 'vscode-languageclient/node';
import { readRuleIndex, rulePagePath } from './ruleDocs';
import { podSecurityFor } from './statusBar';
import { FIX_ALL_KIND } from '../../server/src/lsp/kinds';

export const CMD = {
  hardenFile: 'palisade.hardenFile',
  fixAllSafe: 'palisade.fixAllSafe',
  generateDefaultDenyNetworkPolicy: 'palisade.generateDefaultDenyNetworkPolicy',
  scanWorkspace: 'palisade.scanWorkspace',
  showRuleDocumentation: 'palisade.showRuleDocumentation',
  selectPodSecurityLevel: 'palisade.selectPodSecurityLevel',
} as const;

const LEVELS = [
  { label: 'restricted', detail: 'Current pod hardening best practice: non-root, all capabilities dropped, seccomp, no privilege escalation.' },
  { label: 'baseline', detail: 'Prevents known privilege escalations: host namespaces, privileged containers, hostPath, added capabilities.' },
  { label: 'privileged', detail: 'Unrestricted: no Pod Security Standards findings.' },
];

type Handler = (args: unknown[]) => Promise<unknown>;

export class PalisadeCommands {
  private readonly handlers: Record<string, Handler>;
  private seq = 0;

  constructor(private readonly getClient: () => LanguageClient | undefined, private readonly docsDir: string, private readonly log: vscode.OutputChannel) {
    this.handlers = {
      [CMD.hardenFile]: (a) => this.hardenFile(a),
      [CMD.fixAllSafe]: (a) => this.fixAllSafe(a),
      [CMD.generateDefaultDenyNetworkPolicy]: (a) => this.generateNetworkPolicy(a),
      [CMD.scanWorkspace]: (a) => this.scanWorkspace(a),
      [CMD.showRuleDocumentation]: (a) => this.showRuleDocumentation(a),
      [CMD.selectPodSecurityLevel]: (a) => this.selectPodSecurityLevel(a),
    };
  }

  /** Middleware for commands the server registers: ours get their arguments from the user first. */
  readonly middleware: Pick<Middleware, 'executeCommand'> = {
    executeCommand: (command, args, next) => {
      const h = this.handlers[command];
      return h ? this.run(command, h, args) : next(command, args);
    },
  };

  /** Registers, on the client, every command the server does not provide. Call after the client started. */
  registerMissing(): vscode.Disposable[] {
    const provided = new Set(this.serverCommands());
    return Object.entries(this.handlers)
      .filter(([id]) => !provided.has(id))
      .map(([id, h]) => vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, h, args)));
  }

  serverCommands(): string[] {
    return this.getClient()?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  }

  private async run(id: string, h: Handler, args: unknown[]): Promise<unknown> {
    try {
      return await h(args ?? []);
    } catch (e) {
      const msg = (e as Error)?.message ?? String(e);
      this.log.appendLine(`[client] ${id} failed: ${msg}`);
      void vscode.window.showErrorMessage(`Palisade: ${msg}`);
      throw e;
    }
  }

  private client(): LanguageClient {
    const c = this.getClient();
    if (!c || !c.isRunning()) throw new Error('the Palisade language server is not running (see the Palisade output channel).');
    return c;
  }

  /**
   * Sends workspace/executeCommand with positional arguments; fails clearly when the server does not
   * provide the command. The server applies its edits itself (workspace/applyEdit, which VS Code shows
   * as a refactor preview when they need confirmation) and answers `{ applied, fixes, message }`.
   */
  private async sendToServer(command: string, args: unknown[], opts: { token?: vscode.CancellationToken; workDoneToken?: string } = {}): Promise<unknown> {
    const c = this.client();
    if (!this.serverCommands().includes(command)) throw new Error(`the language server does not provide the command '${command}'.`);
    const result = await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken: opts.workDoneToken }, opts.token);
    await this.afterServerCommand(result);
    return result;
  }

  private async afterServerCommand(result: unknown): Promise<void> {
    if (!result || typeof result !== 'object') return;
    const r = result as { changes?: unknown; documentChanges?: unknown; applied?: unknown; message?: unknown };
    if (r.changes || r.documentChanges) {
      // a bare WorkspaceEdit as the answer: the server left applying it to the client
      const edit = await this.client().protocol2CodeConverter.asWorkspaceEdit(r as LspWorkspaceEdit);
      await vscode.workspace.applyEdit(edit, { isRefactoring: true });
      return;
    }
    if (typeof r.message === 'string' && r.message) {
      const unsafe = (r as { unsafeFixes?: unknown }).unsafeFixes;
      if (typeof unsafe === 'number' && unsafe > 0 && this.pendingFixAllUri) {
        // Fix All found only behaviour-changing fixes: offer them, rather than "nothing to do"
        const target = this.pendingFixAllUri;
        const choice = await vscode.window.showInformationMessage(`Palisade: ${r.message}`, `Apply ${unsafe} unsafe fix(es)`);
        if (choice) await this.sendToServer(CMD.fixAllSafe, [target, { unsafe: true }]);
      } else void vscode.window.showInformationMessage(`Palisade: ${r.message}`);
    }
  }

  /** The document of the Fix All being run (for its "apply the unsafe fixes too" follow-up). */
  private pendingFixAllUri: string | undefined;

  private targetUri(args: unknown[]): vscode.Uri {
    const a = args[0];
    if (a instanceof vscode.Uri) return a;
    if (typeof a === 'string') return vscode.Uri.parse(a);
    if (a && typeof a === 'object' && typeof (a as { uri?: unknown }).uri === 'string') return vscode.Uri.parse((a as { uri: string }).uri);
    const ed = vscode.window.activeTextEditor;
    if (!ed) throw new Error('open a file first.');
    return ed.document.uri;
  }

  private async hardenFile(args: unknown[]): Promise<unknown> {
    const uri = this.targetUri(args);
    // ({uri, level}) or, as the server takes it, (uri, level)
    let level = (args[0] as { level?: string } | undefined)?.level ?? (typeof args[1] === 'string' ? args[1] : undefined);
    if (!level) {
      const current = podSecurityFor(uri).level;
      const items = LEVELS.filter((l) => l.label !== 'privileged').map((l) => ({ ...l, description: l.label === current ? '(current setting)' : undefined }));
      const pick = await vscode.window.showQuickPick(items, { title: 'Palisade: Harden File to Pod Security Level', placeHolder: 'Apply every fix needed for this Pod Security Standards level' });
      if (!pick) return undefined;
      level = pick.label;
    }
    return this.sendToServer(CMD.hardenFile, [uri.toString(), level]);
  }

  private async fixAllSafe(args: unknown[]): Promise<unknown> {
    const uri = this.targetUri(args);
    if (this.serverCommands().includes(CMD.fixAllSafe)) {
      this.pendingFixAllUri = uri.toString();
      try { return await this.sendToServer(CMD.fixAllSafe, [uri.toString()]); } finally { this.pendingFixAllUri = undefined; }
    }
    // the server's source.fixAll.palisade code action is the same operation
    this.client();
    const doc = await vscode.workspace.openTextDocument(uri);
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, FIX_ALL_KIND)) ?? [];
    const ours = actions.filter((a) => a.kind && vscode.CodeActionKind.SourceFixAll.append('palisade').contains(a.kind));
    let applied = 0;
    for (const a of ours) {
      if (a.edit && (await vscode.workspace.applyEdit(a.edit))) applied++;
      if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
    }
    if (!applied) void vscode.window.showInformationMessage('Palisade: no safe fixes to apply in this file.');
    return { applied };
  }

  private async generateNetworkPolicy(args: unknown[]): Promise<unknown> {
    const uri = this.targetUri(args);
    // ({uri, position, includeDns}) or, as the server takes it, (uri, position, {dns})
    const obj = args[0] && typeof args[0] === 'object' && !(args[0] instanceof vscode.Uri) ? args[0] as { includeDns?: boolean; position?: { line: number; character: number } } : undefined;
    const given = { position: obj?.position ?? (args[1] as { line: number; character: number } | undefined), includeDns: obj?.includeDns ?? (args[2] as { dns?: boolean } | undefined)?.dns };
    let includeDns = given.includeDns;
    if (includeDns === undefined) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Deny all, allow DNS', detail: 'Also allow egress to kube-dns on port 53 (UDP and TCP), so name resolution keeps working.', dns: true },
          { label: 'Deny all', detail: 'No ingress and no egress for every pod of the namespace.', dns: false },
        ],
        { title: 'Palisade: Generate Default-Deny NetworkPolicy', placeHolder: 'Include a DNS egress allowance?' },
      );
      if (!pick) return undefined;
      includeDns = pick.dns;
    }
    const ed = vscode.window.activeTextEditor;
    const position = given.position ?? (ed && ed.document.uri.toString() === uri.toString()
      ? { line: ed.selection.active.line, character: ed.selection.active.character } : { line: 0, character: 0 });
    const result = await this.sendToServer(CMD.generateDefaultDenyNetworkPolicy, [uri.toString(), position, { dns: includeDns }]);
    const announced = await this.revealInserted(uri, result, includeDns);
    return announced && result && typeof result === 'object' ? { ...result, announced } : result;
  }

  /**
   * After the server inserted the NetworkPolicy: shows it (selected, scrolled into view) and says
   * what was added where, so the new text is never out of sight and unannounced. Returns the message.
   */
  private async revealInserted(uri: vscode.Uri, result: unknown, dns: boolean | undefined): Promise<string | undefined> {
    const r = result as { applied?: boolean; edit?: LspWorkspaceEdit | null } | undefined;
    if (!r?.applied || !r.edit) return undefined;
    const edits = r.edit.changes?.[uri.toString()]
      ?? (r.edit.documentChanges ?? []).flatMap((d) => ('textDocument' in d && d.textDocument.uri === uri.toString() ? d.edits : []));
    const ins = edits[0];
    if (!ins) return undefined;
    const doc = await vscode.workspace.openTextDocument(uri);
    const start = doc.offsetAt(new vscode.Position(ins.range.start.line, ins.range.start.character));
    // the policy text itself, without the `---` separator and blank lines around it
    const lead = /^(\s*---[^\n]*\n)?\s*/.exec(ins.newText)?.[0].length ?? 0;
    const range = new vscode.Range(doc.positionAt(start + lead), doc.positionAt(start + ins.newText.replace(/\s+$/, '').length));
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: shown?.viewColumn, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const ns = /^\s*namespace:\s*(\S+)/m.exec(ins.newText)?.[1];
    const message = `Palisade: added a default-deny NetworkPolicy${ns ? ` for namespace '${ns}'` : ''} at line ${range.start.line + 1}${dns ? ' (DNS egress allowed)' : ''}. It blocks all traffic of the namespace's pods until you allow what they need.`;
    void vscode.window.showInformationMessage(message);
    return message;
  }

  private async scanWorkspace(_args: unknown[]): Promise<unknown> {
    const c = this.client();
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Palisade: scanning the workspace', cancellable: true },
      async (progress, token) => {
        const workDoneToken = `palisade-scan-${Date.now()}-${++this.seq}`;
        let last = 0;
        const sub = c.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
          if (v.kind === 'begin' || v.kind === 'report') {
            const p = v as WorkDoneProgressBegin | WorkDoneProgressReport;
            const increment = typeof p.percentage === 'number' ? Math.max(0, p.percentage - last) : undefined;
            if (typeof p.percentage === 'number') last = p.percentage;
            progress.report({ message: p.message, increment });
          }
        });
        try {
          const result = await this.sendToServer(CMD.scanWorkspace, [{ folders }], { token, workDoneToken });
          const r = result as { files?: number; findings?: number } | undefined;
          if (r && typeof r.files === 'number') {
            void vscode.window.showInformationMessage(`Palisade: scanned ${r.files} file(s)${typeof r.findings === 'number' ? `, ${r.findings} finding(s)` : ''}; see the Problems panel.`);
          }
          return result;
        } finally {
          sub.dispose();
        }
      },
    );
  }

  private ruleIdsUnderCursor(): string[] {
    const ed = vscode.window.activeTextEditor;
    if (!ed) return [];
    const pos = ed.selection.active;
    const ids = vscode.languages.getDiagnostics(ed.document.uri)
      .filter((d) => d.source === 'palisade' && d.range.contains(pos))
      .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '')))
      .filter((id) => /^[A-Z][A-Z0-9]*[0-9]$/.test(id));
    return [...new Set(ids)];
  }

  private async showRuleDocumentation(args: unknown[]): Promise<unknown> {
    const a = args[0];
    let id = typeof a === 'string' ? a : a && typeof a === 'object' ? ((a as { ruleId?: string }).ruleId ?? (a as { code?: string }).code) : undefined;
    if (!id) {
      const here = this.ruleIdsUnderCursor();
      const index = readRuleIndex(this.docsDir);
      const byId = new Map(index.map((r) => [r.id, r]));
      const ids = here.length ? here : index.map((r) => r.id);
      if (here.length === 1) id = here[0];
      else {
        const pick = await vscode.window.showQuickPick(
          ids.map((rid) => ({ label: rid, description: byId.get(rid)?.name, detail: [byId.get(rid)?.title, byId.get(rid)?.pss].filter(Boolean).join(' · ') })),
          { title: 'Palisade: Show Rule Documentation', placeHolder: here.length ? 'Rules reported at the cursor' : 'Type a rule id, name or title', matchOnDescription: true, matchOnDetail: true },
        );
        if (!pick) return undefined;
        id = pick.label;
      }
    }
    const page = rulePagePath(this.docsDir, id!);
    if (!page) throw new Error(`no documentation page for rule '${id}'.`);
    const uri = vscode.Uri.file(page);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
    return uri.toString();
  }

  private async selectPodSecurityLevel(args: unknown[]): Promise<unknown> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const current = podSecurityFor(uri).level;
    let level = typeof args[0] === 'string' ? args[0] : (args[0] as { level?: string } | undefined)?.level;
    if (!level) {
      const pick = await vscode.window.showQuickPick(
        LEVELS.map((l) => ({ ...l, description: l.label === current ? '(current)' : undefined })),
        { title: 'Palisade: Select Pod Security Level', placeHolder: `Pod Security Standards level to check against (now: ${current})` },
      );
      if (!pick) return undefined;
      level = pick.label;
    }
    if (!LEVELS.some((l) => l.label === level)) throw new Error(`unknown Pod Security level '${level}' (privileged, baseline or restricted).`);
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('palisade', folder?.uri ?? uri).update('podSecurity.level', level, target);
    return level;
  }
}
