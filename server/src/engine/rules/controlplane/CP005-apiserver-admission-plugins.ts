import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule, listFlag, itemLoc } from './flags';

/** Admission plugins enabled by default (kube-apiserver --enable-admission-plugins help, 1.2x+). */
const DEFAULT_ON = ['NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'TaintNodesByCondition', 'PodSecurity', 'Priority', 'DefaultTolerationSeconds', 'DefaultStorageClass', 'StorageObjectInUseProtection', 'PersistentVolumeClaimResize', 'RuntimeClass', 'CertificateApproval', 'CertificateSigning', 'ClusterTrustBundleAttest', 'CertificateSubjectRestriction', 'DefaultIngressClass', 'MutatingAdmissionPolicy', 'MutatingAdmissionWebhook', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionWebhook', 'ResourceQuota'];

interface Wanted { plugin: string; peers: string[]; why: string }
const WANTED: Wanted[] = [
  { plugin: 'NodeRestriction', peers: ['checkov:CKV_K8S_85', 'trivy:KCV-0016'], why: 'limits kubelets to their own Node and pods' },
  { plugin: 'EventRateLimit', peers: ['checkov:CKV_K8S_78', 'trivy:KCV-0010'], why: 'rate-limits events (needs an EventRateLimit configuration in --admission-control-config-file)' },
  { plugin: 'AlwaysPullImages', peers: ['checkov:CKV_K8S_80', 'trivy:KCV-0012'], why: 'makes private images re-authenticated for every pod on multi-tenant nodes' },
  { plugin: 'DenyServiceExternalIPs', peers: ['trivy:KCV-0003'], why: 'blocks Service externalIPs (CVE-2020-8554)' },
];

export default componentRule(
  ruleMeta({
    id: 'CP005', name: 'apiserver-admission-plugins', title: 'The API server must run the security admission plugins',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_78', 'checkov:CKV_K8S_79', 'checkov:CKV_K8S_80', 'checkov:CKV_K8S_81', 'checkov:CKV_K8S_82', 'checkov:CKV_K8S_83', 'checkov:CKV_K8S_84', 'checkov:CKV_K8S_85',
      'trivy:KCV-0003', 'trivy:KCV-0010', 'trivy:KCV-0011', 'trivy:KCV-0012', 'trivy:KCV-0013', 'trivy:KCV-0014', 'trivy:KCV-0015', 'trivy:KCV-0016'],
    cis: ['1.2.3', '1.2.9', '1.2.10', '1.2.11', '1.2.12', '1.2.13', '1.2.14'],
    docs: {
      description: 'The admission plugins of a kube-apiserver container, computed as the API server does (defaults, plus `--enable-admission-plugins`, minus `--disable-admission-plugins`; or exactly the legacy `--admission-control` list): `AlwaysAdmit` is on; `NodeRestriction`, `EventRateLimit`, `AlwaysPullImages` or `DenyServiceExternalIPs` is off; the default `ServiceAccount` or `NamespaceLifecycle` is disabled; `PodSecurityPolicy` is listed on Kubernetes 1.25+ (it was removed: the API server does not start) or, before 1.25, neither it nor `SecurityContextDeny` is on; `SecurityContextDeny` is listed on 1.30+ (removed). The version is read from the image tag; without one, the latest is assumed. An `AdmissionConfiguration` without an `EventRateLimit` entry is reported too.',
      rationale: 'Admission plugins enforce what authorization cannot: NodeRestriction stops a compromised kubelet from modifying other nodes and pods, AlwaysAdmit turns admission off, EventRateLimit protects the API server from event floods, DenyServiceExternalIPs closes CVE-2020-8554. A removed plugin in the list keeps the API server from starting after an upgrade.',
      remediation: 'Set `--enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs` (with an `--admission-control-config-file` that configures EventRateLimit), never list AlwaysAdmit, keep ServiceAccount and NamespaceLifecycle out of `--disable-admission-plugins`, and replace PodSecurityPolicy and SecurityContextDeny with Pod Security Admission (the default-on `PodSecurity` plugin).',
      example: { bad: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=AlwaysAdmit,PodSecurityPolicy\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs\n  - --admission-control-config-file=/etc/kubernetes/admission.yaml\n' },
    },
  }),
  ['kube-apiserver'],
  (c, ctx) => {
    const legacy = listFlag(c, 'admission-control');
    const enable = listFlag(c, 'enable-admission-plugins');
    const disable = listFlag(c, 'disable-admission-plugins');
    const on = new Set(legacy.flags.length ? legacy.items : [...DEFAULT_ON, ...enable.items]);
    for (const p of disable.items) on.delete(p);
    const listFlags = [...legacy.flags, ...enable.flags];
    const where = (p: string) => {
      for (const f of listFlags) if ((f.value ?? '').split(',').map((s) => s.trim()).includes(p)) return itemLoc(f, p, ctx.text);
      return undefined;
    };
    const anchor = listFlags[listFlags.length - 1]?.loc ?? c.headLoc;
    const minor = c.minor;
    const version = minor === undefined ? 'the latest Kubernetes (no version in the image tag)' : `Kubernetes 1.${minor}`;

    if (on.has('AlwaysAdmit')) ctx.report({ loc: where('AlwaysAdmit') ?? anchor, peers: ['checkov:CKV_K8S_79', 'trivy:KCV-0011'], message: `${c.who}: admission plugin AlwaysAdmit admits every request, switching admission control off. Remove it.` });

    const missing = WANTED.filter((w) => !on.has(w.plugin));
    if (missing.length) {
      ctx.report({
        loc: anchor, peers: missing.flatMap((w) => w.peers),
        message: `${c.who}: admission plugin${missing.length > 1 ? 's' : ''} ${missing.map((w) => w.plugin).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not enabled (${missing.map((w) => `${w.plugin} ${w.why}`).join('; ')}). Add ${missing.length > 1 ? 'them' : 'it'} to --enable-admission-plugins.`,
      });
    }
    for (const [p, peers, why] of [['ServiceAccount', ['checkov:CKV_K8S_82', 'trivy:KCV-0014'], 'pods would run without service account token management'], ['NamespaceLifecycle', ['checkov:CKV_K8S_83', 'trivy:KCV-0015'], 'objects could be created in terminating or non-existent namespaces']] as const) {
      if (on.has(p)) continue;
      const d = disable.flags.find((f) => (f.value ?? '').split(',').map((s) => s.trim()).includes(p));
      ctx.report({ loc: d ? itemLoc(d, p, ctx.text) : anchor, peers: [...peers], message: `${c.who}: admission plugin ${p} is ${d ? 'disabled' : 'not in the --admission-control list'}, so ${why}. ${d ? 'Remove it from --disable-admission-plugins' : `Add ${p}`}.` });
    }

    const legacyEra = minor !== undefined && minor < 25;
    if (legacyEra) {
      if (!on.has('PodSecurityPolicy') && !on.has('SecurityContextDeny')) ctx.report({ loc: anchor, peers: ['checkov:CKV_K8S_81', 'checkov:CKV_K8S_84', 'trivy:KCV-0013'], message: `${c.who}: on ${version}, neither PodSecurityPolicy nor SecurityContextDeny is enabled, so nothing restricts pod security contexts at admission. Enable PodSecurityPolicy (with policies) or, from 1.23, the PodSecurity plugin.` });
    } else {
      const psp = where('PodSecurityPolicy');
      if (psp) ctx.report({ loc: psp, peers: [], message: `${c.who}: admission plugin PodSecurityPolicy was removed in Kubernetes 1.25; on ${version} the API server will not start with it. Remove it and enforce Pod Security Admission (namespace labels pod-security.kubernetes.io/enforce).` });
      const scd = where('SecurityContextDeny');
      if (scd && (minor === undefined || minor >= 27)) ctx.report({ loc: scd, peers: [], message: `${c.who}: admission plugin SecurityContextDeny ${minor !== undefined && minor < 30 ? 'is deprecated (removed in 1.30)' : 'was removed in Kubernetes 1.30; the API server will not start with it'}. Remove it and enforce Pod Security Admission.` });
    }
  },
  (obj, ctx) => {
    if (obj.kind !== 'AdmissionConfiguration' || !/^apiserver\.(config\.)?k8s\.io\//.test(obj.apiVersion)) return;
    const plugins = obj.view.get('plugins');
    if (plugins.items().some((p) => p.get('name').str === 'EventRateLimit')) return;
    ctx.report({ loc: plugins.keyLoc ?? obj.view.get('kind').loc, peers: ['checkov:CKV_K8S_78'], message: `${describeConfig(obj)}: no EventRateLimit plugin configuration, so the EventRateLimit admission plugin cannot be enabled with it and the API server has no protection against event floods. Add a plugins entry for EventRateLimit.` });
  },
);
