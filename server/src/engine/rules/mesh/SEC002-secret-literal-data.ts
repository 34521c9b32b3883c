import { defineRule } from '../../rule';
import { who } from '../shared/objects';

const GENERATED = new Set(['kubernetes.io/service-account-token']);

export default defineRule('object',
  {
    id: 'SEC002', name: 'secret-literal-data', title: 'Secret with literal data committed to the manifest', severity: 'info', language: 'kubernetes',
    docs: {
      description: 'A Kubernetes `Secret` carries its values in `data` or `stringData` in the manifest.',
      rationale: 'Base64 is an encoding, not encryption: a committed Secret is readable by everyone with access to the repository, its history and every CI log that prints it, and rotating it means rewriting history.',
      remediation: 'Keep the values out of the repository: use an ExternalSecret (External Secrets Operator), the Vault agent injector or the Secrets Store CSI driver, or a SealedSecret/SOPS-encrypted file.',
      example: {
        bad: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: cGFzc3dvcmQ=\n',
        good: 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef: {name: vault, kind: ClusterSecretStore}\n  target: {name: db}\n  data:\n  - secretKey: password\n    remoteRef: {key: shop/db, property: password}\n',
      },
    },
  },
  (obj, ctx) => {
    if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1') return;
    if (GENERATED.has(obj.view.get('type').str ?? '')) return;
    for (const k of ['data', 'stringData']) {
      const v = obj.view.get(k);
      if (!v.isMap || v.entries().length === 0) continue;
      const keys = v.entries().map(([n]) => n);
      ctx.report({ loc: v.keyLoc ?? v.loc, message: `${who(obj)}: ${k} holds ${keys.length === 1 ? `the value of '${keys[0]}'` : `${keys.length} values`} in the manifest, readable by anyone with the repository; deliver it with External Secrets, the Vault agent or the Secrets Store CSI driver instead.` });
    }
  },
  { applies: (obj) => obj.kind === 'Secret' && obj.apiVersion === 'v1' },
);
