/** What a person sees (engine/present.ts): messages led by the problem, findings on one spot merged under the default profile (issue 17). */
import * as assert from 'assert';
import { analyzeText } from '../../server/src/engine/analyze';
import { leadWithProblem, presentFindings } from '../../server/src/engine/present';

const pod = (sc: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n    securityContext: ${sc}\n`;

describe('presentFindings', () => {
  it('merges the findings that start at one place of one object, keeping every part; strict leaves them apart', () => {
    const r = analyzeText('p.yaml', pod('{}'));
    const shown = presentFindings('p.yaml', r.findings, 'default');
    const at = (fs: typeof shown) => fs.filter((f) => f.range.start.line === 7);
    assert.strictEqual(at(shown).length, 1);
    const m = at(shown)[0];
    assert.deepStrictEqual(m.parts!.map((p) => p.ruleId), at(r.findings).map((f) => f.ruleId));
    assert.strictEqual(m.related!.length, m.parts!.length);
    assert.match(m.message, /^Container 'web' does not meet the restricted Pod Security Standard \(Pod 'p'\): allowPrivilegeEscalation must be false \(K8S014\); /);
    assert.ok(!m.message.includes('K8S021'), 'NET_RAW is said by drop ALL (K8S018)');
    assert.deepStrictEqual(presentFindings('p.yaml', r.findings, 'strict').map((f) => f.ruleId), r.findings.map((f) => f.ruleId));
    // the same parts give the same merged object (the LSP caches diagnostics per finding)
    assert.strictEqual(at(presentFindings('p.yaml', r.findings, 'default'))[0], m);
  });

  it('a mix of baseline and restricted controls is reported against restricted, which includes baseline', () => {
    // as when one Helm toYaml action printed both values: the findings start on one spot
    const r = analyzeText('p.yaml', pod('{privileged: true, allowPrivilegeEscalation: true}'));
    const two = r.findings.filter((f) => f.ruleId === 'K8S003' || f.ruleId === 'K8S014');
    assert.deepStrictEqual(two.map((f) => f.references.pss!.level).sort(), ['baseline', 'restricted']);
    const spot = two[0].range;
    const shown = presentFindings('p.yaml', two.map((f) => ({ ...f, range: spot })), 'default');
    assert.strictEqual(shown.length, 1);
    assert.match(shown[0].message, /^Container 'web' does not meet the restricted Pod Security Standard \(Pod 'p'\): /);
    assert.strictEqual(shown[0].ruleId, 'K8S003', 'the most severe part names the finding');
  });

  it('a part that only restates another is not listed; one left shows its own message', () => {
    const r = analyzeText('p.yaml', pod('{}'));
    const two = r.findings.filter((f) => f.ruleId === 'K8S018' || f.ruleId === 'K8S021');
    assert.strictEqual(two.length, 2);
    const shown = presentFindings('p.yaml', two.map((f) => ({ ...f, range: two[0].range })), 'default');
    assert.strictEqual(shown.length, 1);
    assert.strictEqual(shown[0].message, two.find((f) => f.ruleId === 'K8S018')!.message.replace(/^Pod 'p', container 'web': (.*?);/, "$1 (Pod 'p', container 'web');"));
  });
});

describe('leadWithProblem', () => {
  const res = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: '', document: 0 };
  it('moves the object and container after the first clause', () => {
    assert.strictEqual(leadWithProblem("Deployment 'web', container 'app': hostPort 80 is forbidden. Remove it.", res), "hostPort 80 is forbidden (Deployment 'web', container 'app'). Remove it.");
    assert.strictEqual(leadWithProblem("Deployment 'web': x is not set; set it.", res), "x is not set (Deployment 'web'); set it.");
    assert.strictEqual(leadWithProblem("Deployment 'web', init container 'i': x", res), "x (Deployment 'web', init container 'i')");
  });
  it('leaves other messages alone', () => {
    assert.strictEqual(leadWithProblem("Service 'web': x.", res), "Service 'web': x.");
    assert.strictEqual(leadWithProblem('Anything else.', res), 'Anything else.');
    assert.strictEqual(leadWithProblem("Deployment 'web': x", null), "Deployment 'web': x");
  });

  it('findings on a pod spec name the object; parts on different containers name no container', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  hostPID: true\n  containers:\n  - {name: a, image: nginx:1.25}\n  - {name: b, image: nginx:1.25}\n`;
    const r = analyzeText('p.yaml', text);
    const a = r.findings.find((f) => f.message.includes("container 'a'") && f.references.pss)!;
    const b = r.findings.find((f) => f.message.includes("container 'b'") && f.ruleId === a.ruleId)!;
    const spot = a.range;
    const mixed = presentFindings('p.yaml', [a, { ...b, ruleId: 'K8S015', range: spot }], 'default');
    assert.strictEqual(mixed.length, 1);
    assert.match(mixed[0].message, /^Pod 'p' does not meet the restricted Pod Security Standard: /);
  });

  it('messages are led by the problem whether or not anything on the file was merged', () => {
    // two findings on two spots: nothing to merge, yet shown as in a file where something was
    const r = analyzeText('p.yaml', pod('{}'));
    const apart = r.findings.filter((f, i, all) => all.findIndex((g) => g.range.start.line === f.range.start.line) === i).slice(0, 2);
    assert.strictEqual(apart.length, 2);
    assert.notStrictEqual(apart[0].range.start.line, apart[1].range.start.line);
    const shown = presentFindings('p.yaml', apart, 'default');
    assert.deepStrictEqual(shown.map((f) => f.message), apart.map((f) => leadWithProblem(f.message, f.resource)));
    assert.ok(shown.some((f, i) => f.message !== apart[i].message), 'at least one message was led');
  });
});
