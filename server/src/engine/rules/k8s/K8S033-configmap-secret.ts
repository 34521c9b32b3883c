import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { secretReason, embeddedSecret } from './secrets';

export default defineRule('object',
  {
    id: 'K8S033', name: 'configmap-secret', title: 'ConfigMaps must not hold secrets',
    severity: 'error',
    peers: ['polaris:sensitiveConfigmapContent', 'trivy:KSV-0109', 'trivy:KSV-01010'],
    cis: [],
    docs: {
      description: 'A ConfigMap `data` entry looks like a secret: by its key (`password`, `secret`, `token`, `..._KEY`, ...) with a non-trivial value, by the value\'s shape (a private key, cloud or SaaS tokens, a URL with a password), or, for multi-line values (properties, env or YAML files), by a `name = value` line inside it with a secret-looking name.',
      rationale: 'ConfigMaps are not treated as confidential: they are readable by many roles (`view` includes ConfigMaps but not Secrets), not encrypted at rest by default configurations of encryption providers, and printed freely by tooling. Secrets in them leak.',
      remediation: 'Move the value into a Secret (or an external secret store) and mount or reference it from there; keep only non-sensitive configuration in the ConfigMap. Rotate the exposed credential.',
      example: {
        bad: 'kind: ConfigMap\ndata:\n  db_password: s3cr3t-passw0rd\n',
        good: 'kind: Secret\ntype: Opaque\nstringData:\n  db_password: s3cr3t-passw0rd\n',
      },
    },
  },
  (obj, ctx) => {
    if (obj.kind !== 'ConfigMap' || obj.apiVersion !== 'v1') return;
    for (const [key, v] of obj.view.get('data').entries()) {
      const value = v.str ?? '';
      let why = secretReason(key, value);
      if (!why && value.includes('\n')) {
        const e = embeddedSecret(value);
        if (e) why = `line ${e.line + 1} of its value sets '${e.key}': ${e.reason}`;
      }
      if (why) ctx.report({ loc: v.keyLoc ?? v.loc, message: `${describeObject(obj)}: data key '${key}' looks like a secret (${why}); move it into a Secret and reference it from there.` });
    }
  },
  { applies: (obj) => obj.kind === 'ConfigMap' && obj.apiVersion === 'v1' },
);
