import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, flag, fileFlag, boolFlag, kubeletUsesFlagsOnly, isKubeletConfiguration } from './flags';

export default componentRule(
  ruleMeta({
    id: 'CP020', name: 'kubelet-authn-authz', title: 'The kubelet API must authenticate and authorize its clients',
    severity: 'error',
    peers: ['checkov:CKV_K8S_138', 'checkov:CKV_K8S_139', 'checkov:CKV_K8S_140', 'trivy:KCV-0079', 'trivy:KCV-0080', 'trivy:KCV-0081'],
    cis: ['4.2.1', '4.2.2', '4.2.3'],
    docs: {
      description: 'A kubelet allows anonymous requests (`--anonymous-auth=true`, or `authentication.anonymous.enabled: true` in a KubeletConfiguration), authorizes with `AlwaysAllow`, or has no client CA (`--client-ca-file`, `authentication.x509.clientCAFile`). For flags, the kubelet defaults (anonymous on, AlwaysAllow, no CA) are reported when no `--config` file can set the fields instead; a KubeletConfiguration\'s own defaults are secure.',
      rationale: 'The kubelet API (port 10250) runs commands in any container of the node, reads logs and lists pods. Anonymous access with AlwaysAllow is remote code execution on every node for anyone who can reach port 10250.',
      remediation: 'Set `--anonymous-auth=false`, `--authorization-mode=Webhook` and `--client-ca-file` (or in the KubeletConfiguration: `authentication.anonymous.enabled: false`, `authentication.webhook.enabled: true`, `authentication.x509.clientCAFile`, `authorization.mode: Webhook`).',
      example: { bad: 'command:\n  - kubelet\n  - --anonymous-auth=true\n  - --authorization-mode=AlwaysAllow\n', good: 'command:\n  - kubelet\n  - --anonymous-auth=false\n  - --authorization-mode=Webhook\n  - --client-ca-file=/etc/kubernetes/pki/ca.crt\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const flagsOnly = kubeletUsesFlagsOnly(c);
    const anon = flag(c, 'anonymous-auth');
    const av = boolFlag(anon);
    if (av === true) ctx.report({ loc: anon!.loc, peers: ['checkov:CKV_K8S_138', 'trivy:KCV-0079'], message: `${c.who}: --anonymous-auth=${anon!.value ?? 'true'} lets unauthenticated clients use the kubelet API. Set --anonymous-auth=false.` });
    else if (av === undefined && flagsOnly) ctx.report({ loc: c.headLoc, peers: ['checkov:CKV_K8S_138', 'trivy:KCV-0079'], message: `${c.who}: --anonymous-auth is not set and no --config file is used, so the kubelet accepts anonymous requests (flag default true). Set --anonymous-auth=false.` });
    const mode = flag(c, 'authorization-mode');
    const mv = mode?.value?.trim();
    if (mode && mv === 'AlwaysAllow') ctx.report({ loc: mode.loc, peers: ['checkov:CKV_K8S_139', 'trivy:KCV-0080'], message: `${c.who}: --authorization-mode=AlwaysAllow authorizes every kubelet API request (exec, logs) without asking the API server. Set --authorization-mode=Webhook.` });
    else if (mode && mv !== 'Webhook') ctx.report({ loc: mode.loc, peers: [], message: `${c.who}: --authorization-mode=${mode.value ?? ''} is not a kubelet authorization mode (AlwaysAllow or Webhook); the kubelet will not start. Set --authorization-mode=Webhook.` });
    else if (!mode && flagsOnly) ctx.report({ loc: c.headLoc, peers: ['checkov:CKV_K8S_139', 'trivy:KCV-0080'], message: `${c.who}: --authorization-mode is not set and no --config file is used, so the kubelet authorizes every request (flag default AlwaysAllow). Set --authorization-mode=Webhook.` });
    if (!fileFlag(c, 'client-ca-file') && flagsOnly) ctx.report({ loc: c.headLoc, peers: ['checkov:CKV_K8S_140', 'trivy:KCV-0081'], message: `${c.who}: --client-ca-file is not set and no --config file is used, so the kubelet cannot authenticate clients by certificate (the API server included). Set --client-ca-file to the cluster CA.` });
  },
  (obj, ctx) => {
    if (!isKubeletConfiguration(obj)) return;
    const anon = obj.view.at('authentication', 'anonymous', 'enabled');
    if (anon.bool === true) ctx.report({ loc: anon.pairLoc, peers: ['checkov:CKV_K8S_138', 'trivy:KCV-0079'], message: `${describeConfig(obj)}: authentication.anonymous.enabled: true lets unauthenticated clients use the kubelet API. Set it to false.` });
    const mode = obj.view.at('authorization', 'mode');
    if (mode.str === 'AlwaysAllow') ctx.report({ loc: mode.pairLoc, peers: ['checkov:CKV_K8S_139', 'trivy:KCV-0080'], message: `${describeConfig(obj)}: authorization.mode: AlwaysAllow authorizes every kubelet API request. Set it to Webhook.` });
    const webhook = obj.view.at('authentication', 'webhook', 'enabled');
    if (webhook.bool === false) ctx.report({ loc: webhook.pairLoc, peers: [], message: `${describeConfig(obj)}: authentication.webhook.enabled: false stops the kubelet from validating bearer tokens with the API server. Set it to true.` });
  },
);
