import * as assert from 'assert';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/settings';
import { parseConfig } from '../../server/src/engine/config';
import { dockerfileRules } from '../../server/src/engine/rules/dockerfile';
import { COMPILED } from '../../server/src/engine/dockerfile/eol-data';

// The examples in each rule's documentation are real: the flagged one triggers the rule, the compliant one does not.
describe('Dockerfile rule documentation examples', () => {
  const settings = { ...defaultSettings(), profile: 'strict' as const, today: COMPILED }; // each rule's own example
  const wrap = (s: string) => (/^(FROM|#)/.test(s) ? s : 'FROM alpine:3.22\n' + s);
  for (const r of dockerfileRules) {
    const ex = r.meta.docs.example;
    it(`${r.meta.id} has an example, and it behaves as documented`, () => {
      assert.ok(ex, `${r.meta.id} has no example`);
      // an example that needs configuration says so on its first line: `# .palisade.yaml: images: {...}`
      const cfg = /^# \.palisade\.yaml: (.*)\n/.exec(ex.bad)?.[1];
      const conf = cfg ? parseConfig(cfg) : undefined;
      assert.deepStrictEqual(conf?.errors ?? [], [], 'the example\'s configuration is valid');
      const configured = { ...settings, ...conf?.settings };
      const bad = analyzeText('Dockerfile', wrap(ex.bad), { settings: configured });
      const good = analyzeText('Dockerfile', wrap(ex.good), { settings: configured });
      if (cfg) assert.ok(!analyzeText('Dockerfile', wrap(ex.bad), { settings }).findings.some((f) => f.ruleId === r.meta.id), 'without the configuration the example is not flagged');
      assert.deepStrictEqual([...bad.errors, ...good.errors], []);
      assert.ok(bad.findings.some((f) => f.ruleId === r.meta.id), `flagged example gives no ${r.meta.id}:\n${ex.bad}`);
      assert.deepStrictEqual(good.findings.filter((f) => f.ruleId === r.meta.id).map((f) => f.message), [], `compliant example:\n${ex.good}`);
    });
  }
});
