import { defineRule } from '../../rule';
import { who, hostPathVolumes } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S024', name: 'writable-host-mount', title: 'hostPath volumes should be mounted read-only',
    severity: 'warning',
    peers: ['kube-linter:writable-host-mount'],
    cis: [],
    docs: {
      description: 'A container mounts a `hostPath` volume without `readOnly: true` on its `volumeMounts` entry.',
      rationale: 'A writable host mount lets a compromised container change files on the node: plant binaries or cron jobs, alter kubelet or runtime configuration, or fill the node\'s disk. Reading is often all the workload needs.',
      remediation: 'Set `readOnly: true` on the volumeMount (and prefer `recursiveReadOnly: Enabled` on Kubernetes 1.33+), or replace the hostPath volume by an emptyDir or a PersistentVolumeClaim.',
      example: {
        bad: 'volumeMounts:\n  - name: logs\n    mountPath: /host/logs\nvolumes:\n  - name: logs\n    hostPath:\n      path: /var/log/app\n',
        good: 'volumeMounts:\n  - name: logs\n    mountPath: /host/logs\n    readOnly: true\nvolumes:\n  - name: logs\n    hostPath:\n      path: /var/log/app\n',
      },
    },
  },
  (pod, ctx) => {
    const hostVols = new Map(hostPathVolumes(pod).map((v) => [v.name, v]));
    if (!hostVols.size) return;
    for (const c of pod.containers) {
      for (const m of c.view.get('volumeMounts').items()) {
        const name = m.get('name').str;
        if (!name || !hostVols.has(name)) continue;
        const ro = m.get('readOnly');
        if (ro.bool === true) continue;
        const loc = !ro.isNull ? ro.pairLoc : m.get('name').pairLoc;
        ctx.report({ loc, message: `${who(pod, c)}: volumeMount '${name}' mounts hostPath ${hostVols.get(name)!.path || '(no path)'} writable; set readOnly: true on the volumeMount.` });
      }
    }
  },
);
