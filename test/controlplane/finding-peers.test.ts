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
  it('CP004: a missing flag, AlwaysAllow and a missing mode carry their own checkov/trivy ids', () => {
    const missing = findingsOf('CP004', { code: staticPod('kube-apiserver', []) });
    assert.deepStrictEqual(missing.map((f) => f.references.peers), [['checkov:CKV_K8S_75', 'checkov:CKV_K8S_77', 'trivy:KCV-0008', 'trivy:KCV-0009']]);
    const allow = findingsOf('CP004', { code: staticPod('kube-apiserver', ['--authorization-mode=Node,AlwaysAllow']) });
    assert.deepStrictEqual(allow.map((f) => f.references.peers.join(' ')).sort(), ['checkov:CKV_K8S_74 trivy:KCV-0007', 'checkov:CKV_K8S_77 trivy:KCV-0009']);
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
