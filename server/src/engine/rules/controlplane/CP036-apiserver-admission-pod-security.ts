import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { admissionOf, removePluginFix } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP036', name: 'apiserver-admission-pod-security', title: 'The API server must restrict pod security contexts at admission, with a plugin its version has',
    severity: 'warning',
    aliases: ['CP005', 'apiserver-admission-plugins'],
    peers: ['checkov:CKV_K8S_81', 'checkov:CKV_K8S_84', 'trivy:KCV-0013'],
    cis: [],
    fix: 'unsafe',
    docs: {
      description: 'Before Kubernetes 1.25, a kube-apiserver container enables neither `PodSecurityPolicy` nor `SecurityContextDeny`; from 1.25, it lists `PodSecurityPolicy` (removed in 1.25); from 1.27, it lists `SecurityContextDeny` (deprecated, removed in 1.30). The version is read from the image tag; without one, the latest is assumed. From 1.23 the default-on `PodSecurity` plugin (Pod Security Admission) does the job.',
      rationale: 'Without a pod security admission plugin, anyone who may create pods may create privileged ones. A removed plugin in the list keeps the API server from starting after an upgrade.',
      remediation: 'Enforce Pod Security Admission (the default-on `PodSecurity` plugin, with `pod-security.kubernetes.io/enforce` namespace labels) and remove `PodSecurityPolicy` and `SecurityContextDeny` from the plugin lists (the quick fix removes a plugin the version no longer has). Before 1.23, enable `PodSecurityPolicy` with policies.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction,PodSecurityPolicy\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const a = admissionOf(c, ctx);
    const minor = c.minor;
    if (minor !== undefined && minor < 25) {
      if (!a.on.has('PodSecurityPolicy') && !a.on.has('SecurityContextDeny')) ctx.report({ loc: a.anchor, message: `${c.who}: on ${a.version}, neither PodSecurityPolicy nor SecurityContextDeny is enabled, so nothing restricts pod security contexts at admission. Enable PodSecurityPolicy (with policies) or, from 1.23, the PodSecurity plugin.` });
      return;
    }
    const psp = a.where('PodSecurityPolicy');
    if (psp) ctx.report({ loc: psp, peers: [], message: `${c.who}: admission plugin PodSecurityPolicy was removed in Kubernetes 1.25; on ${a.version} the API server will not start with it. Remove it and enforce Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce).`, fixes: removePluginFix(c, ctx, a, 'PodSecurityPolicy') });
    const scd = a.where('SecurityContextDeny');
    if (scd && (minor === undefined || minor >= 27)) ctx.report({ loc: scd, peers: [], message: `${c.who}: admission plugin SecurityContextDeny ${minor !== undefined && minor < 30 ? 'is deprecated (removed in 1.30)' : 'was removed in Kubernetes 1.30; the API server will not start with it'}. Remove it and enforce Pod Security Admission.`, fixes: removePluginFix(c, ctx, a, 'SecurityContextDeny') });
  },
);
