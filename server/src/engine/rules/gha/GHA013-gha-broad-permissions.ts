import { ruleMeta } from '../../rule';
import { workflowRule, exposure } from './workflow';
import type { YView } from '../../yaml/nodes';
import type { FixDef } from '../../types';

const narrow = (p: YView): FixDef => ({ title: 'Narrow to contents: read', applicability: 'unsafe', edits: [{ start: p.loc[0], end: p.loc[1], newText: '{ contents: read }' }] });

export default workflowRule(
  ruleMeta({
    id: 'GHA013', name: 'gha-broad-permissions', title: 'Token permissions broader than the jobs need', severity: 'error', language: 'github-actions',
    peers: ['zizmor:excessive-permissions'],
    docs: {
      description: 'In a workflow of two or more jobs, some without their own `permissions`, the workflow grants `read-all` or `write` scopes at workflow level, which every such job inherits (zizmor\'s conditions: not in one-job workflows nor in workflows only triggered by `workflow_call`); or a job sets `read-all`, broadening what the workflow granted. (`write-all` is GHA004.) Workflow-level write scopes are an error on a privileged trigger (`pull_request_target`, `workflow_run`, `issue_comment`, `issues`, `discussion`), where attacker input reaches the jobs, and a warning otherwise; `read-all` is a warning.',
      rationale: 'Workflow-level scopes apply to every job that does not set its own, so a job that only runs tests carries the token that can push code or publish releases, and any compromised step in it can use it. `read-all` also reads every private package, security alert and deployment of the repository.',
      remediation: 'Set `permissions: { contents: read }` (or `{}`) at workflow level and grant write scopes only on the jobs that need them. The quick fix for `read-all` narrows it to `contents: read` (unsafe: a job may need more).',
      example: { bad: 'permissions:\n  contents: write\njobs:\n  test: ...\n  release: ...\n', good: 'permissions:\n  contents: read\njobs:\n  test: ...\n  release:\n    permissions:\n      contents: write\n' },
    },
    fix: 'unsafe',
  }),
  (wf, ctx) => {
    if (wf.kind !== 'workflow') return;
    const { severity, why } = exposure(wf);
    const top = wf.root.get('permissions');
    const inheriting = wf.jobs.filter((j) => !j.view.get('permissions').exists);
    // workflow-level scopes matter when several jobs share them: not in a one-job workflow, nor when
    // every job sets its own, nor in a workflow only called by others (its callers decide)
    const shared = wf.jobs.length >= 2 && inheriting.length > 0 && !(wf.triggers.size === 1 && wf.triggers.has('workflow_call'));
    if (top.str === 'read-all' && shared) ctx.report({ loc: top.loc, severity: 'warning', message: `workflow: permissions: read-all lets every job read every private package, security alert and deployment; grant only the scopes needed (e.g. contents: read).`, fixes: [narrow(top)] });
    if (top.isMap && shared) {
      for (const [scope, v] of top.entries()) {
        if (v.str !== 'write') continue;
        ctx.report({
          loc: v.pairLoc, severity: severity === 'error' ? undefined : 'warning',
          message: `workflow: ${scope}: write is granted at workflow level, so ${inheriting.length > 1 ? 'jobs' : 'job'} ${inheriting.map((j) => `'${j.id}'`).join(', ')} ${inheriting.length > 1 ? 'carry' : 'carries'} it too; ${why}. Grant it only on the job that needs it.`,
        });
      }
    }
    const topNarrow = top.exists && top.str !== 'read-all' && top.str !== 'write-all';
    for (const j of wf.jobs) {
      const p = j.view.get('permissions');
      if (p.str === 'read-all') ctx.report({ loc: p.loc, severity: 'warning', message: `job '${j.id}': permissions: read-all ${topNarrow ? 'broadens the permissions the workflow grants and ' : ''}lets the job read every private package, security alert and deployment; grant only the scopes needed (e.g. contents: read).`, fixes: [narrow(p)] });
    }
  },
);
