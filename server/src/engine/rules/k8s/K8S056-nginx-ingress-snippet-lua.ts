import { defineRule } from '../../rule';
import { describeObject } from '../../k8s/model';
import { nginxSnippets, LUA } from './nginx';

export default defineRule('object',
  {
    id: 'K8S056', name: 'nginx-ingress-snippet-lua', title: 'NGINX Ingress snippets must not run Lua code (CVE-2021-25742)',
    severity: 'error',
    peers: ['checkov:CKV_K8S_152', 'checkov:CKV_K8S_153', 'trivy:KCV-0093'],
    cis: [],
    docs: {
      description: 'A `nginx.ingress.kubernetes.io/*-snippet` annotation of an Ingress contains Lua directives (`content_by_lua_block`, `access_by_lua`, `lua_*`, ...).',
      rationale: 'Lua in a snippet runs arbitrary code inside the ingress controller, whose service account can read every Secret of the cluster: whoever can create an Ingress becomes cluster administrator (CVE-2021-25742).',
      remediation: 'Remove the snippet. Implement the logic in the application or with supported ingress-nginx annotations, and keep `allow-snippet-annotations: false` on the controller.',
      example: {
        bad: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/server-snippet: |\n      location /x { content_by_lua_block { ngx.say("hi") } }\n',
        good: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/rewrite-target: /\n',
      },
    },
  },
  (obj, ctx) => {
    for (const s of nginxSnippets(obj)) {
      const m = LUA.exec(s.text);
      if (m) ctx.report({ loc: s.view.keyLoc ?? s.view.loc, message: `${describeObject(obj)}: annotation ${s.key} runs Lua code (${m[0]}) inside the ingress controller, which can read every Secret of the cluster (CVE-2021-25742); remove the snippet.` });
    }
  },
  { applies: (obj) => obj.kind === 'Ingress' },
);
