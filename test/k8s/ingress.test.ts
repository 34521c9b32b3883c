/** NGINX Ingress snippet rules (CVE-2021-25742): K8S055 (any snippet), K8S056 (Lua), K8S057 (alias). */
import { runRuleTests } from '../ruleTester';

const ingress = (annotations: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
${annotations}spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: web, port: {number: 80}}
`;

const plain = '    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers "X-Frame-Options: DENY";\n';
const lua = '    nginx.ingress.kubernetes.io/server-snippet: |\n      location /x {\n        content_by_lua_block { ngx.say("hi") }\n      }\n';
const alias = '    nginx.ingress.kubernetes.io/server-snippet: |\n      location ^~ "/t" {\n        alias /var/run/secrets/;\n      }\n';
const none = '    kubernetes.io/ingress.class: nginx\n    nginx.ingress.kubernetes.io/rewrite-target: /\n';

runRuleTests('K8S055', {
  valid: [{ name: 'no snippet', code: ingress(none) }, { name: 'Lua snippets are K8S056\'s', code: ingress(lua) }, { name: 'alias snippets are K8S057\'s', code: ingress(alias) }],
  invalid: [{ code: ingress(plain), errors: [{ line: 6, column: 5, endLine: 6, endColumn: 54, message: "Ingress 'web': annotation nginx.ingress.kubernetes.io/configuration-snippet injects raw NGINX configuration" }] }],
});

runRuleTests('K8S056', {
  valid: [{ code: ingress(plain) }, { code: ingress(alias) }, { code: ingress(none) }],
  invalid: [{ code: ingress(lua), errors: [{ line: 6, column: 5, endLine: 6, endColumn: 47, message: 'runs Lua code (content_by_lua_block)' }] }],
});

runRuleTests('K8S057', {
  valid: [{ code: ingress(plain) }, { code: ingress(lua) }, { name: 'the word alias inside another token', code: ingress('    nginx.ingress.kubernetes.io/server-snippet: |\n      set $my_alias "x";\n') }],
  invalid: [{ code: ingress(alias), errors: [{ line: 6, column: 5, endLine: 6, endColumn: 47, message: 'uses an alias directive' }] }],
});
