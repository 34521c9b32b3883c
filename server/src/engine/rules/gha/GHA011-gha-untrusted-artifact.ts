import { ruleMeta } from '../../rule';
import { workflowRule, stepName, parseUses, scalarText } from './workflow';

const WORKSPACE = /^\s*(\.\/?|\$\{\{\s*github\.workspace\s*\}\}\/?|\$GITHUB_WORKSPACE\/?)?\s*$/;

export default workflowRule(
  ruleMeta({
    id: 'GHA011', name: 'gha-untrusted-artifact', title: 'Privileged workflow downloads artifacts a pull request produced', severity: 'error', language: 'github-actions',
    peers: ['zizmor:dangerous-triggers'],
    docs: {
      description: 'A `workflow_run` or `pull_request_target` workflow downloads artifacts of another run (`actions/download-artifact` with `run-id`, `dawidd6/action-download-artifact`, `gh run download`, or `actions/github-script` calling `downloadArtifact`). The triggering run can be a pull request\'s, so the artifact\'s content is the attacker\'s. It is an error when the artifact is extracted into the workspace root (no `path`, or `path: .`), where it can replace scripts and configuration later steps run; a warning when it goes to a directory of its own in the workspace; a download to the runner\'s temporary directory (`${{ runner.temp }}`) is not reported.',
      rationale: 'This is the route around "never check out pull request code in a privileged workflow": the unprivileged `pull_request` run builds whatever the pull request says and uploads it; the privileged `workflow_run` workflow downloads it and runs, sources or trusts it with a write token and secrets (artifact poisoning).',
      remediation: 'Download into a dedicated directory (`path: ${{ runner.temp }}/artifacts`), treat every file as untrusted data (validate, never execute or source it), and do not extract it over the checked-out repository.',
      example: {
        bad: 'on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/download-artifact@fa0a91b85d4f404e444e00e005971372dc801d16\n      with:\n        run-id: ${{ github.event.workflow_run.id }}\n        github-token: ${{ github.token }}\n    - run: ./report.sh\n',
        good: 'on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\njobs:\n  report:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/download-artifact@fa0a91b85d4f404e444e00e005971372dc801d16\n      with:\n        run-id: ${{ github.event.workflow_run.id }}\n        github-token: ${{ github.token }}\n        path: ${{ runner.temp }}/artifacts\n    - run: python3 .github/report.py "${{ runner.temp }}/artifacts/results.json"\n',
      },
    },
  }),
  (wf, ctx) => {
    const trig = ['workflow_run', 'pull_request_target'].filter((t) => wf.triggers.has(t));
    if (!trig.length) return;
    for (const j of wf.jobs) {
      for (const s of j.steps) {
        const p = s.uses ? parseUses(s.uses) : undefined;
        const action = p?.action.toLowerCase();
        let inRoot: boolean | undefined;
        let loc = s.usesView.loc;
        if (action === 'actions/download-artifact' && s.view.at('with', 'run-id').exists) inRoot = WORKSPACE.test(scalarText(s.view.at('with', 'path'), ctx.text) ?? '');
        else if (action === 'dawidd6/action-download-artifact') inRoot = WORKSPACE.test(scalarText(s.view.at('with', 'path'), ctx.text) ?? '');
        else if (action === 'actions/github-script' && /\bdownloadArtifact\b/.test(s.view.at('with', 'script').str ?? '')) inRoot = true;
        else if (s.run.str) {
          const m = /\bgh\s+run\s+download\b[^\n]*/.exec(s.run.str);
          if (m) { inRoot = !/(\s-D|--dir)\b/.test(m[0]); loc = s.run.keyLoc ?? s.run.loc; }
        }
        if (inRoot === undefined) continue;
        // outside the workspace (the runner's temporary directory): nothing there runs unless a step chooses to
        const dir = scalarText(s.view.at('with', 'path'), ctx.text) ?? '';
        if (!inRoot && /^\s*(\$\{\{\s*runner\.temp\s*\}\}|\$RUNNER_TEMP|\$\{RUNNER_TEMP\}|\/tmp)(\/|\s*$)/.test(dir)) continue;
        ctx.report({
          loc, severity: inRoot ? undefined : 'warning',
          message: `${stepName(s)}: downloads artifacts of another run in a ${trig.join('/')} workflow; a pull request's run writes what they contain, and this job runs with the base repository's token and secrets${inRoot ? ', and they are extracted into the workspace, where they can replace scripts later steps run' : ''}. Extract them to a directory of their own and treat them as untrusted data.`,
        });
      }
    }
  },
);
