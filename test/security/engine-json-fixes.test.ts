/**
 * Issue 18, item 10: fixes keep JSON manifests JSON. Every safe and unsafe fix, applied round after
 * round (fixText), to JSON manifests written compact and pretty-printed, with the findings that
 * insert, replace, remove and fill values; the result must parse as JSON, with the fixes applied.
 */
import * as assert from 'assert';
import { fixText } from '../../server/src/engine/fix/apply';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/settings';

const compactPod = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"hostIPC":true,"containers":[{"name":"c","image":"x"}]}}';

const prettyDeployment = JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas: 2, selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        hostNetwork: true, hostPID: true, securityContext: null,
        volumes: [{ name: 'h', hostPath: { path: '/var/run/docker.sock' } }, { name: 'e', emptyDir: {} }],
        containers: [
          { name: 'app', image: 'nginx:1.25', securityContext: { privileged: true, runAsUser: 0, allowPrivilegeEscalation: true, capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'], drop: 'NET_RAW' } }, ports: [{ containerPort: 80, hostPort: 80 }] },
          { name: 'side', image: 'busybox', securityContext: {} },
        ],
        initContainers: [{ name: 'init', image: 'busybox:1.36', securityContext: { capabilities: { drop: [] } } }],
      },
    },
  },
}, null, 2) + '\n';

const fourSpaceCronJob = JSON.stringify({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'job' },
  spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: {
    restartPolicy: 'Never', automountServiceAccountToken: true,
    containers: [{ name: 'j', image: 'alpine:3.20', securityContext: { readOnlyRootFilesystem: false, procMount: 'Unmasked', seccompProfile: { type: 'Unconfined' } } }],
  } } } } },
}, null, 4);

const list = JSON.stringify({
  apiVersion: 'v1', kind: 'List',
  items: [
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } },
  ],
}, null, '\t');

const CASES: [string, string][] = [
  ['the compact Pod of the issue', compactPod],
  ['a pretty-printed Deployment (2 spaces)', prettyDeployment],
  ['a CronJob (4 spaces, no final newline)', fourSpaceCronJob],
  ['a List with tabs', list],
  ['CRLF line ends', prettyDeployment.replace(/\n/g, '\r\n')],
];

describe('security: fixes keep JSON manifests JSON (#18 item 10)', () => {
  for (const [name, text] of CASES) {
    it(`${name}: every safe and unsafe fix, in rounds, leaves valid JSON`, () => {
      JSON.parse(text); // the input is JSON
      const before = analyzeText('m.json', text, { languageId: 'json' }).findings.length;
      const r = fixText('m.json', text, defaultSettings(), { applicability: ['safe', 'unsafe'] }, { languageId: 'json' });
      assert.ok(r.applied > 0, 'fixes were applied');
      assert.doesNotThrow(() => JSON.parse(r.text), `not JSON after ${r.applied} fixes:\n${r.text}`);
      const after = analyzeText('m.json', r.text, { languageId: 'json' }).findings.length;
      assert.ok(after < before, `${before} findings before, ${after} after`);
      // applying again changes nothing more than another valid JSON text
      const again = fixText('m.json', r.text, defaultSettings(), { applicability: ['safe', 'unsafe'] }, { languageId: 'json' });
      assert.doesNotThrow(() => JSON.parse(again.text));
    });
  }

  it('the issue\'s Pod: keys and strings are double-quoted and the fixes are there', () => {
    const r = fixText('p.json', compactPod, defaultSettings(), { applicability: ['safe', 'unsafe'] }, { languageId: 'json' });
    const o = JSON.parse(r.text);
    assert.strictEqual(o.spec.hostIPC, undefined);
    assert.strictEqual(o.spec.securityContext.runAsNonRoot, true);
    assert.deepStrictEqual(o.spec.containers[0].securityContext.capabilities, { drop: ['ALL'] });
    assert.strictEqual(o.spec.containers[0].securityContext.allowPrivilegeEscalation, false);
  });

  it('a JSON document in a .yaml file stays JSON; a YAML flow document beside it keeps YAML style', () => {
    const text = `${compactPod}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec: {hostIPC: true, containers: [{name: c, image: x}]}\n`;
    const r = fixText('m.yaml', text, defaultSettings(), { applicability: ['safe', 'unsafe'] });
    const [json, yaml] = r.text.split('\n---\n');
    assert.doesNotThrow(() => JSON.parse(json), json);
    assert.match(yaml, /securityContext: \{/, 'the YAML document is written in YAML flow style');
  });
});
