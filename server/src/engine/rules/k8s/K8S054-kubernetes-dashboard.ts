import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { parseImage } from './image';

const DASHBOARD = 'kubernetes-dashboard';

export default defineRule('pod',
  {
    id: 'K8S054', name: 'kubernetes-dashboard', title: 'The Kubernetes dashboard should not be deployed',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_33'],
    cis: [],
    docs: {
      description: 'A workload runs the Kubernetes dashboard: an image `kubernetesui/dashboard*` or `.../kubernetes-dashboard*`, or a pod labelled `app` or `k8s-app: kubernetes-dashboard`.',
      rationale: 'The dashboard is a web UI with broad API access; exposed or bound to a powerful service account it has been the entry point of well-known cluster compromises (for example Tesla\'s 2018 cryptojacking). It is rarely needed in production clusters.',
      remediation: 'Remove the dashboard, or, if needed, run it with a read-only service account, without skip-login, reachable only through `kubectl proxy`/port-forward, never through a public Service or Ingress.',
      example: { bad: 'containers:\n  - name: dashboard\n    image: kubernetesui/dashboard:v2.7.0\n', good: '# use kubectl or a read-only UI outside the cluster\n' },
    },
  },
  (pod, ctx) => {
    const labelled = [pod.meta.get('labels'), pod.obj.view.at('metadata', 'labels')]
      .find((l) => l.get('app').str === DASHBOARD || l.get('k8s-app').str === DASHBOARD);
    const byImage = pod.containers.filter((c) => {
      const image = c.view.get('image').str;
      const repo = image ? parseImage(image).repository : '';
      return /(^|\/)kubernetesui\/dashboard/.test(repo) || /(^|\/)kubernetes-dashboard[^/]*$/.test(repo);
    });
    for (const c of byImage) ctx.report({ loc: c.view.get('image').pairLoc, message: `${who(pod, c)}: runs the Kubernetes dashboard (${c.view.get('image').str}); remove it, or restrict it to a read-only service account reachable only through kubectl proxy.` });
    if (!byImage.length && labelled) {
      const l = labelled.get('app').str === DASHBOARD ? labelled.get('app') : labelled.get('k8s-app');
      ctx.report({ loc: l.pairLoc, message: `${who(pod)}: is labelled as the Kubernetes dashboard; remove it, or restrict it to a read-only service account reachable only through kubectl proxy.` });
    }
  },
);
