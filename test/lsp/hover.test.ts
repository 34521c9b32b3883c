import * as assert from 'assert';
import { HoverRequest, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { startClient, TestClient } from './client';

const DOC = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  containers:
  - name: c
    image: registry.example.com/c:1.0.0
    securityContext:
      privileged: true
`;

describe('language server: hover on findings', function () {
  this.timeout(20000);
  let c: TestClient;
  before(async () => { c = await startClient(); });
  after(async () => { await c.stop(); });

  it('explains the rule of each finding under the cursor, and nothing elsewhere', async () => {
    const uri = 'file:///hover/pod.yaml';
    c.open(uri, DOC);
    const diags = (await c.nextDiagnostics(uri, 1)).diagnostics;
    const priv = diags.find((d) => d.code === 'K8S003');
    assert.ok(priv, 'K8S003 is reported');
    const h = await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: priv.range.start.line, character: priv.range.start.character + 2 } }) as Hover;
    const md = (h.contents as MarkupContent).value;
    assert.strictEqual((h.contents as MarkupContent).kind, 'markdown');
    assert.match(md, /^\*\*K8S003\*\* · Privileged containers are forbidden `pss-privileged`/);
    assert.match(md, /\*Why it matters:\* \S/);
    assert.match(md, /\*Pod Security Standards:\* baseline — Privileged Containers/);
    assert.match(md, /`checkov:CKV_K8S_16`/);
    assert.match(md, /\[Rule documentation: K8S003\]\((file:\/\/|https:\/\/)\S*K8S003\.md\)/);
    assert.deepStrictEqual(h.range, priv.range);
    // the line `name: p` carries no finding: no hover
    const none = await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 3 } });
    assert.strictEqual(none, null);
    c.close(uri);
  });
});
