import { defineRule } from '../../rule';
import { who } from '../shared/objects';
import { podSpecOf, runsPod } from '../../k8s/model';

export default defineRule('object',
  {
    id: 'SEC004', name: 'secrets-store-volume-writable', title: 'Secrets Store CSI volume not mounted read-only', severity: 'warning', language: 'kubernetes',
    docs: {
      description: 'A pod volume of the Secrets Store CSI driver (`csi.driver: secrets-store.csi.k8s.io`) does not set `csi.readOnly: true`.',
      rationale: 'The driver documents `readOnly: true` as required for its volumes. A writable secrets mount lets any process of the pod replace the credentials the application reads, and such mounts are refused by current driver versions, so the pod does not start.',
      remediation: 'Set `readOnly: true` on the volume\'s `csi` block (and on the container\'s `volumeMounts` entry).',
      example: {
        bad: 'volumes:\n- name: secrets\n  csi:\n    driver: secrets-store.csi.k8s.io\n    volumeAttributes:\n      secretProviderClass: db-creds\n',
        good: 'volumes:\n- name: secrets\n  csi:\n    driver: secrets-store.csi.k8s.io\n    readOnly: true\n    volumeAttributes:\n      secretProviderClass: db-creds\n',
      },
    },
  },
  (obj, ctx) => {
    const pod = podSpecOf(obj);
    if (!pod) return;
    for (const v of pod.spec.get('volumes').items()) {
      const csi = v.get('csi');
      if (csi.get('driver').str !== 'secrets-store.csi.k8s.io') continue;
      const ro = csi.get('readOnly');
      if (ro.bool === true) continue;
      ctx.report({ loc: ro.exists ? ro.pairLoc : csi.keyLoc ?? v.loc, message: `${who(obj)}: Secrets Store CSI volume '${v.get('name').str ?? ''}' is not read-only (csi.readOnly ${ro.exists ? `is ${ro.str}` : 'is not set'}); the driver requires readOnly: true, and a writable secrets mount lets any process of the pod replace the credentials. Set csi.readOnly: true.` });
    }
  },
  { applies: runsPod },
);
