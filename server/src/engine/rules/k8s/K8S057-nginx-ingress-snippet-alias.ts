import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { nginxSnippets, ALIAS } from './nginx';

export default defineRule('object',
  {
    id: 'K8S057', name: 'nginx-ingress-snippet-alias', title: 'NGINX Ingress snippets must not serve files with alias (CVE-2021-25742)',
    severity: 'error',
    peers: ['checkov:CKV_K8S_154', 'checkov:CKV_K8S_153', 'trivy:KCV-0093'],
    cis: [],
    docs: {
      description: 'A `nginx.ingress.kubernetes.io/*-snippet` annotation of an Ingress contains an `alias` directive.',
      rationale: 'An `alias` in a snippet serves files of the ingress controller\'s own filesystem over HTTP, such as `/var/run/secrets/kubernetes.io/serviceaccount/token`: the controller\'s token can read every Secret of the cluster (CVE-2021-25742).',
      remediation: 'Remove the snippet; serve static content from an application pod. Keep `allow-snippet-annotations: false` on the controller.',
      example: {
        bad: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/server-snippet: |\n      location /t { alias /var/run/secrets/; }\n',
        good: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/rewrite-target: /\n',
      },
    },
  },
  (obj, ctx) => {
    for (const s of nginxSnippets(obj)) {
      const m = ALIAS.exec(s.text);
      if (m) ctx.report({ loc: s.view.keyLoc ?? s.view.loc, message: `${describeObject(obj)}: annotation ${s.key} uses an alias directive, which can serve the ingress controller's own files such as its service account token (CVE-2021-25742); remove the snippet.` });
    }
  },
  { applies: (obj) => obj.kind === 'Ingress' },
);
