import { ruleMeta } from '../../rule';
import { workflowRule } from './workflow';

export default workflowRule(
  ruleMeta({
    id: 'GHA005', name: 'gha-missing-permissions', title: 'Workflow without top-level permissions', severity: 'warning', language: 'github-actions',
    peers: ['zizmor:excessive-permissions'],
    docs: {
      description: 'The workflow has no top-level `permissions:` and at least one job does not set its own.',
      rationale: 'Without `permissions`, the GITHUB_TOKEN gets the repository or organisation default, which is read-write for everything in many (older) repositories. Any compromised step inherits it.',
      remediation: 'Add `permissions: { contents: read }` at the top of the workflow and grant extra scopes per job.',
      example: { bad: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: make test\n', good: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - run: make test\n' },
    },
    fix: 'unsafe',
  }),
  (wf, ctx) => {
    if (wf.kind === 'action' || wf.root.get('permissions').exists) return;
    const open = wf.jobs.filter((j) => !j.view.get('permissions').exists);
    if (!open.length) return;
    const jobsKey = wf.jobsView.keyLoc!;
    const lineStart = ctx.text.lastIndexOf('\n', jobsKey[0] - 1) + 1;
    const fixes = [];
    if (lineStart === jobsKey[0]) {
      const firstJob = wf.jobsView.entries()[0]?.[1].keyLoc;
      const step = firstJob ? Math.max(1, firstJob[0] - (ctx.text.lastIndexOf('\n', firstJob[0] - 1) + 1)) : 2;
      const eol = /\r\n/.test(ctx.text) ? '\r\n' : '\n';
      fixes.push({ title: 'Add top-level permissions: contents: read', applicability: 'unsafe' as const, edits: [{ start: lineStart, end: lineStart, newText: `permissions:${eol}${' '.repeat(step)}contents: read${eol}` }] });
    }
    const at = wf.on.keyLoc ?? jobsKey;
    ctx.report({ loc: at, message: `The workflow has no top-level permissions, so job${open.length > 1 ? 's' : ''} ${open.map((j) => `'${j.id}'`).join(', ')} get${open.length > 1 ? '' : 's'} the repository's default token permissions (often read-write); add 'permissions: contents: read' and grant more per job.`, fixes });
  },
);
