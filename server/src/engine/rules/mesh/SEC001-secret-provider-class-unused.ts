import { defineRule } from '../../rule';
import { inGroup, who } from '../shared/objects';
import { nsOf } from './cross';
import { podSpecOf } from '../../k8s/model';

export default defineRule('workspace',
  {
    id: 'SEC001', name: 'secret-provider-class-unused', title: 'SecretProviderClass that no pod uses', severity: 'info', language: 'kubernetes',
    docs: {
      description: 'A Secrets Store CSI `SecretProviderClass` is not referenced by any pod volume (`csi.volumeAttributes.secretProviderClass`) in its namespace, among the scanned files that contain workloads of that namespace.',
      rationale: 'An unused SecretProviderClass usually means a typo in the pod\'s reference (the pod then fails to mount, or a fallback Secret is used) or a leftover that still grants a cloud identity access to secrets (and, with `secretObjects`, syncs them into Kubernetes Secrets).',
      remediation: 'Reference the class from the pod volume (`csi: {driver: secrets-store.csi.k8s.io, volumeAttributes: {secretProviderClass: <name>}}`), fix the name, or delete the class and its cloud-side access.',
      example: {
        bad: 'kind: SecretProviderClass\nmetadata:\n  name: db-creds\n---\n# pod volume\ncsi:\n  driver: secrets-store.csi.k8s.io\n  volumeAttributes:\n    secretProviderClass: db-cred\n',
        good: 'kind: SecretProviderClass\nmetadata:\n  name: db-creds\n---\n# pod volume\ncsi:\n  driver: secrets-store.csi.k8s.io\n  volumeAttributes:\n    secretProviderClass: db-creds\n',
      },
    },
  },
  (model, ctx) => {
    const used = new Set<string>();
    const nsWithPods = new Set<string>();
    for (const o of model.objects) {
      const pod = podSpecOf(o.obj);
      if (!pod) continue;
      nsWithPods.add(nsOf(o));
      for (const v of pod.spec.get('volumes').items()) {
        const name = v.at('csi', 'volumeAttributes', 'secretProviderClass').str;
        if (name) used.add(`${nsOf(o)}/${name}`);
      }
    }
    for (const o of model.objects) {
      if (o.obj.kind !== 'SecretProviderClass' || !inGroup(o.obj, 'secrets-store.csi.x-k8s.io')) continue;
      const ns = nsOf(o);
      if (!nsWithPods.has(ns) || used.has(`${ns}/${o.obj.name}`)) continue;
      ctx.report({ file: o.file, lines: o.lines, obj: o.obj, loc: o.obj.headLoc, message: `${who(o.obj)}: no pod in namespace '${ns}' mounts this class (csi.volumeAttributes.secretProviderClass); fix the reference in the pod, or delete the class and the cloud access it grants.` });
    }
  },
);
