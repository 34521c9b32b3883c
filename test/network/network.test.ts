import { runRuleTests } from '../ruleTester';

/** A NetworkPolicy: `spec:` is line 5. */
function policy(spec: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
spec:
${spec}`;
}

function service(spec: string, annotations = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: web
${annotations}spec:
${spec}`;
}

runRuleTests('NET001', {
  valid: [
    { name: 'default deny', code: policy('  podSelector: {}\n  policyTypes: [Ingress, Egress]\n') },
    { name: 'from pods of the same namespace', code: policy('  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n') },
    { name: 'any source, but only one port', code: policy('  podSelector: {}\n  ingress:\n    - ports:\n        - port: 443\n') },
    { name: 'all namespaces but selected pods', code: policy('  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels: {app: prometheus}\n') },
  ],
  invalid: [
    {
      name: 'ingress - {}',
      code: policy('  podSelector: {}\n  ingress:\n    - {}\n'),
      errors: [{ message: `NetworkPolicy 'np': ingress[0] has no 'from' and no 'ports', so it allows all ingress traffic from any source`, line: 8, column: 7, endLine: 8, endColumn: 9 }],
    },
    {
      name: 'egress to every pod of every namespace',
      code: policy('  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n'),
      errors: [{ message: `egress[0].to selects every pod in every namespace`, line: 10, column: 11 }],
    },
    {
      name: 'empty list of sources',
      code: policy('  podSelector: {}\n  ingress:\n    - from: []\n      ports: []\n'),
      errors: [{ message: `ingress[0] has no 'from' and no 'ports'`, line: 8, column: 7 }],
    },
  ],
});

runRuleTests('NET002', {
  valid: [
    { name: 'a specific range', code: policy('  podSelector: {}\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n') },
    { name: 'a /0 in a comment-free but different field', code: policy('  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: 192.168.0.0/16\n            except: [0.0.0.0/0]\n') },
  ],
  invalid: [
    {
      name: 'egress to 0.0.0.0/0',
      code: policy('  podSelector: {}\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n'),
      errors: [{ message: `egress[0].to[0].ipBlock.cidr '0.0.0.0/0' matches every address, so the selected pods may send traffic to anywhere, on every port`, line: 10, column: 19, endLine: 10, endColumn: 28 }],
    },
    {
      name: 'ingress from ::/0 with except and ports',
      code: policy('  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: "::/0"\n            except: ["fd00::/8"]\n      ports:\n        - port: 443\n'),
      errors: [{ message: `'::/0' matches every address, so the selected pods accept traffic from anywhere (except 1 range) on the listed ports`, line: 10, column: 19 }],
    },
  ],
});

runRuleTests('NET003', {
  valid: [{ name: 'explicit policyTypes', code: policy('  podSelector: {}\n  policyTypes:\n    - Ingress\n') }],
  invalid: [
    {
      name: 'empty egress without policyTypes does not deny egress',
      code: policy('  podSelector: {}\n  egress: []\n'),
      errors: [{ message: `spec.policyTypes is not set, so Kubernetes infers [Ingress]. Its empty 'egress' does not deny egress`, line: 5, column: 1, endLine: 5, endColumn: 5 }],
    },
    {
      name: 'egress rules make Egress inferred',
      code: policy('  podSelector: {}\n  egress:\n    - to:\n        - podSelector: {}\n'),
      errors: [{ message: 'infers [Ingress, Egress]', line: 5, column: 1 }],
    },
  ],
});

runRuleTests('NET004', {
  valid: [{ name: 'ClusterIP', code: service('  type: ClusterIP\n  ports:\n    - port: 80\n') }, { name: 'default type', code: service('  ports:\n    - port: 80\n') }],
  invalid: [{
    name: 'NodePort',
    code: service('  type: NodePort\n  ports:\n    - port: 80\n'),
    errors: [{ message: `Service 'web': type NodePort opens a port on every node`, line: 6, column: 9, endLine: 6, endColumn: 17 }],
  }],
});

runRuleTests('NET005', {
  valid: [{ name: 'no externalIPs', code: service('  type: LoadBalancer\n') }, { name: 'empty list', code: service('  externalIPs: []\n') }],
  invalid: [{
    name: 'externalIPs',
    code: service('  externalIPs:\n    - 203.0.113.10\n'),
    errors: [{ message: `spec.externalIPs (203.0.113.10) makes kube-proxy capture cluster traffic to this address (CVE-2020-8554)`, line: 6, column: 3, endLine: 6, endColumn: 14 }],
  }],
});

runRuleTests('NET006', {
  valid: [
    { name: 'source ranges', code: service('  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8]\n') },
    { name: 'internal load balancer (AWS)', code: service('  type: LoadBalancer\n', '  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-internal: "true"\n') },
    { name: 'internal load balancer (GKE)', code: service('  type: LoadBalancer\n', '  annotations:\n    networking.gke.io/load-balancer-type: "Internal"\n') },
  ],
  invalid: [
    {
      name: 'no source ranges',
      code: service('  type: LoadBalancer\n'),
      errors: [{ message: `LoadBalancer without spec.loadBalancerSourceRanges accepts connections from any address`, line: 6, column: 9 }],
    },
    {
      name: 'source range 0.0.0.0/0',
      code: service('  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 10.0.0.0/8\n    - 0.0.0.0/0\n'),
      errors: [{ message: `loadBalancerSourceRanges entry '0.0.0.0/0' allows every address`, line: 9, column: 7 }],
    },
  ],
});

const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
${spec}`;

runRuleTests('NET007', {
  valid: [{ name: 'tls', code: ingress('  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com\n') }],
  invalid: [
    {
      name: 'no tls',
      code: ingress('  rules:\n    - host: shop.example.com\n      http:\n        paths: []\n'),
      errors: [{ message: `Ingress 'shop': no spec.tls, so 'shop.example.com' is served over plain HTTP`, line: 6, column: 3, endLine: 6, endColumn: 8 }],
    },
    {
      name: 'empty tls list',
      code: ingress('  tls: []\n  rules:\n    - http:\n        paths: []\n'),
      errors: [{ message: 'its routes are served over plain HTTP', line: 6, column: 3, endLine: 6, endColumn: 10 }],
    },
  ],
});
