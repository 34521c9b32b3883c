import { defineRule } from '../../rule';
import { isKind, who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'SPF003', name: 'spire-clusterspiffeid-template', title: 'ClusterSPIFFEID template is missing or not scoped to namespace and service account', severity: 'warning', language: 'spiffe',
    docs: {
      description: 'A ClusterSPIFFEID has no `spiffeIDTemplate`, or the template does not include the pod namespace (`.PodMeta.Namespace`) and service account (`.PodSpec.ServiceAccountName`).',
      rationale: 'The controller rejects an empty template. A template without namespace and service account gives many different workloads the same SPIFFE ID, so authorization by identity cannot tell them apart.',
      remediation: 'Use `spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}` or another template that includes both.',
      example: {
        bad: 'spec:\n  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/workload"\n',
        good: 'spec:\n  spiffeIDTemplate: "spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"\n',
      },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'spire.spiffe.io', 'ClusterSPIFFEID')) return;
    const t = obj.view.at('spec', 'spiffeIDTemplate');
    const s = t.str;
    if (!s) { ctx.report({ loc: t.exists ? t.pairLoc : obj.headLoc, message: `${who(obj)}: spec.spiffeIDTemplate is missing or empty, so the controller rejects it; set it to 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}'.` }); return; }
    const missing: string[] = [];
    if (!/\.PodMeta\.Namespace\b/.test(s)) missing.push('.PodMeta.Namespace');
    if (!/\.PodSpec\.ServiceAccountName\b/.test(s)) missing.push('.PodSpec.ServiceAccountName');
    if (missing.length) ctx.report({ loc: t.loc, message: `${who(obj)}: spiffeIDTemplate does not include ${missing.join(' and ')}, so different workloads share one SPIFFE ID; build the ID from the namespace and service account.` });
  },
  { applies: (obj) => isKind(obj, 'spire.spiffe.io', 'ClusterSPIFFEID') },
);
