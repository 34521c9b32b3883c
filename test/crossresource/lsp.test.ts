/**
 * The workspace index over a real LSP connection (stdio, the built bundle): cross-resource findings
 * and Namespace levels from files that are not open, `.palisade.yaml` loading and its diagnostics,
 * and `palisade.scanWorkspace` with progress and sync on file changes.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ExecuteCommandRequest, DidChangeWatchedFilesNotification, FileChangeType, PublishDiagnosticsParams, Diagnostic } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient } from '../lsp/client';

const CAPS = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } },
};

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      serviceAccountName: api
      containers:
      - name: app
        image: nginx:1.25
`;

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-only
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress, Egress]
`;

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
`;

function uriOf(p: string): string { return pathToFileURL(p).toString(); }
/** The rule ids a publish shows, those a merged diagnostic stands for included (its related information names each part). */
const codes = (p: PublishDiagnosticsParams | Diagnostic[]) => (Array.isArray(p) ? p : p.diagnostics).flatMap((d) => [String(d.code), ...(d.relatedInformation ?? []).map((r) => /^([A-Z][A-Z0-9]*\d): /.exec(r.message)?.[1]).filter((x): x is string => !!x && x !== d.code)]);

/** The next diagnostics for `uri` that satisfy `pred` (earlier publications are skipped). */
async function until(c: TestClient, uri: string, pred: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 15000): Promise<PublishDiagnosticsParams> {
  const end = Date.now() + timeoutMs;
  let last: PublishDiagnosticsParams | undefined;
  while (Date.now() < end) {
    try { last = await c.nextDiagnostics(uri, undefined, Math.max(100, end - Date.now())); } catch { break; }
    if (pred(last)) return last;
  }
  throw new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(last?.diagnostics.map((d) => [d.code, d.message]))}; stderr: ${c.stderr}`);
}

describe('workspace index (language server over stdio)', function () {
  this.timeout(60000);
  let dir: string;
  let c: TestClient;
  const file = (rel: string, text: string) => { const p = path.join(dir, rel); fs.mkdirSync(path.dirname(p), { recursive: true }); fs.writeFileSync(p, text); return uriOf(p); };

  beforeEach(() => { dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-ws-'))); });
  afterEach(async () => { await c?.stop(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('reports cross-resource findings of an open document against files that are not open, with relatedInformation', async () => {
    const policyUri = file('net/policy.yaml', POLICY);
    file('sa.yaml', 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: shop}\n');
    const appUri = file('app/deploy.yaml', DEPLOY);
    c = await startClient({ capabilities: CAPS, workspaceFolders: [uriOf(dir)] });
    c.open(appUri, DEPLOY);
    const p = await until(c, appUri, (x) => codes(x).includes('NET050'));
    const net = p.diagnostics.find((d) => d.code === 'NET050')!;
    assert.deepStrictEqual(net.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } });
    assert.match(net.message, /none of the 1 NetworkPolicy/);
    assert.strictEqual(net.relatedInformation?.[0].location.uri, policyUri);
    assert.strictEqual(net.relatedInformation?.[0].location.range.start.line, 6, 'points at the policy\'s podSelector');
    assert.ok(!codes(p).includes('K8S103'), 'the ServiceAccount is defined in sa.yaml');
    // background indexing reported progress
    for (let i = 0; i < 50 && !c.progress!.some((x) => x.value.kind === 'end'); i++) await new Promise((r) => setTimeout(r, 100));
    const kinds = c.progress!.map((x) => x.value.kind);
    assert.ok(kinds.includes('begin') && kinds.includes('end'), JSON.stringify(c.progress));

    // an edit that makes the policy select the workload removes the finding, without touching other
    // files: the edit is published at once (with the cross-resource findings carried over from the
    // last run), and the cross-resource rules run again once typing pauses
    c.change(appUri, 2, [{ text: DEPLOY.replace(/\{app: api\}/g, '{app: web}') }]);
    await c.nextDiagnostics(appUri, 2);
    const q = await until(c, appUri, (x) => !codes(x).includes('NET050'));
    assert.ok(!codes(q).includes('NET050'), JSON.stringify(codes(q)));
    // renaming the service account: the ServiceAccount in another file no longer matches
    c.change(appUri, 3, [{ text: DEPLOY.replace('serviceAccountName: api', 'serviceAccountName: apii') }]);
    const r = await until(c, appUri, (x) => x.version === 3 && codes(x).includes('K8S103'));
    const sa = r.diagnostics.find((d) => d.code === 'K8S103');
    assert.ok(sa, JSON.stringify(codes(r)));
    assert.deepStrictEqual(sa!.range.start, { line: 12, character: 26 });
  });

  it('applies Namespace Pod Security labels from files that are not open, and updates on watched-file changes', async () => {
    const nsUri = file('ns.yaml', NAMESPACE);
    const appUri = file('deploy.yaml', DEPLOY);
    c = await startClient({ capabilities: CAPS, workspaceFolders: [uriOf(dir)] });
    c.open(appUri, DEPLOY);
    await until(c, appUri, (x) => !codes(x).includes('K8S014') && codes(x).length > 0);
    // the namespace moves to restricted on disk: restricted findings appear
    fs.writeFileSync(path.join(dir, 'ns.yaml'), NAMESPACE.replace('baseline', 'restricted'));
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: nsUri, type: FileChangeType.Changed }] });
    await until(c, appUri, (x) => codes(x).includes('K8S014'));
  });

  it('loads .palisade.yaml from the workspace root, reports its errors in the file, and falls back to defaults', async () => {
    const cfgUri = file('.palisade.yaml', 'rules:\n  K8S020: off\n  K8S014: error\n');
    const appUri = file('deploy.yaml', DEPLOY);
    c = await startClient({ capabilities: CAPS, workspaceFolders: [uriOf(dir)] });
    c.open(appUri, DEPLOY);
    const p = await until(c, appUri, (x) => codes(x).includes('K8S014'));
    assert.ok(!codes(p).includes('K8S020'), 'K8S020 is off in .palisade.yaml');
    assert.strictEqual(p.diagnostics.find((d) => d.code === 'K8S014')!.severity, 1, 'K8S014 raised to error');

    // the config open in the editor with mistakes: diagnostics in it, and the open document falls back
    const bad = 'podSecurity:\n  level: strict\nrules:\n  K8S999: off\nexclude:\n  - ../outside\n  - /etc\n';
    c.open(cfgUri, bad);
    const cfg = await c.nextDiagnostics(cfgUri, 1);
    assert.deepStrictEqual(codes(cfg), ['K8S101', 'K8S101', 'K8S101', 'K8S101'], JSON.stringify(cfg.diagnostics.map((d) => d.message)));
    const level = cfg.diagnostics.find((d) => /podSecurity\.level/.test(d.message))!;
    assert.deepStrictEqual(level.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 15 } });
    assert.ok(cfg.diagnostics.some((d) => /K8S999/.test(d.message)));
    assert.ok(cfg.diagnostics.some((d) => /'\.\.\/outside' points outside the workspace/.test(d.message)));
    const after = await until(c, appUri, (x) => codes(x).includes('K8S020'));
    assert.strictEqual(after.diagnostics.find((d) => d.code === 'K8S014')!.severity, 2, 'back to the default severity');
    // a YAML syntax error: one diagnostic, defaults
    c.change(cfgUri, 2, [{ text: 'rules: [\n' }]);
    const syn = await c.nextDiagnostics(cfgUri, 2);
    assert.strictEqual(syn.diagnostics.length, 1);
    assert.match(syn.diagnostics[0].message, /Invalid \.palisade\.yaml/);
  });

  it('palisade.scanWorkspace publishes diagnostics for every matching file with a cancellable progress, and keeps them in sync', async () => {
    const a = file('a/deploy.yaml', DEPLOY);
    const b = file('b/policy.yaml', POLICY);
    const svc = file('b/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n');
    const df = file('img/Dockerfile', 'FROM ubuntu:latest\nRUN apt-get update\n');
    const skipped = file('vendor/chart.yaml', DEPLOY.replace('name: api', 'name: vendored'));
    const nm = file('node_modules/x/pod.yaml', DEPLOY);
    file('.palisade.yaml', 'exclude:\n  - vendor/\n');
    c = await startClient({ capabilities: CAPS, workspaceFolders: [uriOf(dir)] });
    const before = c.progress!.length;
    const res = await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [] }) as { files: number; findings: number; cancelled: boolean };
    assert.strictEqual(res.cancelled, false);
    assert.strictEqual(res.files, 4, JSON.stringify(res));
    const pa = await until(c, a, (x) => codes(x).includes('NET050'));
    assert.ok(codes(pa).includes('K8S014'));
    const pd = await until(c, df, (x) => x.diagnostics.length > 0);
    assert.ok(codes(pd).some((x) => x.startsWith('DF')), JSON.stringify(codes(pd)));
    await until(c, b, () => true);
    const ps = await until(c, svc, () => true);
    assert.ok(!codes(ps).includes('NET051'), 'the Service selects the Deployment');
    const begin = c.progress!.slice(before).find((x) => x.value.kind === 'begin' && /scanning/.test(x.value.title ?? ''));
    assert.ok(begin, JSON.stringify(c.progress));
    assert.strictEqual(begin!.value.cancellable, true);
    assert.ok(c.progress!.slice(before).some((x) => x.token === begin!.token && x.value.kind === 'end'));
    const got = await c.nextDiagnostics(skipped, undefined, 500).then(() => true, () => false);
    assert.strictEqual(got, false, 'files under an excluded path get no diagnostics');
    assert.strictEqual(await c.nextDiagnostics(nm, undefined, 200).then(() => true, () => false), false, 'node_modules is skipped');

    // a change on disk: the policy now selects the Deployment -> its NET050 goes away; the Service dangles after a relabel
    fs.writeFileSync(path.join(dir, 'b/policy.yaml'), POLICY.replace('{app: web}', '{app: api}'));
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: b, type: FileChangeType.Changed }] });
    await until(c, a, (x) => !codes(x).includes('NET050') && codes(x).includes('K8S014'));
    fs.writeFileSync(path.join(dir, 'b/svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: apx}\n');
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: svc, type: FileChangeType.Changed }] });
    const dangling = await until(c, svc, (x) => codes(x).includes('NET051'));
    const d = dangling.diagnostics.find((x) => x.code === 'NET051')!;
    assert.strictEqual(d.relatedInformation?.[0].location.uri, a, 'names the workload of the namespace');
    // deleting a file clears its diagnostics
    fs.rmSync(path.join(dir, 'img/Dockerfile'));
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: df, type: FileChangeType.Deleted }] });
    await until(c, df, (x) => x.diagnostics.length === 0);
  });
  it('palisade.scanWorkspace can be cancelled through its progress', async () => {
    for (let i = 0; i < 400; i++) file(`many/d${i}.yaml`, DEPLOY.replace('name: api', `name: api${i}`));
    c = await startClient({ capabilities: CAPS, workspaceFolders: [uriOf(dir)] });
    const pending = c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [] }) as Promise<{ files: number; cancelled: boolean }>;
    let begin: NonNullable<TestClient['progress']>[number] | undefined;
    for (let i = 0; i < 200 && !begin; i++) {
      begin = c.progress!.find((x) => x.value.kind === 'begin' && /scanning/.test(x.value.title ?? ''));
      if (!begin) await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(begin, 'scan progress began');
    await c.conn.sendNotification('window/workDoneProgress/cancel', { token: begin!.token });
    const res = await pending;
    assert.strictEqual(res.cancelled, true);
    assert.ok(res.files < 400, `stopped early (${res.files} files)`);
    assert.ok(c.progress!.some((x) => x.token === begin!.token && x.value.kind === 'end'));
  });
  it('palisade.scanWorkspace reports on the client\'s work-done token when the request has one (one progress, not two)', async () => {
    file('a/deploy.yaml', DEPLOY);
    c = await startClient({ capabilities: CAPS, workspaceFolders: [uriOf(dir)] });
    for (let i = 0; i < 100 && !c.progress!.some((x) => x.value.kind === 'end'); i++) await new Promise((r) => setTimeout(r, 50)); // background index done
    const before = c.progress!.length;
    const res = await c.conn.sendRequest(ExecuteCommandRequest.type, { command: 'palisade.scanWorkspace', arguments: [], workDoneToken: 'client-scan-1' }) as { files: number; cancelled: boolean };
    assert.strictEqual(res.files, 1);
    const during = c.progress!.slice(before);
    assert.ok(during.some((x) => x.token === 'client-scan-1' && x.value.kind === 'begin' && /scanning/.test(x.value.title ?? '')), JSON.stringify(during));
    assert.ok(during.some((x) => x.token === 'client-scan-1' && x.value.kind === 'end'));
    assert.deepStrictEqual(during.filter((x) => x.token !== 'client-scan-1'), [], 'no progress of its own');
  });
  it('applies a .palisade.yaml changed on disk (watched files), including new excludes', async () => {
    const appUri = file('apps/deploy.yaml', DEPLOY);
    c = await startClient({ capabilities: CAPS, workspaceFolders: [uriOf(dir)] });
    c.open(appUri, DEPLOY);
    await until(c, appUri, (x) => codes(x).includes('K8S020'));
    const cfgPath = path.join(dir, '.palisade.yaml');
    fs.writeFileSync(cfgPath, 'rules: {K8S020: off}\n');
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(cfgPath), type: FileChangeType.Created }] });
    const p = await until(c, appUri, (x) => !codes(x).includes('K8S020'));
    assert.ok(codes(p).includes('K8S014'));
    fs.writeFileSync(cfgPath, 'exclude: [apps/]\n');
    await c.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(cfgPath), type: FileChangeType.Changed }] });
    await until(c, appUri, (x) => x.diagnostics.length === 0);
  });
});
