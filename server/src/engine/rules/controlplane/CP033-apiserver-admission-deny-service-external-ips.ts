import { ruleMeta } from '../../rule';
import { componentRule } from './flags';
import { wantedPlugin } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP033', name: 'apiserver-admission-deny-service-external-ips', title: 'The API server should run the DenyServiceExternalIPs admission plugin',
    severity: 'warning',
    aliases: ['CP005', 'apiserver-admission-plugins'],
    peers: ['trivy:KCV-0003'],
    cis: ['1.2.3'],
    fix: 'unsafe',
    docs: {
      description: 'The admission plugins of a kube-apiserver container (defaults, plus `--enable-admission-plugins`, minus `--disable-admission-plugins`; or exactly the legacy `--admission-control` list) do not include `DenyServiceExternalIPs`.',
      rationale: 'Anyone who may create a Service may set `externalIPs` and intercept traffic the cluster sends to those addresses (CVE-2020-8554, unpatched by design). The plugin refuses new external IPs.',
      remediation: 'Add `DenyServiceExternalIPs` to `--enable-admission-plugins` (the quick fix does). Services that need external IPs must then be created before, or by a LoadBalancer implementation.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs\n' },
    },
  }),
  ['kube-apiserver'],
  wantedPlugin('DenyServiceExternalIPs', 'blocks Service externalIPs (CVE-2020-8554)', true),
);
