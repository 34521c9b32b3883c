import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { tillerContainers } from './tiller';

export default defineRule('pod',
  {
    id: 'K8S051', name: 'tiller', title: 'Helm v2 Tiller must not be deployed',
    severity: 'error',
    peers: ['checkov:CKV_K8S_34', 'trivy:KSV-0102'],
    cis: [],
    docs: {
      description: 'A workload runs Tiller, the server-side component of Helm v2: an image named `.../tiller` (e.g. `gcr.io/kubernetes-helm/tiller`), or a container of a pod labelled `app: helm, name: tiller`.',
      rationale: 'Tiller usually runs with cluster-admin and, by default, serves an unauthenticated gRPC API inside the cluster: any pod that can reach port 44134 can install arbitrary charts, i.e. take over the cluster. Helm v2 has been unsupported since November 2020.',
      remediation: 'Migrate to Helm 3 (no server component; it uses the caller\'s own RBAC) with the `helm-2to3` plugin, then delete the Tiller Deployment, Service and ServiceAccount.',
      example: { bad: 'containers:\n  - name: tiller\n    image: gcr.io/kubernetes-helm/tiller:v2.16.9\n', good: '# Helm 3 needs no in-cluster component\n' },
    },
  },
  (pod, ctx) => {
    for (const c of tillerContainers(pod)) {
      const image = c.view.get('image');
      ctx.report({ loc: image.exists ? image.pairLoc : c.headLoc, message: `${who(pod, c)}: runs Helm v2 Tiller (${image.str ?? 'by its labels'}), an unsupported component that lets anything reaching it install charts with its (usually cluster-admin) rights; migrate to Helm 3 and remove Tiller.` });
    }
  },
);
