import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules } from '../../server/src/engine/rules';
import { expectedDocs, DOCS_DIR } from '../../scripts/gen-docs';
import { expectedReadme, README } from '../../scripts/readme-examples';

const FAMILIES = /^(K8S|RBAC|NET|CP|DF|IST|SPF|VLT|GK|FAL|GHA|YAML|SEC)\d{3}$/;

describe('rule registry', () => {
  it('every rule has complete, well-formed metadata', () => {
    const names = new Set<string>();
    for (const r of allRules) {
      const m = r.meta;
      assert.match(m.id, FAMILIES, m.id);
      assert.match(m.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${m.id} name ${m.name} is not kebab-case`);
      assert.ok(!names.has(m.name), `duplicate name ${m.name}`);
      names.add(m.name);
      assert.ok(m.title.length > 5 && m.docs.description.length > 20 && m.docs.rationale.length > 20 && m.docs.remediation.length > 10, `${m.id} docs incomplete`);
      assert.ok(['error', 'warning', 'info'].includes(m.severity));
      for (const p of m.references.peers) assert.match(p, /^(polaris|checkov|kube-linter|trivy|kubesec|hadolint|kubescape|buildkit|zizmor|actionlint|istio|gatekeeper):\S+$/, `${m.id} peer ${p}`);
      if (m.fix) assert.ok(['safe', 'unsafe', 'display-only'].includes(m.fix.applicability));
    }
  });
  it('generated rule docs are up to date (run npm run docs)', () => {
    const want = expectedDocs();
    const stale: string[] = [];
    for (const [name, body] of want) {
      const p = path.join(DOCS_DIR, name);
      if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== body) stale.push(name);
    }
    for (const f of fs.readdirSync(DOCS_DIR)) if (!want.has(f)) stale.push(f);
    assert.deepStrictEqual(stale, []);
  });
  it('the README shows what scanning the bundled examples prints now (run npm run docs)', async () => {
    const want = await expectedReadme();
    const have = fs.readFileSync(README, 'utf8');
    assert.ok(want.includes('problem(s)') && /\| `examples\/kubernetes\/insecure-deployment.yaml` \| [1-9]/.test(want), 'the generated block holds a real scan');
    assert.strictEqual(have, want, 'README examples block is stale; run npm run docs');
  });
});
