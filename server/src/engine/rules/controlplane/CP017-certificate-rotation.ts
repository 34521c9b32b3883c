import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, listFlag, itemLoc, boolFlag, isKubeletConfiguration } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP017', name: 'certificate-rotation', title: 'Kubelet certificate rotation must stay on',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_112', 'checkov:CKV_K8S_149', 'trivy:KCV-0038', 'trivy:KCV-0090', 'trivy:KCV-0091'],
    cis: ['1.3.6', '4.2.10', '4.2.11'],
    docs: {
      description: 'A kube-controller-manager or kubelet container sets the feature gate `RotateKubeletServerCertificate=false`, or a kubelet sets `--rotate-certificates=false`; a KubeletConfiguration sets `rotateCertificates: false` or `featureGates.RotateKubeletServerCertificate: false`.',
      rationale: 'Without rotation, kubelet client and serving certificates are long-lived: a stolen one stays valid until it expires, and an expired one takes the node down. Rotation keeps them short-lived and renews them automatically.',
      remediation: 'Remove `RotateKubeletServerCertificate=false` from `--feature-gates` and `--rotate-certificates=false` (or set them to true); in a KubeletConfiguration set `rotateCertificates: true` and `serverTLSBootstrap: true`.',
      example: { bad: 'command:\n  - kubelet\n  - --rotate-certificates=false\n', good: 'command:\n  - kubelet\n  - --rotate-certificates=true\n' },
    },
  }),
  ['kube-controller-manager', 'kubelet'],
  (c, ctx) => {
    for (const f of listFlag(c, 'feature-gates').flags) {
      for (const kv of (f.value ?? '').split(',').map((s) => s.trim())) {
        const [k, v] = kv.split('=');
        if (k === 'RotateKubeletServerCertificate' && v?.trim().toLowerCase() === 'false') {
          ctx.report({ loc: itemLoc(f, kv, ctx.text), peers: ['checkov:CKV_K8S_112', c.kind === 'kubelet' ? 'trivy:KCV-0091' : 'trivy:KCV-0038'], message: `${c.who}: --feature-gates turns RotateKubeletServerCertificate off, so kubelet serving certificates are not rotated. Remove RotateKubeletServerCertificate=false.` });
        }
      }
    }
    if (c.kind !== 'kubelet') return;
    const rot = flag(c, 'rotate-certificates');
    if (boolFlag(rot) === false) ctx.report({ loc: rot!.loc, peers: ['checkov:CKV_K8S_149', 'trivy:KCV-0090'], message: `${c.who}: --rotate-certificates=${rot!.value} keeps the kubelet's client certificate until it expires. Set --rotate-certificates=true.` });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const rot = obj.view.get('rotateCertificates');
    if (rot.bool === false) ctx.report({ loc: rot.pairLoc, peers: ['checkov:CKV_K8S_149', 'trivy:KCV-0090'], message: `${describeConfig(obj)}: rotateCertificates: false keeps the kubelet's client certificate until it expires. Set it to true.` });
    const gate = obj.view.at('featureGates', 'RotateKubeletServerCertificate');
    if (gate.bool === false) ctx.report({ loc: gate.pairLoc, peers: ['checkov:CKV_K8S_112', 'trivy:KCV-0091'], message: `${describeConfig(obj)}: featureGates.RotateKubeletServerCertificate: false stops serving certificate rotation. Remove it.` });
  },
);
