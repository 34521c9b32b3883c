import { defineRule } from '../../rule';
import { isKind, who, replaceScalar } from '../shared/objects';
import type { YView } from '../../yaml/nodes';

export default defineRule('object',
  {
    id: 'IST001', name: 'istio-mtls-not-strict', title: 'PeerAuthentication accepts plaintext (PERMISSIVE or DISABLE)', severity: 'warning', language: 'istio',
    peers: ['istio:IST0113'],
    docs: {
      description: 'A PeerAuthentication sets `mtls.mode` (or a `portLevelMtls` entry) to `PERMISSIVE` or `DISABLE`.',
      rationale: 'PERMISSIVE accepts plaintext as well as mutual TLS, and DISABLE turns mutual TLS off: any pod (or anything that can reach the pod IP) can talk to the workload without a mesh identity, bypassing identity-based AuthorizationPolicies.',
      remediation: 'Set `mode: STRICT` once every client has a sidecar. Use PERMISSIVE only during a migration, narrowed to a workload selector and removed afterwards. The quick fix sets the mode to `STRICT` (the value only, quotes and comments kept); it is unsafe: clients without a sidecar, and plaintext health checks, are then refused.',
      example: {
        bad: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: PERMISSIVE\n',
        good: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n',
      },
    },
    fix: 'unsafe',
  },
  (obj, ctx) => {
    if (!isKind(obj, 'security.istio.io', 'PeerAuthentication')) return;
    const check = (mode: YView, where: string) => {
      const m = mode.str;
      if (m !== 'PERMISSIVE' && m !== 'DISABLE') return;
      const what = m === 'PERMISSIVE' ? 'accepts plaintext as well as mutual TLS' : 'disables mutual TLS';
      ctx.report({
        loc: mode.loc,
        message: `${who(obj)}: ${where} is ${m}, which ${what}; set it to STRICT once all clients have sidecars.`,
        fixes: [{ title: `Set ${where} to STRICT`, applicability: 'unsafe', edits: [replaceScalar(mode, ctx.text, 'STRICT')] }],
      });
    };
    check(obj.view.at('spec', 'mtls', 'mode'), 'mtls.mode');
    for (const [port, v] of obj.view.at('spec', 'portLevelMtls').entries()) check(v.get('mode'), `portLevelMtls[${port}].mode`);
  },
  { applies: (obj) => isKind(obj, 'security.istio.io', 'PeerAuthentication') },
);
