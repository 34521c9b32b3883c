import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, listFlag, itemLoc, isKubeletConfiguration } from './flags';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP017', name: 'certificate-rotation', title: 'Kubelet serving certificate rotation must stay on',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_112', 'trivy:KCV-0038', 'trivy:KCV-0091'],
    cis: ['1.3.6', '4.2.11'],
    fix: 'unsafe',
    docs: {
      description: 'A kube-controller-manager or kubelet container sets the feature gate `RotateKubeletServerCertificate=false`, or a KubeletConfiguration sets `featureGates.RotateKubeletServerCertificate: false`. The kubelet\'s client certificate rotation (`--rotate-certificates`), which this rule used to check too, has its own id, CP048.',
      rationale: 'Without rotation, kubelet serving certificates are long-lived: a stolen one stays valid until it expires, and an expired one takes the node\'s API down. Rotation keeps them short-lived and renews them automatically.',
      remediation: 'Remove `RotateKubeletServerCertificate=false` from `--feature-gates` (the gate is on by default), or set it to true (the quick fix does); in a KubeletConfiguration also set `serverTLSBootstrap: true`.',
      example: { bad: 'command:\n  - kubelet\n  - --feature-gates=RotateKubeletServerCertificate=false\n', good: 'command:\n  - kubelet\n  - --feature-gates=RotateKubeletServerCertificate=true\n' },
    },
  }),
  ['kube-controller-manager', 'kubelet'],
  (c, ctx) => {
    for (const f of listFlag(c, 'feature-gates').flags) {
      for (const kv of (f.value ?? '').split(',').map((s) => s.trim())) {
        const [k, v] = kv.split('=');
        if (k === 'RotateKubeletServerCertificate' && v?.trim().toLowerCase() === 'false') {
          const at = itemLoc(f, kv, ctx.text);
          const edits = at[1] - at[0] === kv.length ? [{ start: at[0], end: at[1], newText: 'RotateKubeletServerCertificate=true' }] : undefined;
          ctx.report({ loc: at, peers: ['checkov:CKV_K8S_112', c.kind === 'kubelet' ? 'trivy:KCV-0091' : 'trivy:KCV-0038'], message: `${c.who}: --feature-gates turns RotateKubeletServerCertificate off, so kubelet serving certificates are not rotated. Remove RotateKubeletServerCertificate=false.`, fixes: fix.unsafe('Set RotateKubeletServerCertificate=true', edits) });
        }
      }
    }
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const gate = obj.view.at('featureGates', 'RotateKubeletServerCertificate');
    if (gate.bool === false) ctx.report({ loc: gate.pairLoc, peers: ['checkov:CKV_K8S_112', 'trivy:KCV-0091'], message: `${describeConfig(obj)}: featureGates.RotateKubeletServerCertificate: false stops serving certificate rotation. Remove it.`, fixes: fix.unsafe('Set featureGates.RotateKubeletServerCertificate: true', fix.setScalar(ctx.text, gate, true)) });
  },
);
