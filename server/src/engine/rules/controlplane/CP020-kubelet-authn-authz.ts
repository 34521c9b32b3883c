import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, boolFlag, kubeletUsesFlagsOnly, isKubeletConfiguration } from './flags';
import { setFlagFix } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP020', name: 'kubelet-authn-authz', title: 'The kubelet API must not accept anonymous requests',
    severity: 'error',
    peers: ['checkov:CKV_K8S_138', 'trivy:KCV-0079'],
    cis: ['4.2.1'],
    fix: 'unsafe',
    docs: {
      description: 'A kubelet allows anonymous requests (`--anonymous-auth=true`, or `authentication.anonymous.enabled: true` in a KubeletConfiguration). For flags, the kubelet default (anonymous on) is reported when no `--config` file can set the field instead; a KubeletConfiguration\'s own default is secure. The other settings this rule used to check have their own ids: the authorization mode (CP054), the client CA (CP055), webhook authentication (CP056).',
      rationale: 'The kubelet API (port 10250) runs commands in any container of the node, reads logs and lists pods. Anonymous access (with AlwaysAllow authorization, CP054) is remote code execution on every node for anyone who can reach port 10250.',
      remediation: 'Set `--anonymous-auth=false` (in the KubeletConfiguration: `authentication.anonymous.enabled: false`); the quick fix does.',
      example: { bad: 'command:\n  - kubelet\n  - --anonymous-auth=true\n', good: 'command:\n  - kubelet\n  - --anonymous-auth=false\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const anon = flag(c, 'anonymous-auth');
    const av = boolFlag(anon);
    if (av === true) ctx.report({ loc: anon!.loc, message: `${c.who}: --anonymous-auth=${anon!.value ?? 'true'} lets unauthenticated clients use the kubelet API. Set --anonymous-auth=false.`, fixes: setFlagFix(c, ctx, 'anonymous-auth', 'false') });
    else if (av === undefined && kubeletUsesFlagsOnly(c)) ctx.report({ loc: c.headLoc, message: `${c.who}: --anonymous-auth is not set and no --config file is used, so the kubelet accepts anonymous requests (flag default true). Set --anonymous-auth=false.`, fixes: setFlagFix(c, ctx, 'anonymous-auth', 'false') });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const anon = obj.view.at('authentication', 'anonymous', 'enabled');
    if (anon.bool === true) ctx.report({ loc: anon.pairLoc, message: `${describeConfig(obj)}: authentication.anonymous.enabled: true lets unauthenticated clients use the kubelet API. Set it to false.`, fixes: fix.unsafe('Set authentication.anonymous.enabled: false', fix.setScalar(ctx.text, anon, false)) });
  },
);
