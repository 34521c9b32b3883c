/**
 * The Vault agent injector logs in to Vault with the pod's service account token: a pod it serves must
 * mount that token, so the `palisade-vault-agent` snippet and examples/vault/hardened.yaml never set
 * `automountServiceAccountToken: false` on an injected pod (issue 17), and still scan clean.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expandDefaults, SNIPPET_FILES } from '../../server/src/lsp/completion';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

const ROOT = path.join(__dirname, '..', '..');

interface PodTemplate { annotations: Record<string, unknown>; spec: Record<string, unknown> }
/** The pods of a text: Pod objects and the pod templates of workloads. */
function pods(text: string): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const d of parseAllDocuments(text)) {
    const o = (d as { toJS(): unknown }).toJS() as { kind?: string; metadata?: { annotations?: Record<string, unknown> }; spec?: Record<string, unknown> } | null;
    if (!o?.spec) continue;
    if (o.kind === 'Pod') out.push({ annotations: o.metadata?.annotations ?? {}, spec: o.spec });
    const t = (o.spec.template ?? (o.spec.jobTemplate as { spec?: { template?: unknown } } | undefined)?.spec?.template) as { metadata?: { annotations?: Record<string, unknown> }; spec?: Record<string, unknown> } | undefined;
    if (t?.spec) out.push({ annotations: t.metadata?.annotations ?? {}, spec: t.spec });
  }
  return out;
}
/** Whether the injector can log in: the token is automounted, or a projected token volume is named for the agent. */
function injectorCanLogIn(p: PodTemplate): boolean {
  if (p.spec.automountServiceAccountToken !== false) return true;
  const vol = p.annotations['vault.hashicorp.com/agent-service-account-token-volume-name'];
  const volumes = (p.spec.volumes ?? []) as { name?: string; projected?: { sources?: { serviceAccountToken?: unknown }[] } }[];
  return typeof vol === 'string' && volumes.some((v) => v.name === vol && v.projected?.sources?.some((s) => s.serviceAccountToken));
}

describe('Vault agent injection: the snippet and the example keep the service account token', () => {
  const snippet = Object.values(SNIPPET_FILES.kubernetes).find((s) => s.prefix === 'palisade-vault-agent')!;
  const cases: [string, string][] = [
    ['the palisade-vault-agent snippet', expandDefaults(snippet.body.join('\n')) + '\n'],
    ['examples/vault/hardened.yaml', fs.readFileSync(path.join(ROOT, 'examples', 'vault', 'hardened.yaml'), 'utf8')],
  ];
  for (const [name, text] of cases) {
    it(`${name}: every injected pod can log in to Vault, and the scan is clean`, () => {
      const injected = pods(text).filter((p) => p.annotations['vault.hashicorp.com/agent-inject'] === 'true');
      assert.ok(injected.length > 0, 'a pod the injector serves');
      for (const p of injected) assert.ok(injectorCanLogIn(p), `${name}: automountServiceAccountToken: false without a projected token volume for the agent; the injector refuses the pod`);
      const [res] = scanTexts([{ file: 'vault.yaml', text }], defaultSettings());
      assert.deepStrictEqual(res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId} ${f.message}`), []);
    });
  }
});
