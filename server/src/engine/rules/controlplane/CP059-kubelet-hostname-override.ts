import { ruleMeta } from '../../rule';
import { componentRule, fileFlag } from './flags';
import { removeFlag } from './flagfix';
import * as fix from '../../fix';

export default componentRule(
  ruleMeta({
    id: 'CP059', name: 'kubelet-hostname-override', title: 'The kubelet must not override its host name',
    severity: 'warning',
    aliases: ['CP022', 'kubelet-hardening'],
    peers: ['checkov:CKV_K8S_146', 'trivy:KCV-0086'],
    cis: ['4.2.8'],
    fix: 'unsafe',
    docs: {
      description: 'A kubelet sets `--hostname-override`.',
      rationale: 'A node name that differs from the host name breaks the node identity that TLS verification of the kubelet\'s serving certificate and the NodeRestriction admission plugin rely on.',
      remediation: 'Remove `--hostname-override` (the quick fix does, when the flag is its own list item); set the host name of the machine instead. Some cloud providers need the override: suppress the finding there with the reason.',
      example: { bad: 'command:\n  - kubelet\n  - --hostname-override=node-1\n', good: 'command:\n  - kubelet\n' },
    },
  }),
  ['kubelet'],
  (c, ctx) => {
    const host = fileFlag(c, 'hostname-override');
    if (host) ctx.report({ loc: host.loc, message: `${c.who}: --hostname-override=${host.value} makes the node name differ from the host name, breaking TLS verification and node identity checks. Remove it.`, fixes: fix.unsafe('Remove --hostname-override', removeFlag(c, host, ctx.text)) });
  },
);
