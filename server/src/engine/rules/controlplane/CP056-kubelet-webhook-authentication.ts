import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, isKubeletConfiguration } from './flags';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP056', name: 'kubelet-webhook-authentication', title: 'The kubelet must validate bearer tokens with the API server',
    severity: 'error',
    aliases: ['CP020', 'kubelet-authn-authz'],
    peers: [],
    cis: [],
    fix: 'unsafe',
    docs: {
      description: 'A KubeletConfiguration sets `authentication.webhook.enabled: false`.',
      rationale: 'Webhook authentication is how the kubelet checks the bearer tokens of its clients (service accounts, monitoring) with the API server (TokenReview). Without it, those clients can only be served anonymously, or not at all.',
      remediation: 'Set `authentication.webhook.enabled: true` (the default); the quick fix does.',
      example: { bad: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  webhook:\n    enabled: false\n', good: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  webhook:\n    enabled: true\n' },
    },
  }),
  ['kubelet'],
  () => undefined,
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const webhook = obj.view.at('authentication', 'webhook', 'enabled');
    if (webhook.bool === false) ctx.report({ loc: webhook.pairLoc, message: `${describeConfig(obj)}: authentication.webhook.enabled: false stops the kubelet from validating bearer tokens with the API server. Set it to true.`, fixes: fix.unsafe('Set authentication.webhook.enabled: true', fix.setScalar(ctx.text, webhook, true)) });
  },
);
