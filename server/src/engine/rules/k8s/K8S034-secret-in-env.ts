import { defineRule } from '../../rule';
import { who } from '../shared/pod';

export default defineRule('pod',
  {
    id: 'K8S034', name: 'secret-in-env', title: 'Prefer mounting Secrets as files over environment variables',
    severity: 'info',
    peers: ['checkov:CKV_K8S_35', 'kube-linter:read-secret-from-env-var', 'kubesec:SecretsAsEnvironmentVariables'],
    cis: ['5.4.1'],
    docs: {
      description: 'A container reads a Secret through its environment: `env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`.',
      rationale: 'Environment variables leak easily: they are inherited by every child process, dumped in crash reports and debug endpoints, visible in `/proc/<pid>/environ` to processes of the same user, and logged by some frameworks at start-up. Mounted files can be read-only, limited to one path and updated on rotation without a restart.',
      remediation: 'Mount the Secret as a volume (`secret:` volume, `readOnly: true`) and have the application read the file, for example via a `*_FILE` variable pointing at it.',
      example: {
        bad: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n',
        good: 'env:\n  - name: DB_PASSWORD_FILE\n    value: /run/secrets/db/password\nvolumeMounts:\n  - name: db\n    mountPath: /run/secrets/db\n    readOnly: true\n',
      },
    },
  },
  (pod, ctx) => {
    for (const c of pod.containers) {
      for (const e of c.view.get('env').items()) {
        const ref = e.at('valueFrom', 'secretKeyRef');
        if (!ref.isMap) continue;
        ctx.report({ loc: ref.pairLoc, message: `${who(pod, c)}: environment variable ${e.get('name').str ?? ''} reads key '${ref.get('key').str ?? ''}' of Secret '${ref.get('name').str ?? ''}'; mount the Secret as a read-only file instead.` });
      }
      for (const e of c.view.get('envFrom').items()) {
        const ref = e.get('secretRef');
        if (!ref.isMap) continue;
        ctx.report({ loc: ref.pairLoc, message: `${who(pod, c)}: envFrom loads every key of Secret '${ref.get('name').str ?? ''}' into the environment; mount the Secret as a read-only volume instead.` });
      }
    }
  },
);
