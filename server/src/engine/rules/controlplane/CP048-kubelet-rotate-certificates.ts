import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, boolFlag, isKubeletConfiguration } from './flags';
import { setFlagFix } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP048', name: 'kubelet-rotate-certificates', title: 'Kubelet client certificate rotation must stay on',
    severity: 'warning',
    aliases: ['CP017', 'certificate-rotation'],
    peers: ['checkov:CKV_K8S_149', 'trivy:KCV-0090'],
    cis: ['4.2.10'],
    fix: 'unsafe',
    docs: {
      description: 'A kubelet sets `--rotate-certificates=false`, or a KubeletConfiguration sets `rotateCertificates: false`.',
      rationale: 'Without rotation the kubelet keeps its client certificate until it expires: a stolen one stays valid that long, and an expired one cuts the node off from the API server.',
      remediation: 'Set `--rotate-certificates=true` (`rotateCertificates: true`); the quick fix does.',
      example: { bad: 'command:\n  - kubelet\n  - --rotate-certificates=false\n', good: 'command:\n  - kubelet\n  - --rotate-certificates=true\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const rot = flag(c, 'rotate-certificates');
    if (boolFlag(rot) === false) ctx.report({ loc: rot!.loc, message: `${c.who}: --rotate-certificates=${rot!.value} keeps the kubelet's client certificate until it expires. Set --rotate-certificates=true.`, fixes: setFlagFix(c, ctx, 'rotate-certificates', 'true') });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const rot = obj.view.get('rotateCertificates');
    if (rot.bool === false) ctx.report({ loc: rot.pairLoc, message: `${describeConfig(obj)}: rotateCertificates: false keeps the kubelet's client certificate until it expires. Set it to true.`, fixes: fix.unsafe('Set rotateCertificates: true', fix.setScalar(ctx.text, rot, true)) });
  },
);
