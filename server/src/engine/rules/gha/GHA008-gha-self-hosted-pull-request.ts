import { ruleMeta } from '../../rule';
import { workflowRule, jobTriggersPr } from './workflow';

export default workflowRule(
  ruleMeta({
    id: 'GHA008', name: 'gha-self-hosted-pull-request', title: 'Self-hosted runner used for pull requests', severity: 'error', language: 'github-actions',
    peers: ['zizmor:self-hosted-runner'],
    docs: {
      description: 'A job runs on a `self-hosted` runner in a workflow triggered by pull requests.',
      rationale: 'On a public repository anyone can open a pull request; its code then runs on your machine, which usually persists between jobs, sits inside your network and may hold credentials. GitHub recommends never using self-hosted runners for public pull requests.',
      remediation: 'Run pull request jobs on GitHub-hosted runners, or on ephemeral, isolated self-hosted runners (one job per VM, no network access to internal systems) restricted to private repositories.',
      example: { bad: 'on: pull_request\njobs:\n  test:\n    runs-on: [self-hosted, linux]\n', good: 'on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n' },
    },
  }),
  (wf, ctx) => {
    const pr = jobTriggersPr(wf);
    if (!pr.length) return;
    for (const j of wf.jobs) {
      const r = j.view.get('runs-on');
      const labels = r.string ? [r] : r.isSeq ? r.items() : r.get('labels').string ? [r.get('labels')] : r.get('labels').items();
      const self = labels.find((l) => l.str === 'self-hosted');
      if (self) ctx.report({ loc: self.loc, message: `job '${j.id}': runs on a self-hosted runner in a workflow triggered by ${pr.join('/')}, so pull request code runs on your machine; use a GitHub-hosted or ephemeral isolated runner.` });
    }
  },
);
