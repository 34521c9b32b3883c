import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, kubeletUsesFlagsOnly, isKubeletConfiguration } from './flags';
import { setFlagFix } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP054', name: 'kubelet-authorization-mode', title: 'The kubelet API must authorize requests with the API server',
    severity: 'error',
    aliases: ['CP020', 'kubelet-authn-authz'],
    peers: ['checkov:CKV_K8S_139', 'trivy:KCV-0080'],
    cis: ['4.2.2'],
    fix: 'unsafe',
    docs: {
      description: 'A kubelet authorizes with `AlwaysAllow` (`--authorization-mode=AlwaysAllow`, or `authorization.mode: AlwaysAllow` in a KubeletConfiguration), or names a mode the kubelet does not have. For flags, the kubelet default (AlwaysAllow) is reported when no `--config` file can set the field instead; a KubeletConfiguration\'s own default is secure.',
      rationale: 'With AlwaysAllow, every client the kubelet authenticates (anonymous ones too, CP020) may exec into any container of the node, read logs and list pods.',
      remediation: 'Set `--authorization-mode=Webhook` (in the KubeletConfiguration: `authorization.mode: Webhook`), so that the API server decides with SubjectAccessReviews; the quick fix does.',
      example: { bad: 'command:\n  - kubelet\n  - --authorization-mode=AlwaysAllow\n', good: 'command:\n  - kubelet\n  - --authorization-mode=Webhook\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const mode = flag(c, 'authorization-mode');
    const mv = mode?.value?.trim();
    const fixes = setFlagFix(c, ctx, 'authorization-mode', 'Webhook');
    if (mode && mv === 'AlwaysAllow') ctx.report({ loc: mode.loc, message: `${c.who}: --authorization-mode=AlwaysAllow authorizes every kubelet API request (exec, logs) without asking the API server. Set --authorization-mode=Webhook.`, fixes });
    else if (mode && mv !== 'Webhook') ctx.report({ loc: mode.loc, peers: [], message: `${c.who}: --authorization-mode=${mode.value ?? ''} is not a kubelet authorization mode (AlwaysAllow or Webhook); the kubelet will not start. Set --authorization-mode=Webhook.`, fixes });
    else if (!mode && kubeletUsesFlagsOnly(c)) ctx.report({ loc: c.headLoc, message: `${c.who}: --authorization-mode is not set and no --config file is used, so the kubelet authorizes every request (flag default AlwaysAllow). Set --authorization-mode=Webhook.`, fixes });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const mode = obj.view.at('authorization', 'mode');
    if (mode.str === 'AlwaysAllow') ctx.report({ loc: mode.pairLoc, message: `${describeConfig(obj)}: authorization.mode: AlwaysAllow authorizes every kubelet API request. Set it to Webhook.`, fixes: fix.unsafe('Set authorization.mode: Webhook', fix.setScalar(ctx.text, mode, 'Webhook')) });
  },
);
