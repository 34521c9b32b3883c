/** defineRule (server/src/engine/rule.ts, #19): one way to define a rule, messages by id. */
import * as assert from 'assert';
import { defineRule, renderMessage, ruleMeta } from '../../server/src/engine/rule';
import { analyzeText } from '../../server/src/engine/analyze';
import { allRules } from '../../server/src/engine/rules';

const spec = (id: string) => ({ id, name: id.toLowerCase(), title: 'Test rule', severity: 'warning' as const, docs: { description: 'd', rationale: 'r', remediation: 'm' } });
const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

describe('defineRule', () => {
  it('renders a message template by id with its data; an unknown id or a missing placeholder value throws', () => {
    const meta = ruleMeta({ ...spec('TEST801'), messages: { hello: 'Hello {{who}}, {{n}} times' } });
    assert.strictEqual(renderMessage(meta, 'hello', { who: 'p', n: 2 }), 'Hello p, 2 times');
    assert.throws(() => renderMessage(meta, 'bye', {}), /messageId 'bye'/);
    assert.throws(() => renderMessage(meta, 'hello', { who: 'p' }), /no data for \{\{n\}\}/);
  });

  it('a check reports { messageId, data }: the finding carries the rendered message and the id', () => {
    const rule = defineRule('object', { ...spec('TEST802'), messages: { named: "{{kind}} '{{name}}' is here" } }, (obj, ctx) => {
      ctx.report({ loc: obj.headLoc, messageId: 'named', data: { kind: obj.kind, name: obj.name } });
    });
    const f = analyzeText('p.yaml', pod, { rules: [...allRules, rule] }).findings.filter((x) => x.ruleId === 'TEST802');
    assert.deepStrictEqual(f.map((x) => [x.message, x.messageId]), [["Pod 'p' is here", 'named']]);
  });

  it('reporting an id the rule does not define is an internal error of the rule (error level), not a silent message', () => {
    const rule = defineRule('pod', { ...spec('TEST803'), messages: { a: 'A' } }, (pod, ctx) => {
      ctx.report({ loc: pod.obj.headLoc, messageId: 'b' });
    });
    const f = analyzeText('p.yaml', pod, { rules: [...allRules, rule] }).findings.filter((x) => x.ruleId === 'TEST803');
    assert.strictEqual(f.length, 1);
    assert.strictEqual(f[0].severity, 'error');
    assert.match(f[0].message, /Internal error in rule TEST803 .*messageId 'b', which is not in its messages/);
  });

  it('an object rule that says which objects it applies to is run for those only', () => {
    const seen: string[] = [];
    const rule = defineRule('object', spec('TEST809'), (o, ctx) => { seen.push(o.kind); ctx.report({ loc: o.headLoc, message: 'here' }); }, { applies: (o) => o.kind === 'ConfigMap' });
    const text = `${pod}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n`;
    const f = analyzeText('p.yaml', text, { rules: [...allRules, rule] }).findings.filter((x) => x.ruleId === 'TEST809');
    assert.deepStrictEqual(seen, ['ConfigMap']);
    assert.deepStrictEqual(f.map((x) => x.range.start.line), [12]);
  });

  it('pod rules see each workload\'s pod spec; object rules every object; reports end at the last non-blank character', () => {
    const seen: string[] = [];
    const podRule = defineRule('pod', spec('TEST804'), (p) => { seen.push(`pod:${p.obj.kind}`); });
    const objRule = defineRule('object', spec('TEST805'), (o, ctx) => { seen.push(`obj:${o.kind}`); if (o.kind === 'Pod') ctx.report({ loc: [o.view.get('spec').loc[0], o.view.get('spec').loc[1]], message: 'spec' }); });
    const text = `${pod}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n`;
    const f = analyzeText('p.yaml', text, { rules: [...allRules, podRule, objRule] }).findings.filter((x) => x.ruleId === 'TEST805');
    assert.deepStrictEqual(seen.sort(), ['obj:ConfigMap', 'obj:Pod', 'pod:Pod']);
    // the pod's spec is a block map that ends at the next line's start: the range stops at its last character
    assert.deepStrictEqual(f.map((x) => x.range.end), [{ line: 7, character: 23 }]);
  });

  it('object, pod and document checks read the analysis\'s context through theirs: file, text, lines, settings, Pod Security level (#23)', () => {
    const seen: string[] = [];
    const look = (target: string) => (s: unknown, ctx: import('../../server/src/engine/rule').RuleContext) => {
      seen.push(`${target} ${ctx.file} ${ctx.text.length} ${ctx.lines.lineCount} ${ctx.settings.podSecurity.level} ${ctx.pss.level}/${ctx.pss.minor}`);
    };
    const rules = [defineRule('object', spec('TEST806'), look('object')), defineRule('pod', spec('TEST807'), look('pod')), defineRule('yaml-doc', spec('TEST808'), look('doc'))];
    analyzeText('ctx.yaml', pod, { rules, settings: { podSecurity: { level: 'baseline', version: 'v1.30' }, rules: {}, namespaces: {}, requireSuppressionReason: false, budgetMs: 1e9 } });
    assert.deepStrictEqual(seen.sort(), [`doc ctx.yaml ${pod.length} 9 baseline baseline/30`, `object ctx.yaml ${pod.length} 9 baseline baseline/30`, `pod ctx.yaml ${pod.length} 9 baseline baseline/30`]);
  });
});
