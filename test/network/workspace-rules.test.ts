/**
 * RuleTester cases for the cross-file network rules NET050-NET053 (#19): workloads, Services,
 * Namespaces and NetworkPolicies in different files, analysed together as the CLI does.
 */
import { runRuleTests } from '../ruleTester';

const deployment = (name: string, labels: string, ns = 'shop', spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
${spec}      containers:
        - name: ${name}
          image: registry.example.com/shop/${name}:1.8.0
          ports:
            - containerPort: 8080
`;
const policy = (name: string, selector: string, ns = 'shop', rest = '  policyTypes: [Ingress, Egress]\n') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector: ${selector}
${rest}`;
const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
    pod-security.kubernetes.io/enforce: restricted
`;
const service = (name: string, selector: string, ns = 'shop', type = 'ClusterIP') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  type: ${type}
  selector: ${selector}
  ports:
    - port: 80
      targetPort: 8080
`;
const calico = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  selector: all()\n  types: [Ingress, Egress]\n';

runRuleTests('NET050', {
  valid: [
    { name: 'a default-deny policy of the namespace in another file', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/deny.yaml': policy('default-deny', '{}') } },
    { name: 'matchExpressions', files: { 'apps/api.yaml': deployment('api', '{app: api, tier: backend}'), 'net/p.yaml': policy('backend', '\n    matchExpressions:\n      - {key: tier, operator: In, values: [backend, data]}') } },
    { name: 'no NetworkPolicy in the workspace: isolation managed elsewhere', files: { 'apps/api.yaml': deployment('api', '{app: api}') } },
    { name: 'Calico policies in the workspace', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/web.yaml': policy('web', '{matchLabels: {app: web}}'), 'net/calico.yaml': calico } },
    { name: 'hostNetwork pods', files: { 'apps/agent.yaml': deployment('agent', '{app: agent}', 'shop', '      hostNetwork: true\n'), 'net/web.yaml': policy('web', '{matchLabels: {app: web}}') } },
  ],
  invalid: [
    {
      name: 'a policy of the namespace selects other pods',
      files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/web.yaml': policy('web-only', '{matchLabels: {app: web}}') },
      errors: [{ file: 'apps/api.yaml', line: 4, column: 9, endLine: 4, endColumn: 12, severity: 'warning', message: "Deployment 'api' (namespace 'shop'): none of the 1 NetworkPolicy(ies) of namespace 'shop' selects its pods (labels {app: api})" }],
    },
    {
      name: 'policies only for another namespace',
      files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/deny.yaml': policy('default-deny', '{}', 'billing') },
      errors: [{ file: 'apps/api.yaml', line: 4, column: 9, message: "Deployment 'api' (namespace 'shop'): namespace 'shop' has no NetworkPolicy in the workspace" }],
    },
    {
      name: 'set explicitly: judged without any policy; two workloads of one file',
      settings: { rules: { NET050: 'warning' } },
      code: `${deployment('api', '{app: api}')}---\n${deployment('worker', '{app: worker}')}`,
      errors: [
        { line: 4, column: 9, message: "Deployment 'api' (namespace 'shop'): namespace 'shop' has no NetworkPolicy" },
        { line: 22, column: 9, message: "Deployment 'worker' (namespace 'shop'): namespace 'shop' has no NetworkPolicy" },
      ],
    },
  ],
});

runRuleTests('NET051', {
  valid: [
    { name: 'the selector matches a workload in another file', files: { 'apps/api.yaml': deployment('api', '{app: api, tier: backend}'), 'apps/api-svc.yaml': service('api', '{app: api}') } },
    { name: 'no workload in the namespace: pods deployed from elsewhere', files: { 'apps/api.yaml': deployment('api', '{app: api}', 'billing'), 'apps/api-svc.yaml': service('api', '{app: apii}') } },
    { name: 'ExternalName', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'svc.yaml': service('db', '{app: db}', 'shop', 'ExternalName') } },
    { name: 'a selector on a label a controller adds', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'svc.yaml': service('api-0', '{statefulset.kubernetes.io/pod-name: api-0}') } },
  ],
  invalid: [
    {
      name: 'a typo in the selector, the Deployment in another file',
      files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'apps/api-svc.yaml': service('api', '{app: api-v1}') },
      errors: [{ file: 'apps/api-svc.yaml', line: 8, column: 3, endLine: 8, endColumn: 26, severity: 'warning', message: "Service 'api' (namespace 'shop'): spec.selector {app: api-v1} matches the pods of none of the 1 workload(s) of namespace 'shop' in the workspace" }],
    },
    {
      name: 'every selector label must match',
      files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'apps/api-svc.yaml': service('api', '{app: api, tier: backend}') },
      errors: [{ file: 'apps/api-svc.yaml', line: 8, column: 3, message: 'spec.selector {app: api, tier: backend} matches the pods of none' }],
    },
    {
      name: 'set explicitly: judged without workloads',
      settings: { rules: { NET051: 'warning' } },
      code: service('api', '{app: api}'),
      errors: [{ line: 8, column: 3, message: "matches the pods of none of the 0 workload(s) of namespace 'shop'" }],
    },
  ],
});

runRuleTests('NET052', {
  valid: [
    { name: 'both directions', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/p.yaml': policy('api', '{matchLabels: {app: api}}') } },
    { name: 'each direction by another policy', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/in.yaml': policy('in', '{}', 'shop', '  policyTypes: [Ingress]\n'), 'net/out.yaml': policy('out', '{matchLabels: {app: api}}', 'shop', '  policyTypes: [Egress]\n') } },
    { name: 'egress rules without policyTypes put Egress in force', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/p.yaml': policy('api', '{}', 'shop', '  egress:\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n') } },
    { name: 'not selected at all (NET050\'s)', files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/p.yaml': policy('web', '{matchLabels: {app: web}}', 'shop', '  policyTypes: [Ingress]\n') } },
  ],
  invalid: [
    {
      name: 'egress rules under policyTypes [Ingress] do nothing',
      files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/p.yaml': policy('api', '{matchLabels: {app: api}}', 'shop', '  policyTypes: [Ingress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n') },
      errors: [{ file: 'apps/api.yaml', line: 4, column: 9, endLine: 4, endColumn: 12, severity: 'info', message: "Deployment 'api' (namespace 'shop') is selected by NetworkPolicy 'api', but none of them enforces Egress (policyTypes), so its egress traffic is not restricted" }],
    },
    {
      name: 'no policyTypes and no egress rules: ingress only',
      files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/p.yaml': policy('allow-web', '{matchLabels: {app: api}}', 'shop', '  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: web}}\n') },
      errors: [{ file: 'apps/api.yaml', line: 4, column: 9, message: "is selected by NetworkPolicy 'allow-web', but none of them enforces Egress" }],
    },
    {
      name: 'egress only',
      files: { 'apps/api.yaml': deployment('api', '{app: api}'), 'net/p.yaml': policy('egress', '{}', 'shop', '  policyTypes: [Egress]\n') },
      errors: [{ file: 'apps/api.yaml', line: 4, column: 9, message: 'none of them enforces Ingress (policyTypes), so its ingress traffic is not restricted. Add Ingress to policyTypes' }],
    },
  ],
});

runRuleTests('NET053', {
  valid: [
    { name: 'a NetworkPolicy in the workspace (NET050 judges)', files: { 'ns.yaml': namespace('shop'), 'apps/api.yaml': deployment('api', '{app: api}'), 'net/p.yaml': policy('deny', '{}', 'billing') } },
    { name: 'a namespace the workspace does not define', files: { 'apps/api.yaml': deployment('api', '{app: api}') } },
    { name: 'a Namespace without workloads', files: { 'ns.yaml': namespace('shop'), 'apps/api.yaml': deployment('api', '{app: api}', 'billing') } },
    { name: 'hostNetwork pods', files: { 'ns.yaml': namespace('shop'), 'apps/agent.yaml': deployment('agent', '{app: agent}', 'shop', '      hostNetwork: true\n') } },
    { name: 'NET050 set explicitly (it reports each workload)', settings: { rules: { NET050: 'warning' } }, files: { 'ns.yaml': namespace('shop'), 'apps/api.yaml': deployment('api', '{app: api}') } },
  ],
  invalid: [
    {
      name: 'a Namespace with two workloads in other files and no policy at all',
      files: { 'ns.yaml': namespace('shop'), 'apps/api.yaml': deployment('api', '{app: api}'), 'apps/worker.yaml': deployment('worker', '{app: worker}') },
      errors: [{ file: 'ns.yaml', line: 4, column: 9, endLine: 4, endColumn: 13, severity: 'info', message: "Namespace 'shop' has 2 workload(s) in the workspace and no NetworkPolicy at all" }],
    },
    {
      name: 'one finding per namespace, in one file',
      code: `${namespace('shop')}---\n${namespace('billing')}---\n${deployment('api', '{app: api}')}---\n${deployment('invoices', '{app: invoices}', 'billing')}`,
      errors: [
        { line: 4, column: 9, message: "Namespace 'shop' has 1 workload(s)" },
        { line: 11, column: 9, message: "Namespace 'billing' has 1 workload(s)" },
      ],
    },
  ],
});
