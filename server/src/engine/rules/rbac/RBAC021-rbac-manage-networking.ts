import { defineRule } from '../../rule';
import { policyRules, describeRule, grants, WRITE_VERBS, isRole } from './util';

const NETWORKING: [string[], string[]][] = [
  [[''], ['services', 'endpoints']],
  [['discovery.k8s.io'], ['endpointslices']],
  [['networking.k8s.io', 'extensions'], ['networkpolicies', 'ingresses']],
];

export default defineRule('object',
  {
    id: 'RBAC021', name: 'rbac-manage-networking', title: 'Roles that change Services, Endpoints, Ingresses or NetworkPolicies',
    severity: 'info',
    peers: ['trivy:KSV-0056'],
    cis: [],
    docs: {
      description: 'A Role or ClusterRole grants a write verb (`create`, `update`, `patch`, `delete`, `deletecollection` or `*`) on Services, Endpoints, EndpointSlices, Ingresses or NetworkPolicies.',
      rationale: 'Changing Endpoints or Services redirects traffic to a pod the subject controls (man in the middle); changing NetworkPolicies removes isolation; changing Ingresses exposes services publicly. Deployment tooling needs some of this; other subjects rarely do.',
      remediation: 'Keep networking changes with deployment tooling and administrators; never grant write access to Endpoints/EndpointSlices (controllers manage them).',
      example: { bad: 'rules:\n  - apiGroups: ["networking.k8s.io"]\n    resources: ["networkpolicies"]\n    verbs: ["delete"]\n', good: 'rules:\n  - apiGroups: ["networking.k8s.io"]\n    resources: ["networkpolicies"]\n    verbs: ["get", "list", "watch"]\n' },
    },
  },
  (obj, ctx) => {
    for (const r of policyRules(obj) ?? []) {
      for (const [groups, resources] of NETWORKING) {
        const g = grants(r, groups, resources, WRITE_VERBS);
        if (!g) continue;
        ctx.report({ loc: g.resource.view.loc, message: `${describeRule(obj, r)}: '${g.verb.value}' on '${g.resource.value}' lets the subject redirect or expose traffic, or remove network isolation. Keep it with deployment tooling and administrators.` });
        break;
      }
    }
  },
  { applies: isRole },
);
