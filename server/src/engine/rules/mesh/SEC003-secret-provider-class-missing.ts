import { defineRule } from '../../rule';
import { inGroup, who } from '../shared/objects';
import { nsOf } from './cross';
import { podSpecOf } from '../../k8s/model';

export default defineRule('workspace',
  {
    id: 'SEC003', name: 'secret-provider-class-missing', title: 'Pod mounts a SecretProviderClass that does not exist', severity: 'warning', language: 'kubernetes',
    docs: {
      description: 'A pod volume of the Secrets Store CSI driver names a `SecretProviderClass` (`csi.volumeAttributes.secretProviderClass`) that no scanned file defines in the pod\'s namespace. Judged only when the scanned files define at least one SecretProviderClass (otherwise the classes evidently live elsewhere).',
      rationale: 'The volume cannot be mounted, so the pod never starts; the usual emergency fix is to put the secret into a plain Kubernetes Secret or an environment variable, which is what the CSI driver was there to avoid.',
      remediation: 'Fix the name in the pod, or define the SecretProviderClass in the pod\'s namespace (classes are namespaced: one in another namespace does not count).',
      example: {
        bad: 'kind: SecretProviderClass\nmetadata:\n  name: db-creds\n---\n# pod volume\ncsi:\n  driver: secrets-store.csi.k8s.io\n  readOnly: true\n  volumeAttributes:\n    secretProviderClass: db-cred\n',
        good: 'kind: SecretProviderClass\nmetadata:\n  name: db-creds\n---\n# pod volume\ncsi:\n  driver: secrets-store.csi.k8s.io\n  readOnly: true\n  volumeAttributes:\n    secretProviderClass: db-creds\n',
      },
    },
  },
  (model, ctx) => {
    const defined = new Set<string>();
    for (const o of model.objects) {
      if (o.obj.kind === 'SecretProviderClass' && inGroup(o.obj, 'secrets-store.csi.x-k8s.io')) defined.add(`${nsOf(o)}/${o.obj.name}`);
    }
    if (!defined.size) return;
    for (const o of model.objects) {
      const pod = podSpecOf(o.obj);
      if (!pod) continue;
      for (const v of pod.spec.get('volumes').items()) {
        const ref = v.at('csi', 'volumeAttributes', 'secretProviderClass');
        const name = ref.str;
        if (!name || defined.has(`${nsOf(o)}/${name}`)) continue;
        const elsewhere = [...defined].find((d) => d.endsWith(`/${name}`));
        ctx.report({ file: o.file, lines: o.lines, obj: o.obj, loc: ref.loc, message: `${who(o.obj)}: volume '${v.get('name').str ?? ''}' mounts SecretProviderClass '${name}', which no scanned file defines in namespace '${nsOf(o)}'${elsewhere ? ` (there is one in namespace '${elsewhere.split('/')[0]}'; classes are namespaced)` : ''}, so the pod cannot start. Fix the name or define the class.` });
      }
    }
  },
);
