/**
 * Former ids of split rules (RuleMeta.aliases, issue #20): CP005 used to hold every admission plugin
 * check and CP022 every kubelet flag of the CIS Benchmark; the settings they bundled have their own
 * ids now, and `CP005`/`CP022` (and the names `apiserver-admission-plugins`/`kubelet-hardening`) in
 * configuration and suppressions still name them all. A rule's own id or name wins over an alias.
 */
import * as assert from 'assert';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings, Settings } from '../../server/src/engine/settings';
import { severityOf, ruleEntry } from '../../server/src/engine/severity';
import { parseConfig, configFindings } from '../../server/src/engine/config';
import { getRule, rulesWithAlias, isRuleKey } from '../../server/src/engine/rules';
import { ruleMeta } from '../../server/src/engine/rule';
import { rulePage } from '../../scripts/gen-docs';
import type { Finding } from '../../server/src/engine/types';
import { staticPod } from '../controlplane/helpers';

const apiserver = (flags: string[], top = '') => top + staticPod('kube-apiserver', flags);
/** AlwaysAdmit (CP005 itself) and no NodeRestriction (CP030, formerly CP005), AlwaysPullImages (CP032, formerly CP005). */
const ADMISSION = ['--enable-admission-plugins=AlwaysAdmit,EventRateLimit,DenyServiceExternalIPs'];

function run(text: string, s: Partial<Settings> = {}): Finding[] {
  return analyzeText('f.yaml', text, { settings: { ...defaultSettings(), profile: 'strict', ...s } }).findings;
}
const idsOf = (f: Finding[], prefix = 'CP0') => f.map((x) => x.ruleId).filter((id) => id.startsWith(prefix)).sort();
const cp005Family = (f: Finding[]) => idsOf(f).filter((id) => ['CP005', 'CP030', 'CP032'].includes(id));

describe('rule aliases: former ids of split rules', () => {
  it('the registry knows which rules were split from an id', () => {
    assert.deepStrictEqual(rulesWithAlias('CP005').map((r) => r.meta.id), ['CP030', 'CP031', 'CP032', 'CP033', 'CP034', 'CP035', 'CP036']);
    assert.deepStrictEqual(getRule('CP030')!.meta.aliases, ['CP005', 'apiserver-admission-plugins']);
    assert.deepStrictEqual(rulesWithAlias('kubelet-hardening').map((r) => r.meta.id), ['CP057', 'CP058', 'CP059', 'CP060']);
    assert.strictEqual(getRule('CP005')!.meta.aliases, undefined, 'the rule that keeps the id has no alias');
    assert.ok(isRuleKey('CP005') && isRuleKey('apiserver-admission-node-restriction'));
    assert.ok(!isRuleKey('CP999'));
    assert.deepStrictEqual(rulesWithAlias('K8S003'), []);
  });

  it('baseline: AlwaysAdmit and two missing plugins are three findings under three ids', () => {
    assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION))), ['CP005', 'CP030', 'CP032']);
  });

  describe('configuration', () => {
    it('`CP005: off` turns off CP005 and every rule split from it', () => {
      assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION), { rules: { CP005: 'off' } })), []);
    });

    it('the former name works as the former id does (`apiserver-admission-plugins: off`)', () => {
      assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION), { rules: { 'apiserver-admission-plugins': 'off' } })), []);
    });

    it('`CP005: error` sets the severity of the rules split from it', () => {
      const f = run(apiserver(ADMISSION), { rules: { CP005: 'error' } }).filter((x) => ['CP005', 'CP030', 'CP032'].includes(x.ruleId));
      assert.deepStrictEqual(f.map((x) => x.severity), ['error', 'error', 'error']);
    });

    it('the rule\'s own id, or its own name, wins over the alias', () => {
      assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION), { rules: { CP005: 'off', CP030: 'warning' } })), ['CP030']);
      assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION), { rules: { CP005: 'off', 'apiserver-admission-always-pull-images': 'info' } })), ['CP032']);
      assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION), { rules: { CP005: 'error', CP030: 'off' } })), ['CP005', 'CP032']);
      const meta = getRule('CP030')!.meta;
      assert.strictEqual(severityOf(meta, { ...defaultSettings(), rules: { CP005: 'off', 'apiserver-admission-node-restriction': 'info' } }), 'info');
      assert.strictEqual(ruleEntry({ CP005: 'a', CP030: 'b' }, meta), 'b');
      assert.strictEqual(ruleEntry({ CP005: 'a' }, meta), 'a');
      assert.strictEqual(ruleEntry({ CP006: 'a' }, meta), undefined);
    });

    it('an alias does not reach rules split from another id', () => {
      assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION), { rules: { CP022: 'off' } })), ['CP005', 'CP030', 'CP032']);
    });

    it('per-namespace settings apply to aliases too', () => {
      const f = run(apiserver(ADMISSION), { namespaceRules: { 'kube-system': { CP005: 'off' } } });
      assert.deepStrictEqual(cp005Family(f), []);
    });

    it('.palisade.yaml accepts a former id as a rule key (no unknown-rule error), and still rejects unknown ids', () => {
      const cfg = parseConfig('rules:\n  CP005: off\n  CP999: off\nnamespaces:\n  kube-system:\n    rules:\n      CP022: info\n');
      assert.deepStrictEqual(cfg.settings.rules, { CP005: 'off' });
      assert.deepStrictEqual(cfg.errors.map((e) => e.message), ["rules: unknown rule 'CP999' (use an id such as K8S020 or a rule name); ignored."]);
      assert.deepStrictEqual(configFindings('rules:\n  CP022: off\n').map((x) => x.message), []);
    });
  });

  describe('suppressions', () => {
    it('# palisade-ignore CP005 above the resource covers the split rules', () => {
      assert.deepStrictEqual(cp005Family(run(apiserver(ADMISSION, '# palisade-ignore CP005 -- lab cluster\n'))), []);
    });

    it('# palisade-ignore-file CP022 covers every kubelet flag it used to check', () => {
      const kubelet = staticPod('kubelet', ['--config=/c.yaml', '--protect-kernel-defaults=false', '--make-iptables-util-chains=false', '--hostname-override=n1']);
      assert.deepStrictEqual(idsOf(run(kubelet)), ['CP057', 'CP058', 'CP059']);
      assert.deepStrictEqual(idsOf(run('# palisade-ignore-file CP022 -- tested elsewhere\n' + kubelet)), []);
      assert.deepStrictEqual(idsOf(run('# palisade-ignore-file CP058\n' + kubelet)), ['CP057', 'CP059']);
      assert.deepStrictEqual(idsOf(run('# palisade-ignore-file kubelet-hardening\n' + kubelet)), []);
    });

    it('the palisade.dev/ignore annotation takes a former id', () => {
      const text = apiserver(ADMISSION).replace('  namespace: kube-system\n', '  namespace: kube-system\n  annotations:\n    palisade.dev/ignore: "CP005 -- lab cluster"\n');
      assert.deepStrictEqual(cp005Family(run(text)), []);
    });

    it('K8S102 (unknown rule in a suppression) accepts a former id and still reports an unknown one', () => {
      const f = run(apiserver(ADMISSION, '# palisade-ignore CP005,CP999\n'));
      assert.deepStrictEqual(f.filter((x) => x.ruleId === 'K8S102').map((x) => x.message.slice(0, 22)), ["Unknown rule 'CP999' i"]);
    });
  });

  describe('rule pages', () => {
    it('a split rule\'s page names its former id; the former id\'s page lists the rules split out of it', () => {
      const split = rulePage(getRule('CP030')!.meta);
      assert.ok(split.includes('Formerly part of [CP005](CP005.md); `CP005` (and its name `apiserver-admission-plugins`) in configuration and suppressions still applies to it; a setting of CP030 or `apiserver-admission-node-restriction` itself takes precedence.'), split);
      const former = rulePage(getRule('CP005')!.meta);
      assert.ok(former.includes('Split out of this rule, one id per setting: [CP030](CP030.md) (`apiserver-admission-node-restriction`), [CP031](CP031.md)'), former);
      assert.ok(former.includes('`CP005` (and `apiserver-admission-plugins`) in configuration and suppressions still applies to them as well.'), former);
      assert.ok(!rulePage(getRule('K8S003')!.meta).includes('Formerly part of'));
    });
  });

  it('a rule cannot name itself as an alias', () => {
    assert.throws(() => ruleMeta({ id: 'X001', name: 'x', title: 'x', severity: 'info', aliases: ['X001'], docs: { description: '', rationale: '', remediation: '' } }), /alias/);
    assert.throws(() => ruleMeta({ id: 'X001', name: 'x', title: 'x', severity: 'info', aliases: ['x'], docs: { description: '', rationale: '', remediation: '' } }), /alias/);
  });
});
