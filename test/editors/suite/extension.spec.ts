/**
 * Palisade inside a real VS Code extension host (code-server's here; VS Code's under @vscode/test-electron).
 * The workspace is a fresh copy of test/editors/fixtures/workspace, made by the runner.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { api, EXT_ID, Fatal, ours, sleep, waitFor, wsUri } from './helpers';
import { analyzeText } from '../../../server/src/engine/analyze';

const PSS_RULES = new Set(Array.from({ length: 19 }, (_, i) => `K8S${String(i + 1).padStart(3, '0')}`));

function codeOf(d: vscode.Diagnostic): string { return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''); }
function codes(uri: vscode.Uri): string[] { return ours(uri).map(codeOf).sort(); }

async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

function lineOf(doc: vscode.TextDocument, needle: string): number {
  const i = doc.getText().split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `'${needle}' not in ${doc.uri.fsPath}`);
  return i;
}

/** Accepts the item of the QuickPick that a command is showing (it is the active quick input). */
async function pickInQuickPick(index: number): Promise<void> {
  await sleep(1000);
  for (let i = 0; i < index; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

async function setLevel(level: string): Promise<void> {
  await vscode.workspace.getConfiguration('palisade').update('podSecurity.level', level, vscode.ConfigurationTarget.Workspace);
}

/**
 * Confirms an edit that VS Code shows in the Refactor Preview (an edit whose change annotations need
 * confirmation starts there unchecked): check the focused entry (the file with its changes), then Apply,
 * as a person would with Space and the Apply button.
 */
async function confirmRefactorPreview(): Promise<void> {
  await vscode.commands.executeCommand('refactorPreview.focus').then(undefined, () => undefined);
  await vscode.commands.executeCommand('list.focusFirst').then(undefined, () => undefined);
  await vscode.commands.executeCommand('refactorPreview.toggleCheckedState').then(undefined, () => undefined);
  await vscode.commands.executeCommand('refactorPreview.apply').then(undefined, () => undefined);
}

async function saveAll(): Promise<void> { await vscode.workspace.saveAll(false); }

suite('Palisade in a real VS Code', function () {
  this.timeout(60000);

  suiteSetup(async () => {
    const a = await api();
    assert.ok(a.client.isRunning(), 'the language server is running');
  });

  suiteTeardown(async () => {
    await setLevel('restricted');
    await saveAll();
  });

  test('contributes its commands under the Palisade category', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['palisade.hardenFile', 'palisade.fixAllSafe', 'palisade.generateDefaultDenyNetworkPolicy', 'palisade.scanWorkspace', 'palisade.showRuleDocumentation', 'palisade.selectPodSecurityLevel']) {
      assert.ok(all.includes(id), `command ${id} is registered`);
    }
    const pkg = vscode.extensions.getExtension(EXT_ID)!.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    assert.ok(pkg.contributes.commands.every((c) => c.category === 'Palisade'));
  });

  test('diagnostics on open: rule id, message, exact range, rule page', async () => {
    const ed = await open('insecure.yaml');
    const uri = ed.document.uri;
    await waitFor('K8S003 on insecure.yaml', () => codes(uri).includes('K8S003'));
    const d = ours(uri).find((x) => codeOf(x) === 'K8S003')!;
    const line = lineOf(ed.document, 'privileged: true');
    assert.strictEqual(d.range.start.line, line);
    assert.strictEqual(d.range.start.character, ed.document.lineAt(line).firstNonWhitespaceCharacterIndex);
    assert.match(ed.document.getText(d.range), /^privileged/);
    assert.match(d.message, /privileged/i);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    const href = typeof d.code === 'object' ? d.code.target.toString() : '';
    assert.match(href, /K8S003\.md$/, 'the code links to the rule page');
    assert.ok(codes(uri).includes('K8S002'), 'hostNetwork is reported too');
  });

  test('diagnostics follow an edit', async () => {
    const ed = await open('insecure.yaml');
    const uri = ed.document.uri;
    await waitFor('K8S003', () => codes(uri).includes('K8S003'));
    const line = lineOf(ed.document, 'privileged: true');
    const col = ed.document.lineAt(line).text.indexOf('true');
    assert.ok(await ed.edit((b) => b.replace(new vscode.Range(line, col, line, col + 4), 'false')));
    await waitFor('K8S003 to disappear after the edit', () => !codes(uri).includes('K8S003'));
    assert.ok(codes(uri).includes('K8S002'), 'the other finding stays');
    // and back: typing the problem in again brings the finding back
    assert.ok(await ed.edit((b) => b.replace(new vscode.Range(line, col, line, col + 5), 'true')));
    await waitFor('K8S003 to come back', () => codes(uri).includes('K8S003'));
    await ed.document.save();
  });

  test('hover on a finding explains the rule', async () => {
    const ed = await open('insecure.yaml');
    const uri = ed.document.uri;
    const d = await waitFor('K8S002', () => ours(uri).find((x) => codeOf(x) === 'K8S002'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /K8S002/);
    assert.match(text, /Why it matters/);
    assert.match(text, /Pod Security Standards:\*? baseline — Host Namespaces/);
    assert.match(text, /K8S002\.md\)/, 'links to the rule page');
    assert.match(text, /checkov:|polaris:|kube-linter:|trivy:|kubesec:/, 'names peer ids');
  });

  test('status bar: finding counts of the active file and the Pod Security level', async () => {
    const a = await api();
    const ed = await open('insecure.yaml');
    await waitFor('diagnostics', () => ours(ed.document.uri).length > 0);
    const errors = ours(ed.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = ours(ed.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const expected = `$(shield) restricted $(error) ${errors} $(warning) ${warnings}`;
    await waitFor(`status bar text '${expected}'`, () => a.statusBar.text.startsWith(expected) && a.statusBar.visible);
    assert.strictEqual(a.statusBar.command, 'palisade.selectPodSecurityLevel');
    assert.match(a.statusBar.tooltip, /Pod Security Standards level: \*\*restricted\*\*/);
  });

  test('status bar: the level in force, from a Namespace label in the file', async () => {
    const a = await api();
    const ed = await open('namespaced.yaml');
    await waitFor('status bar shows baseline (the Namespace label), not the restricted setting', () => a.statusBar.text.startsWith('$(shield) baseline'));
    assert.match(a.statusBar.tooltip, /namespace `legacy`: \*\*baseline\*\*/);
    assert.strictEqual(vscode.workspace.getConfiguration('palisade', ed.document.uri).get('podSecurity.level'), 'restricted');
  });

  test('a quick fix applied through vscode.executeCodeActionProvider', async () => {
    const ed = await open('insecure.yaml');
    const uri = ed.document.uri;
    const d = await waitFor('K8S014', () => ours(uri).find((x) => codeOf(x) === 'K8S014'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    // (the API command does not return the actions' diagnostics: match the fix by its title)
    const fix = actions.find((x) => x.edit && !/^Disable/i.test(x.title) && /allowPrivilegeEscalation/.test(x.title));
    assert.ok(fix, `a quick fix for K8S014 (got: ${actions.map((x) => `${x.title} [edit: ${!!x.edit}, diagnostics: ${x.diagnostics?.map(codeOf).join(',')}]`).join(' | ') || 'none'})`);
    const before = ed.document.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    assert.notStrictEqual(ed.document.getText(), before);
    await waitFor('K8S014 to disappear after the fix', () => !codes(uri).includes('K8S014'));
    assert.ok(!codes(uri).includes('syntax'), 'the fixed file still parses');
    assert.match(ed.document.getText(), /allowPrivilegeEscalation:\s*false/);
    await ed.document.save();
  });

  test('the preferred quick fix on a container hardens that container to restricted, in a menu of at most 8', async () => {
    const ed = await open('container.yaml');
    const uri = ed.document.uri;
    // a Pod Security finding of container 'web' (on its own, or a merged one naming the container)
    const onWeb = () => ours(uri).filter((d) => (PSS_RULES.has(codeOf(d)) || /\(K8S0\d\d\)/.test(d.message)) && /[Cc]ontainer 'web'/.test(d.message));
    const d = await waitFor("Pod Security findings on container 'web'", () => onWeb()[0]);
    const sidecarBefore = ours(uri).filter((x) => /container 'sidecar'/i.test(x.message)).map((x) => x.message).sort();
    assert.ok(sidecarBefore.length > 0, 'the sidecar has findings too');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(actions.length <= 8, `at most 8 quick fixes: ${titles.join(' | ')}`);
    assert.match(titles[0], /^Harden container 'web' to restricted \(\d+ fix(es)?\)$/, titles.join(' | '));
    assert.strictEqual(actions[0].isPreferred, true, 'the container hardening is the preferred fix');
    assert.strictEqual(actions.filter((a) => a.isPreferred).length, 1);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!), 'the edit applies');
    await waitFor("no Pod Security finding left on container 'web'", () => onWeb().length === 0, 20000);
    assert.ok(!codes(uri).includes('syntax'), 'the hardened file still parses');
    assert.match(ed.document.getText(), /- name: web {3}# the storefront/, 'comments survive');
    assert.deepStrictEqual(ours(uri).filter((x) => /container 'sidecar'/i.test(x.message)).map((x) => x.message).sort(), sidecarBefore, 'the other container is left as it was');
    await ed.document.save();
  });

  test('Fix All Safe Problems applies every safe fix and only those', async () => {
    const ed = await open('fixall.yaml');
    const uri = ed.document.uri;
    await waitFor('findings on fixall.yaml', () => ours(uri).length >= 4);
    // which rules have a safe fix here, and which only unsafe ones: the engine's own findings for the
    // text (diagnostics do not carry their fixes; the server looks them up when code actions are asked)
    const byRule = new Map<string, string[]>();
    for (const f of analyzeText(uri.fsPath, ed.document.getText()).findings) {
      byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), ...f.fixes.filter((x) => !x.snippet && x.applicability !== 'display-only').map((x) => x.applicability)]);
    }
    const shown = new Set(codes(uri));
    const safeCodes = new Set([...byRule].filter(([id, a]) => shown.has(id) && a.includes('safe')).map(([id]) => id));
    const unsafeOnly = [...byRule].filter(([id, a]) => shown.has(id) && a.length > 0 && a.every((x) => x === 'unsafe')).map(([id]) => id);
    assert.ok(safeCodes.has('YAML001'), `the duplicate key has a safe fix (rules and their fixes: ${JSON.stringify([...byRule])})`);
    assert.ok(unsafeOnly.includes('K8S003'), `privileged has only unsafe fixes (${JSON.stringify([...byRule])})`);
    // and the quick fix VS Code offers for the duplicate key is not marked unsafe
    const dup = ours(uri).find((d) => codeOf(d) === 'YAML001')!;
    const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, dup.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(offered.some((a) => a.edit && !/^Disable/i.test(a.title) && !/\(unsafe fix\)$/.test(a.title)), `a safe quick fix for YAML001 (got: ${offered.map((a) => a.title).join(' | ')})`);
    const before = ed.document.getText();
    await vscode.commands.executeCommand('palisade.fixAllSafe');
    await waitFor('the file to change', () => ed.document.getText() !== before);
    await waitFor(`the safely fixable findings (${[...safeCodes].join(', ')}) to go`, () => codes(uri).every((c) => !safeCodes.has(c)));
    assert.ok(!codes(uri).includes('syntax'), 'the fixed file still parses');
    for (const c of unsafeOnly) assert.ok(codes(uri).includes(c), `${c} has only unsafe fixes and stays (palisade.fix.unsafe is off)`);
    assert.match(ed.document.getText(), /# Fix All Safe Problems: the duplicate key has a safe fix/, 'comments survive');
    assert.strictEqual((ed.document.getText().match(/namespace: jobs/g) ?? []).length, 1, 'the duplicate key was removed');
    await ed.document.save();
  });

  test('Harden File to Pod Security Level... (restricted, picked in the QuickPick)', async () => {
    const ed = await open('harden.yaml');
    const uri = ed.document.uri;
    // Pod Security rules reported, each on its own or within a finding that lists them (the default profile merges)
    const pssReported = () => [...PSS_RULES].filter((id) => ours(uri).some((d) => codeOf(d) === id || d.message.includes(`(${id})`)));
    await waitFor('PSS findings on harden.yaml', () => pssReported().length >= 8);
    const before = ed.document.getText();
    const running = vscode.commands.executeCommand('palisade.hardenFile');
    let failed: unknown;
    running.then(undefined, (e) => { failed = e; });
    await pickInQuickPick(0); // restricted is first
    // the edit comes as a refactor preview that needs confirmation: confirm it
    const changed = await waitFor('the file to be hardened', async () => {
      if (failed) throw new Fatal((failed as Error)?.message ?? String(failed));
      if (ed.document.getText() !== before) return true;
      await sleep(500);
      await confirmRefactorPreview();
      return ed.document.getText() !== before;
    }, 20000);
    assert.ok(changed);
    await running;
    await waitFor('no Pod Security Standards finding left', () => codes(uri).filter((c) => PSS_RULES.has(c)).length === 0, 20000);
    assert.ok(!codes(uri).includes('syntax'), 'the hardened file still parses');
    assert.match(ed.document.getText(), /- name: web {3}# the web server/, 'comments survive');
    await ed.document.save();
  });

  test('a display-only fix is inserted as a snippet, then the finding is gone', async () => {
    // digest pinning (the display-only fix here) is a best-practice rule: on in the strict profile
    await vscode.workspace.getConfiguration('palisade').update('profile', 'strict', vscode.ConfigurationTarget.Workspace);
    try { await displayOnlySnippet(); } finally {
      await vscode.workspace.getConfiguration('palisade').update('profile', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
  async function displayOnlySnippet(): Promise<void> {
    const ed = await open('snippet/Dockerfile');
    const uri = ed.document.uri;
    await waitFor('findings on snippet/Dockerfile', () => ours(uri).length > 0);
    let snippetAction: vscode.CodeAction | undefined;
    let target: vscode.Diagnostic | undefined;
    for (const d of ours(uri)) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      // a display-only fix, not a suppression comment (those are snippets too)
      snippetAction = actions.find((a) => a.command?.command === 'palisade.applySnippetFix' && !/^Disable/i.test(a.title));
      if (snippetAction) { target = d; break; }
    }
    assert.ok(snippetAction && target, `a display-only fix offered as a snippet (findings: ${codes(uri).join(', ')})`);
    assert.strictEqual(snippetAction.edit, undefined, 'the plain edit was replaced by the snippet command');
    const before = ours(uri).length;
    await vscode.commands.executeCommand(snippetAction.command!.command, ...(snippetAction.command!.arguments ?? []));
    const active = vscode.window.activeTextEditor!;
    assert.strictEqual(active.document.uri.toString(), uri.toString());
    const placeholder = active.document.getText(active.selection);
    assert.ok(placeholder.length > 0 && !active.selection.isEmpty, 'the cursor selects the first placeholder (a tab stop)');
    const text = ed.document.getText();
    assert.ok(!/\$\{\d+[:|]/.test(text) && !/\$\d/.test(text), 'tab stops were expanded, not inserted literally');
    await vscode.commands.executeCommand('leaveSnippet');
    await waitFor(`fewer findings after the snippet "${snippetAction.title}" (before: ${before})`, () => ours(uri).length < before);
    assert.ok(!codes(uri).includes('syntax'), 'the file still parses');
    await ed.document.save();
  }

  test('Select Pod Security Level: restricted → baseline changes the diagnostics', async () => {
    const a = await api();
    const ed = await open('levels.yaml');
    const uri = ed.document.uri;
    // each rule reported, on its own or within a finding that lists the controls (the default profile merges them)
    const reports = (id: string) => ours(uri).some((d) => codeOf(d) === id || d.message.includes(`(${id})`));
    await waitFor('restricted findings', () => ['K8S014', 'K8S015', 'K8S017', 'K8S018'].every(reports));
    const running = vscode.commands.executeCommand('palisade.selectPodSecurityLevel');
    let settled = false;
    void running.then(() => { settled = true; }, () => { settled = true; });
    // pick 'baseline' (restricted, baseline, privileged); again if the QuickPick was not up yet
    for (let i = 0; i < 5 && !settled; i++) { await pickInQuickPick(1); await sleep(500); }
    assert.strictEqual(await running, 'baseline');
    assert.strictEqual(vscode.workspace.getConfiguration('palisade', uri).get('podSecurity.level'), 'baseline');
    await waitFor('no Pod Security finding at baseline', () => codes(uri).filter((c) => PSS_RULES.has(c)).length === 0);
    await waitFor('status bar shows baseline', () => a.statusBar.text.startsWith('$(shield) baseline'));
    await setLevel('restricted');
    await waitFor('restricted findings back', () => reports('K8S015'));
  });

  test('Show Rule Documentation opens the bundled page (by id and from the cursor)', async () => {
    const page = await vscode.commands.executeCommand<string>('palisade.showRuleDocumentation', 'K8S003');
    assert.match(page, /docs\/rules\/K8S003\.md$/);
    const ext = vscode.extensions.getExtension(EXT_ID)!;
    assert.ok(vscode.Uri.parse(page).fsPath.startsWith(ext.extensionUri.fsPath), 'the page is bundled with the extension');
    assert.match(fs.readFileSync(vscode.Uri.parse(page).fsPath, 'utf8'), /^# K8S003/);
    const ed = await open('insecure.yaml');
    const d = await waitFor('K8S002', () => ours(ed.document.uri).find((x) => codeOf(x) === 'K8S002'));
    ed.selection = new vscode.Selection(d.range.start.translate(0, 1), d.range.start.translate(0, 1));
    const fromCursor = await vscode.commands.executeCommand<string>('palisade.showRuleDocumentation');
    assert.match(fromCursor, /K8S002\.md$/);
  });

  test('Generate Default-Deny NetworkPolicy for This Namespace (with DNS egress)', async () => {
    const ed = await open('netpol.yaml');
    ed.selection = new vscode.Selection(lineOf(ed.document, 'name: invoices'), 4, lineOf(ed.document, 'name: invoices'), 4);
    const running = vscode.commands.executeCommand('palisade.generateDefaultDenyNetworkPolicy');
    let failed: unknown;
    running.then(undefined, (e) => { failed = e; });
    await pickInQuickPick(0); // deny all, allow DNS
    const policy = await waitFor('a NetworkPolicy for namespace billing', async () => {
      if (failed) throw new Fatal((failed as Error)?.message ?? String(failed));
      const docs = [ed.document, ...vscode.workspace.textDocuments];
      return docs.map((d) => d.getText()).find((t) => /kind:\s*NetworkPolicy/.test(t) && /namespace:\s*billing/.test(t));
    }, 20000);
    await running;
    assert.match(policy, /policyTypes:[\s\S]*Ingress[\s\S]*Egress|policyTypes:[\s\S]*Egress[\s\S]*Ingress/);
    assert.match(policy, /port:\s*53/, 'DNS egress is allowed');
    assert.match(policy, /podSelector:\s*\{\s*\}/, 'selects every pod of the namespace');
    await saveAll();
  });

  test('Scan Workspace reports files that were never opened, and follows their changes', async () => {
    const hidden = wsUri('scan/deep/never-opened.yaml');
    const other = wsUri('scan/also-never-opened.yml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === hidden.fsPath), 'never opened');
    const result = await vscode.commands.executeCommand('palisade.scanWorkspace');
    await waitFor('findings on the never-opened files', () => codes(hidden).includes('K8S003') && codes(other).includes('K8S002'), 30000);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === hidden.fsPath), 'still not opened by the scan');
    assert.ok(result === undefined || result === null || typeof result === 'object');
    // results follow file changes on disk
    fs.writeFileSync(hidden.fsPath, fs.readFileSync(hidden.fsPath, 'utf8').replace('privileged: true', 'privileged: false'));
    await waitFor('K8S003 gone after the file changed on disk', () => !codes(hidden).includes('K8S003'), 30000);
    assert.ok(codes(hidden).includes('K8S002'));
  });
});
