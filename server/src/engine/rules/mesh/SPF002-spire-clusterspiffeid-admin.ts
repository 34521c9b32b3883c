import { defineRule } from '../../rule';
import { isKind, who, isTrue } from '../shared/objects';

export default defineRule('object',
  {
    id: 'SPF002', name: 'spire-clusterspiffeid-admin', title: 'ClusterSPIFFEID grants admin or downstream privileges', severity: 'warning', language: 'spiffe',
    docs: {
      description: 'A ClusterSPIFFEID sets `admin: true` or `downstream: true`.',
      rationale: 'An admin SVID may call the SPIRE server administration APIs (create and delete registration entries, that is mint any identity); a downstream SVID is a nested SPIRE server that can sign identities. Every pod the selectors match holds that power.',
      remediation: 'Remove `admin`/`downstream` unless the workload is a SPIRE component; if it is, select exactly that workload with a podSelector and namespaceSelector and review who can deploy there.',
      example: { bad: 'spec:\n  admin: true\n', good: 'spec:\n  admin: false\n' },
    },
  },
  (obj, ctx) => {
    if (!isKind(obj, 'spire.spiffe.io', 'ClusterSPIFFEID')) return;
    for (const k of ['admin', 'downstream']) {
      const v = obj.view.at('spec', k);
      if (v.bool === true || isTrue(v)) ctx.report({ loc: v.pairLoc, message: `${who(obj)}: ${k}: true gives every selected pod ${k === 'admin' ? 'access to the SPIRE admin APIs (it can mint any identity)' : 'the power of a downstream SPIRE server (it can sign identities)'}; remove it, or select exactly the SPIRE component that needs it.` });
    }
  },
  { applies: (obj) => isKind(obj, 'spire.spiffe.io', 'ClusterSPIFFEID') },
);
