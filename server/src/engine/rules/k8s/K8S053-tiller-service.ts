import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { isTillerLabels } from './tiller';

export default defineRule('object',
  {
    id: 'K8S053', name: 'tiller-service', title: 'No Service should expose Tiller',
    severity: 'error',
    peers: ['checkov:CKV_K8S_44'],
    cis: [],
    docs: {
      description: 'A Service selects the Tiller (Helm v2) pods (`selector: {app: helm, name: tiller}`) or is the `tiller-deploy` Service Helm v2 creates.',
      rationale: 'A Service gives every pod in the cluster a stable address for Tiller\'s unauthenticated gRPC API, which installs charts with Tiller\'s (usually cluster-admin) rights.',
      remediation: 'Delete the Service (Helm clients reach Tiller through port-forwarding, which needs no Service), and migrate to Helm 3.',
      example: { bad: 'kind: Service\nmetadata:\n  name: tiller-deploy\nspec:\n  selector:\n    app: helm\n    name: tiller\n', good: '# no Service for Tiller\n' },
    },
  },
  (obj, ctx) => {
    if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return;
    const sel = obj.view.at('spec', 'selector');
    if (isTillerLabels(sel)) ctx.report({ loc: sel.keyLoc ?? obj.headLoc, message: `${describeObject(obj)}: selects the Tiller pods (app: helm, name: tiller), exposing Helm v2's unauthenticated API to the cluster; delete the Service.` });
    else if (obj.name === 'tiller-deploy') ctx.report({ loc: obj.headLoc, message: `${describeObject(obj)}: is the Service Helm v2 creates for Tiller, exposing its unauthenticated API to the cluster; delete the Service.` });
  },
  { applies: (obj) => obj.kind === 'Service' && obj.apiVersion === 'v1' },
);
