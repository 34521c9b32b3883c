import { defineRule } from '../../rule';
import { who, hostPathVolumes } from '../shared/pod';
import { sensitiveHostPath } from './hostpaths';

export default defineRule('pod',
  {
    id: 'K8S023', name: 'sensitive-host-path', title: 'Sensitive host directories must not be mounted',
    severity: 'error',
    peers: ['kube-linter:sensitive-host-mounts', 'kubesec:ProcMount'],
    cis: [],
    docs: {
      description: 'A `hostPath` volume mounts the node\'s root (`/`) or a sensitive directory: `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/lib`, `/usr`, `/bin`, `/sbin`, `/root`, `/home`, `/var`, `/var/lib`, `/var/run`, `/run`, `/var/lib/kubelet` (pod secrets and kubelet credentials), `/var/lib/docker`, `/var/lib/containerd`, `/var/lib/etcd`, `/var/lib/cni`, or a path inside one of the trees among them. Container runtime sockets are reported by K8S022.',
      rationale: 'These paths hold node credentials (kubelet client certificates, service account tokens of every pod on the node, SSH keys, /etc/shadow), kernel interfaces (/proc, /sys, /dev) and the binaries the node runs. Reading them leaks every secret on the node; writing them is a node takeover. Reported at every Pod Security level.',
      remediation: 'Remove the volume, or mount only the narrow file the workload needs, read-only (`readOnly: true` on the volumeMount). Use ConfigMaps, Secrets, projected volumes or the downward API for configuration and identity.',
      example: {
        bad: 'volumes:\n  - name: host-etc\n    hostPath:\n      path: /etc\n',
        good: 'volumes:\n  - name: config\n    configMap:\n      name: app-config\n',
      },
    },
  },
  (pod, ctx) => {
    for (const v of hostPathVolumes(pod)) {
      const s = sensitiveHostPath(v.path);
      if (!s) continue;
      const what = s === v.path.trim() || s === '/' ? `the sensitive host path ${s}` : `${v.path.trim()}, inside the sensitive host path ${s}`;
      ctx.report({ loc: v.pathView.pairLoc, message: `${who(pod)}: hostPath volume '${v.name}' mounts ${what}; remove it or mount only the file the workload needs, read-only.` });
    }
  },
);
