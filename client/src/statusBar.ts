/** Status bar: the active file's Palisade findings and the Pod Security level in force; click to pick the level. */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';

/** The server's answer to `palisade.podSecurityInForce` (see server/src/lsp/commands.ts). */
interface LevelInForce {
  default: { level: string; version: string };
  namespaces: { namespace: string; level: string; version: string; own: boolean }[];
}

export const LANGUAGES = ['yaml', 'json', 'dockerfile', 'github-actions-workflow'];

export function isPalisadeDocument(doc: vscode.TextDocument | undefined): boolean {
  if (!doc) return false;
  if (LANGUAGES.includes(doc.languageId)) return true;
  return /(^|[\\/])(Dockerfile|Containerfile)([.-][^\\/]*)?$|\.(docker|container)file$/i.test(doc.fileName);
}

/**
 * Whether the document holds Kubernetes manifests, the only files a Pod Security level applies to:
 * YAML or JSON with apiVersion and kind, and not a GitHub Actions workflow.
 */
export function isKubernetesDocument(doc: vscode.TextDocument | undefined): boolean {
  if (!doc || !['yaml', 'json'].includes(doc.languageId)) return false;
  if (/(^|[\\/])\.github[\\/]workflows[\\/]/.test(doc.fileName)) return false;
  const text = doc.getText();
  return doc.languageId === 'json'
    ? /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)
    : /^\s*apiVersion\s*:/m.test(text) && /^\s*(- )?kind\s*:/m.test(text);
}

export function podSecurityFor(uri: vscode.Uri | undefined): { level: string; version: string } {
  const c = vscode.workspace.getConfiguration('palisade', uri);
  return { level: c.get<string>('podSecurity.level', 'restricted'), version: c.get<string>('podSecurity.version', 'latest') };
}

export function countFindings(uri: vscode.Uri): { error: number; warning: number; info: number } {
  const n = { error: 0, warning: 0, info: 0 };
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.source !== 'palisade') continue;
    if (d.severity === vscode.DiagnosticSeverity.Error) n.error++;
    else if (d.severity === vscode.DiagnosticSeverity.Warning) n.warning++;
    else n.info++;
  }
  return n;
}

export class PalisadeStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  visible = false;
  private readonly subs: vscode.Disposable[] = [];

  /** Increases with every update, so a late answer from the server does not overwrite a newer one. */
  private seq = 0;

  constructor(private readonly command: string, private readonly client: () => LanguageClient | undefined = () => undefined) {
    this.item = vscode.window.createStatusBarItem('palisade.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Palisade';
    this.item.command = command;
    this.subs.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('palisade.podSecurity')) this.update(); }),
      vscode.workspace.onDidOpenTextDocument(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!isPalisadeDocument(doc)) { this.item.hide(); this.visible = false; return; }
    const seq = ++this.seq;
    if (!isKubernetesDocument(doc)) { this.show(doc!.uri); return; } // Dockerfiles, workflows: no Pod Security level
    const configured = podSecurityFor(doc!.uri);
    this.show(doc!.uri, configured.level, `Pod Security Standards level: **${configured.level}** (version ${configured.version}), from the settings`);
    // the level the analysis uses: .palisade.yaml and Namespace labels can set another one
    const c = this.client();
    if (!c?.isRunning() || !c.initializeResult?.capabilities.executeCommandProvider?.commands.includes('palisade.podSecurityInForce')) return;
    c.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.podSecurityInForce', arguments: [doc!.uri.toString()] }).then((r) => {
      if (seq !== this.seq || !r) return;
      const f = r as LevelInForce;
      const levels = [...new Set(f.namespaces.map((n) => n.level))];
      const level = levels.length === 0 ? f.default.level : levels.length === 1 ? levels[0] : 'mixed';
      const lines = f.namespaces.length
        ? f.namespaces.map((n) => `- namespace \`${n.namespace || '(none: default)'}\`: **${n.level}** (version ${n.version}), ${n.own ? 'from a Namespace label or .palisade.yaml namespaces' : 'the default level'}`).join('\n')
        : `No workloads in this file; the default level is **${f.default.level}** (version ${f.default.version}).`;
      this.show(doc!.uri, level, `Pod Security Standards level: **${level}**, as checked:\n\n${lines}\n\nDefault (settings and .palisade.yaml): ${f.default.level} (version ${f.default.version})`);
    }, () => undefined);
  }

  /** Shows the counts, with the Pod Security level on Kubernetes files (`level` given). */
  private show(uri: vscode.Uri, level?: string, levelText?: string): void {
    const n = countFindings(uri);
    const total = n.error + n.warning + n.info;
    const counts = total === 0 ? '$(check) 0' : `$(error) ${n.error} $(warning) ${n.warning}` + (n.info ? ` $(info) ${n.info}` : '');
    this.item.text = level ? `$(shield) ${level} ${counts}` : `$(shield) ${counts}`;
    const md = new vscode.MarkdownString(
      `**Palisade**\n\n${levelText ? `${levelText}\n\n` : ''}` +
      `This file: ${n.error} error(s), ${n.warning} warning(s), ${n.info} info\n\n${level ? 'Click to select the Pod Security level.' : 'Click to open the Problems panel.'}`,
    );
    this.item.tooltip = md;
    this.item.command = level ? this.command : 'workbench.actions.view.problems';
    this.item.accessibilityInformation = { label: level ? `Palisade: pod security level ${level}; ${n.error} errors, ${n.warning} warnings, ${n.info} info in this file` : `Palisade: ${n.error} errors, ${n.warning} warnings, ${n.info} info in this file` };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}
