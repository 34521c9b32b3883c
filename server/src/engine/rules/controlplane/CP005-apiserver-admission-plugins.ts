import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { admissionOf, removePluginFix } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP005', name: 'apiserver-admission-plugins', title: 'The API server must not run the AlwaysAdmit admission plugin',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_79', 'trivy:KCV-0011'],
    cis: ['1.2.10'],
    fix: 'unsafe',
    docs: {
      description: 'The admission plugins of a kube-apiserver container, computed as the API server does (defaults, plus `--enable-admission-plugins`, minus `--disable-admission-plugins`; or exactly the legacy `--admission-control` list), include `AlwaysAdmit`. The other admission plugin checks this rule used to bundle have their own ids, one per plugin: CP030 (NodeRestriction), CP031 (EventRateLimit), CP032 (AlwaysPullImages), CP033 (DenyServiceExternalIPs), CP034 (ServiceAccount), CP035 (NamespaceLifecycle), CP036 (PodSecurityPolicy and SecurityContextDeny).',
      rationale: 'AlwaysAdmit admits every request: it turns admission control off, whatever the other plugins (Pod Security Admission, NodeRestriction, webhooks) would have refused.',
      remediation: 'Remove `AlwaysAdmit` from `--enable-admission-plugins` (or `--admission-control`). The quick fix does so; it is unsafe in that requests the other plugins refuse stop being admitted.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=AlwaysAdmit,NodeRestriction\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const a = admissionOf(c, ctx);
    if (a.on.has('AlwaysAdmit')) ctx.report({ loc: a.where('AlwaysAdmit') ?? a.anchor, message: `${c.who}: admission plugin AlwaysAdmit admits every request, switching admission control off. Remove it.`, fixes: removePluginFix(c, ctx, a, 'AlwaysAdmit') });
  },
);
