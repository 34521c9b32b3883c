import { ruleMeta } from '../../rule';
import { workflowRule } from './workflow';
import type { YView } from '../../yaml/nodes';

export default workflowRule(
  ruleMeta({
    id: 'GHA004', name: 'gha-write-all-permissions', title: 'GITHUB_TOKEN with write-all permissions', severity: 'error', language: 'github-actions',
    peers: ['zizmor:excessive-permissions'],
    docs: {
      description: 'The workflow or a job sets `permissions: write-all`.',
      rationale: 'write-all gives the token write access to code, releases, packages, issues and more. Any compromised step (an action, a dependency, an injected script) can push code or publish packages.',
      remediation: 'Grant only what the job needs, e.g. `permissions: { contents: read }`, plus the specific write scopes (such as `pull-requests: write`) on the jobs that need them. The quick fix narrows to `contents: read` (unsafe: add back the write scopes a job needs).',
      example: { bad: 'permissions: write-all\n', good: 'permissions:\n  contents: read\n' },
    },
    fix: 'unsafe',
  }),
  (wf, ctx) => {
    const check = (p: YView, where: string) => {
      if (p.str === 'write-all') ctx.report({ loc: p.loc, message: `${where}: permissions: write-all lets every step push code and publish packages; grant only the scopes needed (e.g. contents: read).`, fixes: [{ title: 'Narrow to contents: read', applicability: 'unsafe', edits: [{ start: p.loc[0], end: p.loc[1], newText: '{ contents: read }' }] }] });
    };
    check(wf.root.get('permissions'), 'workflow');
    for (const j of wf.jobs) check(j.view.get('permissions'), `job '${j.id}'`);
  },
);
