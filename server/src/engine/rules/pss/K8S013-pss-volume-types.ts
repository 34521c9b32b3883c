import { ruleMeta } from '../../rule';
import { pssRule, who, levelText, PssViolation } from './framework';
import * as fix from '../../fix';

export const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
export const FORBIDDEN_VOLUME_TYPES = ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'portworxVolume', 'photonPersistentDisk', 'scaleIO', 'storageos'];

export default pssRule(
  ruleMeta({
    id: 'K8S013', name: 'pss-volume-types', title: 'Only core volume types are allowed',
    level: 'restricted', control: 'Volume Types', fix: 'unsafe',
    peers: ['trivy:KSV-0028', 'trivy:KSV-0121'],
    docs: {
      description: `Under the restricted level a pod may only use these volume types: ${ALLOWED_VOLUME_TYPES.join(', ')}.`,
      rationale: 'Other volume types mount host paths or network storage with node credentials (gitRepo even runs git on the node), which bypasses the storage abstraction a restricted workload should rely on.',
      remediation: 'Use a PersistentVolumeClaim for network storage, and a configMap, secret, projected, emptyDir or csi volume for the rest.',
      example: { bad: 'volumes:\n- name: data\n  nfs:\n    server: nfs.local\n    path: /export\n', good: 'volumes:\n- name: data\n  persistentVolumeClaim:\n    claimName: data\n' },
    },
  }),
  {
    checkId: 'restrictedVolumes', level: 'restricted',
    variants: [{
      min: 0,
      overrides: ['hostPathVolumes'],
      check(pod, ctx) {
        const out: PssViolation[] = [];
        for (const vol of pod.spec.get('volumes').items()) {
          for (const t of FORBIDDEN_VOLUME_TYPES) {
            const v = vol.get(t);
            if (v.exists && !v.isNull) out.push({ loc: v.keyLoc ?? v.loc, message: `${who(pod)}: volume '${vol.get('name').str ?? ''}' uses the ${t} volume type, which ${levelText('restricted')} forbids. Allowed: ${ALLOWED_VOLUME_TYPES.join(', ')}.`, fixes: fix.unsafe(`Replace the ${t} volume with an emptyDir`, fix.replacePair(ctx.text, v, 'emptyDir', '{}')) });
          }
        }
        return out;
      },
    }],
  },
);
