import { defineRule } from '../../rule';
import { describeConfig } from './flags';
import type { YView } from '../../yaml/nodes';

const RECORDS_BODY = new Set(['Request', 'RequestResponse']);

/** Whether an audit policy rule can match requests for Secrets, and whether it matches all of them. */
function secretsMatch(rule: YView): { matches: boolean; unconditional: boolean } {
  if (rule.get('nonResourceURLs').items().length) return { matches: false, unconditional: false };
  const resources = rule.get('resources').items();
  let matches = resources.length === 0;
  for (const g of resources) {
    const group = g.get('group').str ?? '';
    const names = g.get('resources').strings();
    if ((group === '' || group === '*') && (names.length === 0 || names.includes('secrets') || names.includes('*'))) {
      if (g.get('resourceNames').items().length === 0) matches = true;
    }
  }
  const conditional = ['users', 'userGroups', 'verbs', 'namespaces'].some((k) => rule.get(k).items().length > 0);
  return { matches, unconditional: matches && !conditional };
}

export default defineRule('object',
  {
    id: 'CP024', name: 'audit-policy-secrets', title: 'Audit policies must not log the content of Secrets',
    severity: 'error',
    peers: [],
    cis: ['3.2.2'],
    docs: {
      description: 'An audit `Policy` (`audit.k8s.io`) logs requests for Secrets at `Request` or `RequestResponse` level: the first rule that matches Secrets (all resources, the core group with no resource list, or `secrets`) records request or response bodies. Rules are evaluated in order; the first match decides.',
      rationale: 'At `Request`/`RequestResponse` the audit log contains the Secret data itself (base64), for every read and write. Audit logs are shipped to log systems with much wider access than the cluster\'s Secrets: every credential of the cluster ends up there.',
      remediation: 'Add a rule before the others that logs Secrets (and ConfigMaps, TokenReviews) at `Metadata`: `- level: Metadata\\n  resources: [{group: "", resources: ["secrets", "configmaps"]}]`.',
      example: {
        bad: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n',
        good: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resources:\n      - group: ""\n        resources: ["secrets", "configmaps"]\n  - level: RequestResponse\n',
      },
    },
  },
  (obj, ctx) => {
    if (obj.kind !== 'Policy' || !/^audit\.k8s\.io\//.test(obj.apiVersion)) return;
    const rules = obj.view.get('rules').items();
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      const m = secretsMatch(r);
      if (!m.matches) continue;
      const level = r.get('level');
      if (RECORDS_BODY.has(level.str ?? '')) {
        ctx.report({ loc: level.loc, message: `${describeConfig(obj)}: rules[${i}] is the first rule matching Secrets${m.unconditional ? '' : ' (for some users, verbs or namespaces)'} and logs them at ${level.str}, writing Secret data into the audit log. Add a rule before it that logs secrets at Metadata.` });
        if (m.unconditional) return;
      } else if (m.unconditional) return;
    }
  },
  { applies: (obj) => obj.kind === 'Policy' && /^audit\.k8s\.io\//.test(obj.apiVersion) },
);
