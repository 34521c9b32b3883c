import { defineRule } from '../../rule';
import { who } from '../shared/objects';

export default defineRule('object',
  {
    id: 'SEC005', name: 'secret-provider-class-api-version', title: 'SecretProviderClass with a wrong apiVersion', severity: 'error', language: 'kubernetes',
    docs: {
      description: 'A `SecretProviderClass` has an `apiVersion` other than `secrets-store.csi.x-k8s.io/v1` (or the deprecated `v1alpha1`): typically the driver\'s name `secrets-store.csi.k8s.io` used as the API group, which does not exist.',
      rationale: 'The API server knows no such kind in that group, so applying the manifest fails ("no matches for kind"), and the pods that mount the class cannot start. Teams under pressure then fall back to plain Kubernetes Secrets.',
      remediation: 'Use `apiVersion: secrets-store.csi.x-k8s.io/v1`.',
      example: { bad: 'apiVersion: secrets-store.csi.k8s.io/v1\nkind: SecretProviderClass\n', good: 'apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\n' },
    },
  },
  (obj, ctx) => {
    if (obj.kind !== 'SecretProviderClass') return;
    if (/^secrets-store\.csi\.x-k8s\.io\/v1(alpha1)?$/.test(obj.apiVersion)) return;
    // a SecretProviderClass of another API group altogether is some other product's kind
    if (!/secrets-store/.test(obj.apiVersion)) return;
    const v = obj.view.get('apiVersion');
    ctx.report({ loc: v.loc, message: `${who(obj)}: this apiVersion, ${obj.apiVersion}, does not exist, so the class cannot be applied and pods mounting it do not start. Use secrets-store.csi.x-k8s.io/v1 (secrets-store.csi.k8s.io is the driver's name, not the API group).` });
  },
  { applies: (obj) => obj.kind === 'SecretProviderClass' },
);
