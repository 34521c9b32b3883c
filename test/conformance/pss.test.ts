/**
 * Conformance with the Pod Security Admission controller's own fixtures (../shared/corpus/pss):
 * every `pass` pod has no Pod Security Standards finding at its level and version, and every `fail`
 * pod has a finding of the control its file name names. Where PSA replaces a baseline check by its
 * restricted superset (hostPathVolumes -> restrictedVolumes, procMount -> procMount_restricted,
 * capabilities and seccomp), the baseline rule reports what it covers and the restricted rule the rest.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/engine/analyze';
import { defaultSettings, parsePssVersion } from '../../server/src/engine/settings';
import { getRule } from '../../server/src/engine/rules';
import { pssFamily } from '../../server/src/engine/rules/pss/framework';
import type { K8sRule } from '../../server/src/engine/rule';
import { manifest, CORPUS_DIR } from '../corpus';

interface Entry { file: string; level: 'baseline' | 'restricted'; version: string; check: string; expect: 'pass' | 'fail' }

const CHECKS = ['windowsHostProcess', 'hostNamespaces', 'privileged', 'capabilities_baseline', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle', 'appArmorProfile', 'seLinuxOptions', 'procMount', 'seccompProfile_baseline', 'sysctls', 'restrictedVolumes', 'allowPrivilegeEscalation', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted', 'capabilities_restricted', 'procMount_restricted'];
const canonical = Object.fromEntries(CHECKS.map((c) => [c.toLowerCase(), c]));

describe('conformance: Pod Security Admission fixtures (corpus/pss)', () => {
  const entries = manifest<Entry>('pss');
  it('has the whole corpus (thousands of fixtures, both levels, v1.0 to v1.37)', () => {
    assert.ok(entries.length > 4000, `only ${entries.length} entries`);
    const versions = new Set(entries.map((e) => e.version));
    assert.ok(versions.has('v1.0') && versions.has('v1.37'));
    assert.ok(entries.some((e) => e.expect === 'fail') && entries.some((e) => e.expect === 'pass'));
  });
  it('every PSA check id in the corpus is implemented by a rule', () => {
    const implemented = new Set(CHECKS.map((c) => c.toLowerCase()));
    const inCorpus = new Set(entries.map((e) => e.check).filter((c) => !c.startsWith('base')));
    for (const c of inCorpus) assert.ok(implemented.has(c), `no rule for PSA check ${c}`);
    for (const c of CHECKS) assert.ok(getRuleByCheck(c), `no rule implements ${c}`);
  });
  it('agrees with every label (100%, no exclusions)', () => {
    const disagreements: string[] = [];
    const checkIdOf = (ruleId: string) => ((getRule(ruleId) as K8sRule).pssCheck ?? '').toLowerCase();
    let fails = 0;
    for (const e of entries) {
      const text = fs.readFileSync(path.join(CORPUS_DIR, e.file), 'utf8');
      const settings = defaultSettings();
      settings.podSecurity = { level: e.level, version: e.version };
      const res = analyzeText(e.file, text, { settings });
      const pss = res.findings.filter((f) => f.references.pss !== null);
      if (res.errors.length) { disagreements.push(`${e.file}: parse errors ${res.errors.map((x) => x.message)}`); continue; }
      if (e.expect === 'pass') {
        if (pss.length) disagreements.push(`${e.file}: expected pass, got ${pss.map((f) => `${f.ruleId} ${f.message}`).join('; ')}`);
      } else {
        fails++;
        const minor = parsePssVersion(e.version)!;
        assert.ok(canonical[e.check], `unknown check ${e.check}`);
        // the named check, or the check PSA replaces it by / that it replaces at this level and version
        const expected = pssFamily(canonical[e.check], e.level, minor).map((c) => c.toLowerCase());
        const got = pss.map((f) => checkIdOf(f.ruleId));
        if (!got.some((g) => expected.includes(g))) disagreements.push(`${e.file}: expected a ${expected.join(' or ')} finding, got [${got.join(', ')}]`);
      }
    }
    assert.ok(fails > 2000);
    console.log(`      agreement: ${entries.length - disagreements.length}/${entries.length} Pod Security Admission fixtures (${fails} fail, ${entries.length - fails} pass; levels baseline and restricted, v1.0 to v1.37)`);
    assert.deepStrictEqual(disagreements.slice(0, 20), [], `${disagreements.length} of ${entries.length} disagree`);
  });
});

function getRuleByCheck(c: string) {
  return require('../../server/src/engine/rules').allRules.find((r: K8sRule) => r.pssCheck === c);
}
