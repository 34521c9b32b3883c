import { ruleMeta } from '../../rule';
import { describeConfig } from './flags';
import { componentRule } from './flags';
import { wantedPlugin } from './admission';

export default componentRule(
  ruleMeta({
    id: 'CP031', name: 'apiserver-admission-event-rate-limit', title: 'The API server should run the EventRateLimit admission plugin',
    severity: 'warning',
    aliases: ['CP005', 'apiserver-admission-plugins'],
    peers: ['checkov:CKV_K8S_78', 'trivy:KCV-0010'],
    cis: ['1.2.9'],
    docs: {
      description: 'The admission plugins of a kube-apiserver container (defaults, plus `--enable-admission-plugins`, minus `--disable-admission-plugins`; or exactly the legacy `--admission-control` list) do not include `EventRateLimit`; or an `AdmissionConfiguration` has no `EventRateLimit` entry.',
      rationale: 'Every component and many controllers write events. Without a rate limit, one misbehaving or malicious client can flood the API server and etcd with events and starve everything else.',
      remediation: 'Add `EventRateLimit` to `--enable-admission-plugins` and configure it in the file named by `--admission-control-config-file` (an `AdmissionConfiguration` with an `EventRateLimit` plugin entry). There is no quick fix: the API server does not start with the plugin and no configuration.',
      example: { bad: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction\n', good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction,EventRateLimit\n  - --admission-control-config-file=/etc/kubernetes/admission.yaml\n' },
    },
  }),
  ['kube-apiserver'],
  wantedPlugin('EventRateLimit', 'rate-limits events (needs an EventRateLimit configuration in --admission-control-config-file)', false),
  (obj, ctx) => {
    if (obj.kind !== 'AdmissionConfiguration' || !/^apiserver\.(config\.)?k8s\.io\//.test(obj.apiVersion)) return;
    const plugins = obj.view.get('plugins');
    if (plugins.items().some((p) => p.get('name').str === 'EventRateLimit')) return;
    ctx.report({ loc: plugins.keyLoc ?? obj.view.get('kind').loc, peers: ['checkov:CKV_K8S_78'], message: `${describeConfig(obj)}: no EventRateLimit plugin configuration, so the EventRateLimit admission plugin cannot be enabled with it and the API server has no protection against event floods. Add a plugins entry for EventRateLimit.` });
  },
);
