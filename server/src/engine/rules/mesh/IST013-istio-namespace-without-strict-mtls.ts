import { defineRule } from '../../rule';
import { who } from '../shared/objects';
import { nsOf, ISTIO_ROOT_NAMESPACE } from './cross';
import { isKind } from '../shared/objects';

export default defineRule('workspace',
  {
    id: 'IST013', name: 'istio-namespace-without-strict-mtls', title: 'Mesh namespace without a STRICT mTLS default', severity: 'warning', language: 'istio',
    docs: {
      description: 'A Namespace labelled for sidecar injection (`istio-injection: enabled` or `istio.io/rev`) has no namespace-wide PeerAuthentication and no mesh-wide one (in `istio-system`) among the scanned files, so Istio\'s default, PERMISSIVE, applies.',
      rationale: 'Istio accepts plaintext by default. Unless a STRICT PeerAuthentication covers the namespace, any pod (or anything that reaches the pod IPs) can call its workloads without a mesh identity, and identity-based AuthorizationPolicies can be bypassed.',
      remediation: 'Add a PeerAuthentication named `default` with `mtls.mode: STRICT` in `istio-system` (mesh-wide) or in the namespace. Palisade sees only the scanned files: if the policy lives elsewhere, scan it too or suppress with a reason.',
      example: {
        bad: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n',
        good: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n',
      },
    },
  },
  (model, ctx) => {
    const defaults = new Map<string, string>();
    for (const o of model.objects) {
      if (!isKind(o.obj, 'security.istio.io', 'PeerAuthentication') || o.obj.view.at('spec', 'selector').exists) continue;
      defaults.set(nsOf(o), o.obj.view.at('spec', 'mtls', 'mode').str ?? 'UNSET');
    }
    for (const o of model.objects) {
      if (o.obj.kind !== 'Namespace' || o.obj.apiVersion !== 'v1' || !o.obj.name || o.obj.name === ISTIO_ROOT_NAMESPACE) continue;
      const labels = o.obj.view.at('metadata', 'labels');
      const inj = labels.get('istio-injection');
      const rev = labels.get('istio.io/rev');
      const label = inj.str === 'enabled' ? inj : rev.str ? rev : undefined;
      if (!label) continue;
      const own = defaults.get(o.obj.name);
      const mesh = defaults.get(ISTIO_ROOT_NAMESPACE);
      // a namespace-wide PERMISSIVE/DISABLE policy is IST001's finding; only the absence of any default is reported here
      if (own !== undefined && own !== 'UNSET') continue;
      if (mesh === 'STRICT') continue;
      ctx.report({ file: o.file, lines: o.lines, obj: o.obj, loc: label.pairLoc, message: `${who(o.obj)} is in the mesh but no namespace-wide or mesh-wide PeerAuthentication sets STRICT mTLS${mesh && mesh !== 'UNSET' ? ` (the mesh-wide default is ${mesh})` : ''}, so Istio's PERMISSIVE default accepts plaintext; add a PeerAuthentication 'default' with mtls.mode STRICT.` });
    }
  },
);
