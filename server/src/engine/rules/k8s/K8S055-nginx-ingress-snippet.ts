import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { nginxSnippets, LUA, ALIAS } from './nginx';

export default defineRule('object',
  {
    id: 'K8S055', name: 'nginx-ingress-snippet', title: 'NGINX Ingress snippet annotations inject raw configuration (CVE-2021-25742)',
    severity: 'warning',
    peers: ['checkov:CKV_K8S_153', 'trivy:KCV-0093'],
    cis: [],
    docs: {
      description: 'An Ingress sets a `nginx.ingress.kubernetes.io/*-snippet` annotation (`configuration-snippet`, `server-snippet`, `auth-snippet`, ...). Snippets containing Lua code or `alias` directives are reported by K8S056 and K8S057 instead.',
      rationale: 'Snippets are pasted verbatim into the NGINX configuration of the shared ingress controller. Anyone who can create an Ingress can use them to read files of the controller, including its service account token, which can read every Secret of the cluster (CVE-2021-25742). Recent controller versions disable snippets by default for this reason.',
      remediation: 'Replace the snippet with the dedicated annotations or ConfigMap options of ingress-nginx. Keep `allow-snippet-annotations: false` on the controller, and if snippets are unavoidable, restrict who may create Ingresses.',
      example: {
        bad: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers "X-Frame-Options: DENY";\n',
        good: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/custom-headers: shop/security-headers\n',
      },
    },
  },
  (obj, ctx) => {
    for (const s of nginxSnippets(obj)) {
      if (LUA.test(s.text) || ALIAS.test(s.text)) continue;
      ctx.report({ loc: s.view.keyLoc ?? s.view.loc, message: `${describeObject(obj)}: annotation ${s.key} injects raw NGINX configuration into the shared ingress controller (CVE-2021-25742); use the dedicated ingress-nginx annotations instead.` });
    }
  },
  { applies: (obj) => obj.kind === 'Ingress' },
);
