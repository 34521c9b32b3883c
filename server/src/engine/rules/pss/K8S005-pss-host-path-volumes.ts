import { ruleMeta } from '../../rule';
import { pssRule, who, levelText, PssViolation } from './framework';
import * as fix from '../../fix';

export default pssRule(
  ruleMeta({
    id: 'K8S005', name: 'pss-host-path-volumes', title: 'hostPath volumes are forbidden',
    level: 'baseline', control: 'HostPath Volumes', fix: 'unsafe',
    peers: ['polaris:hostPathSet', 'trivy:KSV-0023'],
    docs: {
      description: 'Pods must not use `hostPath` volumes.',
      rationale: 'A hostPath volume exposes the node\'s filesystem to the container: container runtime sockets, kubelet credentials and host configuration can be read or overwritten.',
      remediation: 'Replace the hostPath volume with an `emptyDir`, a `configMap`/`secret`, or a PersistentVolumeClaim.',
      example: { bad: 'volumes:\n- name: data\n  hostPath:\n    path: /var/lib/data\n', good: 'volumes:\n- name: data\n  emptyDir: {}\n' },
    },
  }),
  {
    checkId: 'hostPathVolumes', level: 'baseline',
    variants: [{
      min: 0,
      check(pod, ctx) {
        const out: PssViolation[] = [];
        for (const vol of pod.spec.get('volumes').items()) {
          const hp = vol.get('hostPath');
          if (hp.exists && !hp.isNull) out.push({ loc: hp.keyLoc ?? hp.loc, message: `${who(pod)}: volume '${vol.get('name').str ?? ''}' is a hostPath volume (${hp.get('path').str ?? 'no path'}). hostPath volumes are forbidden by ${levelText('baseline')}; use an emptyDir, configMap, secret or PersistentVolumeClaim.`, fixes: fix.unsafe('Replace the hostPath volume with an emptyDir', fix.replacePair(ctx.text, hp, 'emptyDir', '{}')) });
        }
        return out;
      },
    }],
  },
);
