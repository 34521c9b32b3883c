import { ruleMeta } from '../../rule';
import { replaceScalar } from '../shared/objects';
import { workflowRule } from './workflow';
import type { YView } from '../../yaml/nodes';

/** Scopes and the values each takes (actionlint's table, from GitHub's workflow syntax reference). */
export const SCOPES: Record<string, string[]> = {
  actions: ['read', 'write', 'none'], 'artifact-metadata': ['read', 'write', 'none'], attestations: ['read', 'write', 'none'], checks: ['read', 'write', 'none'],
  contents: ['read', 'write', 'none'], deployments: ['read', 'write', 'none'], discussions: ['read', 'write', 'none'], 'id-token': ['write', 'none'],
  issues: ['read', 'write', 'none'], models: ['read', 'none'], packages: ['read', 'write', 'none'], pages: ['read', 'write', 'none'],
  'pull-requests': ['read', 'write', 'none'], 'repository-projects': ['read', 'write', 'none'], 'security-events': ['read', 'write', 'none'], statuses: ['read', 'write', 'none'],
};
const quoteAll = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');

export default workflowRule(
  ruleMeta({
    id: 'GHA014', name: 'gha-invalid-permissions', title: 'Invalid permissions (unknown scope or value)', severity: 'error', language: 'github-actions',
    peers: ['actionlint:permissions'],
    docs: {
      description: 'A workflow or job `permissions:` names a scope GitHub does not know (`check` for `checks`, `CHECKS`: scope names are case-sensitive), gives a scope a value other than `read`, `write` or `none` (`readable`, `READ`), a value the scope does not take (`id-token` takes only `write`/`none`, `models` only `read`/`none`), or is a string other than `read-all` / `write-all`.',
      rationale: 'GitHub rejects the workflow file ("Invalid workflow file") and the workflow does not run, or, where tooling reads the block differently, the token ends up with other rights than intended: a typo in a scope meant to be narrowed leaves it at the default.',
      remediation: 'Use the scope names and values of GitHub\'s workflow syntax reference, in lower case. The quick fix lower-cases a value written in the wrong case.',
      example: { bad: 'permissions:\n  check: write\n  issues: readable\n  pages: READ\n', good: 'permissions:\n  checks: write\n  issues: read\n  pages: read\n' },
    },
    fix: 'safe',
  }),
  (wf, ctx) => {
    if (wf.kind !== 'workflow') return;
    const check = (p: YView, where: string) => {
      if (!p.exists || p.isNull) return;
      if (p.isScalar) {
        const v = p.str ?? '';
        if (v !== 'read-all' && v !== 'write-all') ctx.report({ loc: p.loc, message: `${where}: permissions: "${v}" is invalid for all the scopes at once; use "read-all", "write-all" or a map of scopes ({} for none).`, fixes: /^(read|write)-all$/i.test(v) ? [{ title: `Write ${v.toLowerCase()}`, applicability: 'safe', edits: [replaceScalar(p, ctx.text, v.toLowerCase())] }] : [] });
        return;
      }
      for (const [scope, v] of p.entries()) {
        const allowed = SCOPES[scope];
        if (!allowed) {
          const near = SCOPES[scope.toLowerCase()] ? scope.toLowerCase() : SCOPES[scope.toLowerCase() + 's'] ? scope.toLowerCase() + 's' : undefined;
          ctx.report({ loc: v.keyLoc ?? v.loc, message: `${where}: unknown permission scope "${scope}"${near ? ` (did you mean "${near}"?)` : ''}; GitHub rejects the workflow. Available scopes: ${quoteAll(Object.keys(SCOPES))}.` });
          continue;
        }
        const val = v.str ?? '';
        if (allowed.includes(val)) continue;
        const fixes = allowed.includes(val.toLowerCase()) ? [{ title: `Write ${val.toLowerCase()}`, applicability: 'safe' as const, edits: [replaceScalar(v, ctx.text, val.toLowerCase())] }] : [];
        ctx.report({ loc: v.loc, fixes, message: `${where}: "${val}" is invalid as permission of scope "${scope}"${fixes.length ? ' (values are lower case)' : ''}; available values are ${quoteAll(allowed)}, and GitHub rejects the workflow otherwise.` });
      }
    };
    check(wf.root.get('permissions'), 'workflow');
    for (const j of wf.jobs) check(j.view.get('permissions'), `job '${j.id}'`);
  },
);
