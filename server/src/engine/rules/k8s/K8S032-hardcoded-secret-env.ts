import { defineRule } from '../../rule';
import { who } from '../shared/pod';
import { secretReason } from './secrets';

export default defineRule('pod',
  {
    id: 'K8S032', name: 'hardcoded-secret-env', title: 'Secrets must not be hard-coded in container environment variables',
    severity: 'error',
    peers: ['polaris:sensitiveContainerEnvVar', 'kube-linter:env-var-secret'],
    cis: ['5.4.1'],
    docs: {
      description: 'A container `env` entry has a literal `value` that looks like a secret: by its name (`password`, `secret`, `token`, `api_key`, `access key`, `private key`, `credentials`, `..._KEY`, ...) or by the value\'s shape (a PEM private key, an AWS access key id, GitHub/GitLab/Slack/Stripe/Google tokens, a JWT, an Azure account key, a URL with a password). Values that cannot be secrets are ignored: empty, `$(VAR)` references, booleans, small numbers and paths (a `*_FILE` pointing at a mounted secret is the right pattern).',
      rationale: 'Manifests are stored in Git, shown by `kubectl get -o yaml` to anyone who can read the workload, copied into CI logs and Helm release history. A secret written into them is readable far beyond the people allowed to read the Secret, and cannot be rotated without a code change.',
      remediation: 'Move the value into a Secret (or an external secret store) and reference it: mount it as a file, or use `valueFrom.secretKeyRef`. Rotate the exposed credential.',
      example: {
        bad: 'env:\n  - name: DB_PASSWORD\n    value: s3cr3t-passw0rd\n',
        good: 'env:\n  - name: DB_PASSWORD_FILE\n    value: /run/secrets/db/password\nvolumeMounts:\n  - name: db\n    mountPath: /run/secrets/db\n    readOnly: true\n',
      },
    },
  },
  (pod, ctx) => {
    for (const c of pod.containers) {
      for (const e of c.view.get('env').items()) {
        const name = e.get('name').str ?? '';
        const value = e.get('value');
        if (value.isNull) continue;
        const why = secretReason(name, value.str ?? '');
        if (why) ctx.report({ loc: value.pairLoc, message: `${who(pod, c)}: environment variable ${name} has a literal value that looks like a secret (${why}); store it in a Secret and reference it with valueFrom.secretKeyRef or a mounted file.` });
      }
    }
  },
);
