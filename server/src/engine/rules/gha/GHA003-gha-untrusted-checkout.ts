import { ruleMeta } from '../../rule';
import { workflowRule, stepName, parseUses } from './workflow';

/** Expressions and refs naming the pull request's head (or merge) commit, branch or fork. */
const HEAD = /github\.event\.pull_request\.head\.(sha|ref|repo\.full_name|repo\.clone_url)|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch|repository\.full_name|repository\.clone_url)|github\.event\.workflow_run\.pull_requests|refs\/pull\/|github\.event\.number|github\.event\.pull_request\.number|github\.event\.issue\.number|merge_commit_sha/i;

/** Shell commands that fetch or switch to pull request code. */
const FETCH = /\b(gh|hub)\s+pr\s+checkout\b|\bgit\s+(fetch|pull)\b[^\n]*\bpull\/|\bgit\s+(checkout|switch|fetch|pull|clone|reset|worktree\s+add)\b[^\n]*(head\.sha|head_ref|head\.ref|head\.repo|head_sha|head_branch|head_repository|merge_commit_sha|refs\/pull\/)/i;

export default workflowRule(
  ruleMeta({
    id: 'GHA003', name: 'gha-untrusted-checkout', title: 'Privileged trigger checks out pull request code', severity: 'error', language: 'github-actions',
    peers: ['zizmor:dangerous-triggers'],
    docs: {
      description: 'A workflow triggered by `pull_request_target`, `workflow_run` or `issue_comment` checks out the pull request: `actions/checkout` with a `ref` or `repository` naming the head or merge commit, branch or fork (`github.event.pull_request.head.sha`, `github.head_ref`, `refs/pull/N/merge`, `github.event.workflow_run.head_sha`...), or a script running `gh pr checkout`, `git fetch origin pull/N/head`, `git checkout` / `git clone` of those refs.',
      rationale: 'These triggers run in the context of the base repository with a write token and secrets. Checking out and building the pull request runs the attacker\'s code (build scripts, tests, package hooks) with those privileges ("pwn request").',
      remediation: 'Use the `pull_request` trigger to build untrusted code. If you need privileges, split the workflow: build in `pull_request`, upload results as an artifact, and process them (as data only) in a `workflow_run` workflow.',
      example: {
        bad: 'on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      with:\n        ref: ${{ github.event.pull_request.head.sha }}\n    - run: make test\n',
        good: 'on: pull_request\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n    - run: make test\n',
      },
    },
  }),
  (wf, ctx) => {
    const trig = ['pull_request_target', 'workflow_run', 'issue_comment'].filter((t) => wf.triggers.has(t));
    if (!trig.length) return;
    for (const j of wf.jobs) {
      for (const s of j.steps) {
        const p = s.uses ? parseUses(s.uses) : undefined;
        if (p?.action.toLowerCase() === 'actions/checkout') {
          // one finding per checkout: the ref if it names the head, else the repository
          const r = ['ref', 'repository'].map((k) => s.view.at('with', k)).find((v) => v.str && HEAD.test(v.str));
          if (r) ctx.report({ loc: r.loc, message: `${stepName(s)}: checks out the pull request head in a ${trig.join('/')} workflow, which runs that untrusted code with the base repository's token and secrets; build pull requests under the pull_request trigger instead.` });
        }
        const run = s.run.str;
        if (run) {
          const m = FETCH.exec(run);
          if (m) ctx.report({ loc: s.run.pairLoc, message: `${stepName(s)}: fetches the pull request code ('${m[0].trim().slice(0, 60)}') in a ${trig.join('/')} workflow, where it runs with the base repository's token and secrets; build pull requests under the pull_request trigger instead.` });
        }
      }
    }
  },
);
