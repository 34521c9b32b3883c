import { meta } from '../mesh/util';
import { workflowRule, stepName } from './workflow';

const HEAD = /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.workflow_run\.pull_requests|refs\/pull\/|github\.event\.number|github\.event\.pull_request\.number|merge_commit_sha/;

export default workflowRule(
  meta({
    id: 'GHA003', name: 'gha-untrusted-checkout', title: 'Privileged trigger checks out pull request code', severity: 'error', language: 'github-actions',
    peers: ['zizmor:dangerous-triggers'],
    docs: {
      description: 'A workflow triggered by `pull_request_target` or `workflow_run` checks out the pull request head (`actions/checkout` with `ref: ${{ github.event.pull_request.head.sha }}`, `gh pr checkout`, `git fetch ... pull/...`).',
      rationale: 'These triggers run in the context of the base repository with a write token and secrets. Checking out and building the pull request runs the attacker\'s code (build scripts, tests, package hooks) with those privileges ("pwn request").',
      remediation: 'Use the `pull_request` trigger to build untrusted code. If you need privileges, split the workflow: build in `pull_request`, upload results as an artifact, and process them (as data only) in a `workflow_run` workflow.',
      example: {
        bad: 'on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      with:\n        ref: ${{ github.event.pull_request.head.sha }}\n    - run: make test\n',
        good: 'on: pull_request\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n    - run: make test\n',
      },
    },
  }),
  (wf, ctx) => {
    const trig = ['pull_request_target', 'workflow_run'].filter((t) => wf.triggers.has(t));
    if (!trig.length) return;
    for (const j of wf.jobs) {
      for (const s of j.steps) {
        if (/^actions\/checkout@/.test(s.uses ?? '')) {
          for (const k of ['ref', 'repository']) {
            const r = s.view.at('with', k);
            const v = r.str;
            if (v && HEAD.test(v)) ctx.report({ loc: r.loc, message: `${stepName(s)}: checks out the pull request head in a ${trig.join('/')} workflow, which runs that untrusted code with the base repository's token and secrets; build pull requests under the pull_request trigger instead.` });
          }
        }
        const run = s.run.str;
        if (run) {
          const m = /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|pull)\b[^\n]*\bpull\/|\bgit\s+checkout\b[^\n]*(head\.sha|head_ref|head\.ref)/.exec(run);
          if (m) ctx.report({ loc: s.run.pairLoc, message: `${stepName(s)}: fetches the pull request code ('${m[0].trim()}') in a ${trig.join('/')} workflow, where it runs with the base repository's token and secrets; build pull requests under the pull_request trigger instead.` });
        }
      }
    }
  },
);
