import { defineRule } from '../../rule';
import { who } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S042', name: 'host-aliases', title: 'Pods should not override name resolution with hostAliases',
    severity: 'info',
    peers: ['kubesec:HostAliases', 'trivy:KSV-0007'],
    cis: [],
    docs: {
      description: 'The pod spec sets `hostAliases`, which writes entries into the containers\' `/etc/hosts`.',
      rationale: 'hostAliases silently override DNS for the names they list: they can redirect traffic meant for an internal or external service (including a metadata or API endpoint) to another address, and they are easy to miss in review. Changes in DNS (fail-over, rotation) no longer reach the pod.',
      remediation: 'Remove `hostAliases` and publish the name in DNS (a Service, an ExternalName Service, or a CoreDNS rewrite). Keep it only for well-reviewed, documented cases.',
      example: { bad: 'spec:\n  hostAliases:\n    - ip: 10.0.0.12\n      hostnames: ["payments.internal"]\n', good: 'spec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.4.2\n' },
    },
  },
  (pod, ctx) => {
    const v = pod.spec.get('hostAliases');
    if (v.isNull || (v.isSeq && v.items().length === 0)) return;
    const names = v.items().flatMap((a) => a.get('hostnames').strings());
    ctx.report({ loc: v.keyLoc ?? v.loc, message: `${who(pod)}: hostAliases overrides /etc/hosts${names.length ? ` for ${names.join(', ')}` : ''}; publish these names in DNS instead and remove hostAliases.` });
  },
);
