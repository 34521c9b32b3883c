/**
 * Rules that bundle several peer checks name, on each finding, only the peer ids that finding stands
 * for (Report.peers): the conformance verdict of a peer id, and the mapping of peers' suppression
 * annotations, depend on it.
 */
import * as assert from 'assert';
import { findingsOf } from '../ruleTester';
import { getRule } from '../../server/src/engine/rules';
import { staticPod } from './helpers';

describe('per-finding peer references', () => {
  it('CP004 and the rules split from it: a missing flag, AlwaysAllow and a missing mode carry their own checkov/trivy ids', () => {
    const missing = staticPod('kube-apiserver', []);
    // a missing flag is AlwaysAllow, which checkov's CKV_K8S_74 (an explicit AlwaysAllow) does not fail; Node and RBAC are missing too
    assert.deepStrictEqual(findingsOf('CP004', { code: missing }).map((f) => f.references.peers), [[]]);
    assert.deepStrictEqual(findingsOf('CP028', { code: missing }).map((f) => f.references.peers), [['checkov:CKV_K8S_75', 'trivy:KCV-0008']]);
    assert.deepStrictEqual(findingsOf('CP029', { code: missing }).map((f) => f.references.peers), [['checkov:CKV_K8S_77', 'trivy:KCV-0009']]);
    const allow = staticPod('kube-apiserver', ['--authorization-mode=Node,AlwaysAllow']);
    assert.deepStrictEqual(findingsOf('CP004', { code: allow }).map((f) => f.references.peers), [['checkov:CKV_K8S_74', 'trivy:KCV-0007']]);
    assert.deepStrictEqual(findingsOf('CP029', { code: allow }).map((f) => f.references.peers), [['checkov:CKV_K8S_77', 'trivy:KCV-0009']]);
    assert.deepStrictEqual(findingsOf('CP028', { code: allow }), []);
  });

  it('each admission plugin has its own id and peer ids (formerly one CP005 finding naming every missing plugin)', () => {
    const code = staticPod('kube-apiserver', ['--enable-admission-plugins=AlwaysAdmit']);
    const ids = ['CP005', 'CP030', 'CP031', 'CP032', 'CP033'];
    assert.deepStrictEqual(ids.map((id) => findingsOf(id, { code }).map((f) => f.references.peers)), [
      [['checkov:CKV_K8S_79', 'trivy:KCV-0011']],
      [['checkov:CKV_K8S_85', 'trivy:KCV-0016']],
      [['checkov:CKV_K8S_78', 'trivy:KCV-0010']],
      [['checkov:CKV_K8S_80', 'trivy:KCV-0012']],
      [['trivy:KCV-0003']],
    ]);
  });

  it('a finding never names a peer id its rule does not reference, and keeps the rule\'s CIS and PSS references', () => {
    const meta = getRule('CP007')!.meta;
    const [f] = findingsOf('CP007', { code: staticPod('kube-scheduler', ['--profiling=true']) });
    assert.deepStrictEqual(f.references.peers, ['checkov:CKV_K8S_114', 'trivy:KCV-0040']);
    assert.ok(f.references.peers.every((p) => meta.references.peers.includes(p)));
    assert.deepStrictEqual(f.references.cis, meta.references.cis);
    assert.strictEqual(f.references.pss, null);
  });

  it('RBAC003 names the Polaris check of the object kind', () => {
    const code = (kind: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: x\nrules:\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n`;
    assert.deepStrictEqual(findingsOf('RBAC003', { code: code('Role') })[0].references.peers, ['polaris:rolePodExecAttach', 'kubescape:C-0002', 'trivy:KSV-0053']);
    assert.deepStrictEqual(findingsOf('RBAC003', { code: code('ClusterRole') })[0].references.peers, ['polaris:clusterrolePodExecAttach', 'kubescape:C-0002', 'trivy:KSV-0053']);
  });

  it('a rule without per-finding peers reports all of its references', () => {
    const [f] = findingsOf('CP013', { code: staticPod('kube-apiserver', []) });
    assert.deepStrictEqual(f.references.peers, getRule('CP013')!.meta.references.peers);
  });
});
