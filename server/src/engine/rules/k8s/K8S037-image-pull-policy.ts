import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { parseImage, isTemplated } from './image';
import * as fix from '../../fix';

export default defineRule('pod',
  {
    id: 'K8S037', name: 'image-pull-policy', title: 'imagePullPolicy should be Always',
    severity: 'info', fix: 'unsafe',
    peers: ['polaris:pullPolicyNotAlways', 'checkov:CKV_K8S_15'],
    cis: [],
    docs: {
      description: 'A container\'s effective `imagePullPolicy` is not `Always`. An unset policy is evaluated as Kubernetes defaults it: `Always` for `:latest` and untagged images (which K8S035 reports), `IfNotPresent` for every other image, including digest references. Note that pinning an image without setting the policy therefore switches it to `IfNotPresent`.',
      rationale: 'With `IfNotPresent` or `Never`, the kubelet starts a container from an image already on the node without checking that this pod may pull it: a pod can run a private image cached by another tenant without holding its pull secret, and a moved tag is never re-resolved. `Always` makes the kubelet authenticate against the registry each start (cheap when layers are cached). Clusters that enable the `AlwaysPullImages` admission plugin or the kubelet\'s ensure-secret-pulled-images feature get the same protection.',
      remediation: 'Set `imagePullPolicy: Always` on the container (pulling is fast when the layers are already cached).',
      example: { bad: 'image: registry.example.com/app:1.4.2\nimagePullPolicy: IfNotPresent\n', good: 'image: registry.example.com/app:1.4.2\nimagePullPolicy: Always\n' },
    },
  },
  (pod, ctx) => {
    for (const c of pod.containers) {
      const p = c.view.get('imagePullPolicy');
      if (!p.isNull) {
        if (p.str !== 'Always') ctx.report({ loc: p.pairLoc, message: `${who(pod, c)}: imagePullPolicy is ${p.str ?? '(not a string)'}; set it to Always so the kubelet checks the registry (and the pod's pull credentials) on every start.`, fixes: fix.unsafe('Set imagePullPolicy: Always', fix.setScalar(ctx.text, p, 'Always')) });
        continue;
      }
      const image = c.view.get('image');
      const s = image.str;
      if (!s || isTemplated(s)) continue;
      const r = parseImage(s);
      // Kubernetes defaults an unset policy to Always for :latest and untagged images, IfNotPresent otherwise
      if (!r.digest && (!r.tag || r.tag === 'latest')) continue;
      ctx.report({ loc: c.headLoc, message: `${who(pod, c)}: imagePullPolicy is not set and defaults to IfNotPresent for ${s}; set imagePullPolicy: Always so the kubelet checks the registry (and the pod's pull credentials) on every start.`, fixes: fix.unsafe('Set imagePullPolicy: Always', fix.setPath(ctx.text, c.view, ['imagePullPolicy'], 'Always')) });
    }
  },
);
