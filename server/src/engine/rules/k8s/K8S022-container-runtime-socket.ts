import { defineRule } from '../../rule';
import { who, hostPathVolumes } from '../shared/pod';
import { runtimeSocket } from './hostpaths';

export default defineRule('pod',
  {
    id: 'K8S022', name: 'container-runtime-socket', title: 'The container runtime socket must not be mounted',
    severity: 'error',
    peers: ['checkov:CKV_K8S_27', 'kube-linter:docker-sock', 'trivy:KSV-0006', 'kubesec:DockerSock'],
    cis: [],
    docs: {
      description: 'A `hostPath` volume points at a container runtime socket (`docker.sock`, `containerd.sock`, `crio.sock`, `cri-dockerd.sock`, `podman.sock`, ...) or at a directory holding one (`/var/run/docker`, `/run/containerd`, ...).',
      rationale: 'Whoever can talk to the runtime socket can start a privileged container with the host filesystem mounted: it is root on the node, whatever the pod\'s own securityContext says. Reported at every Pod Security level (the baseline level forbids all hostPath volumes, but many namespaces run at privileged).',
      remediation: 'Remove the volume. To build images use a rootless builder (BuildKit rootless, kaniko); to inspect containers use the Kubernetes API or a node agent with a narrowly scoped API.',
      example: {
        bad: 'volumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock\n',
        good: 'volumes:\n  - name: cache\n    emptyDir: {}\n',
      },
    },
  },
  (pod, ctx) => {
    for (const v of hostPathVolumes(pod)) {
      const s = runtimeSocket(v.path);
      if (!s) continue;
      const users = pod.containers.filter((c) => c.view.get('volumeMounts').items().some((m) => m.get('name').str === v.name));
      const by = users.length ? ` mounted by ${users.map((c) => who(pod, c).replace(/^.*?, /, '')).join(', ')}` : '';
      ctx.report({ loc: v.pathView.pairLoc, message: `${who(pod)}: hostPath volume '${v.name}' exposes the container runtime socket ${s}${by}; anyone in the container can take over the node. Remove the volume.` });
    }
  },
);
