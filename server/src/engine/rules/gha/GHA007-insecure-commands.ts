import { meta, deletePairLines } from '../mesh/util';
import { workflowRule, stepName } from './workflow';
import type { YView } from '../../yaml/nodes';

export default workflowRule(
  meta({
    id: 'GHA007', name: 'gha-insecure-commands', title: 'ACTIONS_ALLOW_UNSECURE_COMMANDS enabled', severity: 'error', language: 'github-actions',
    peers: ['zizmor:insecure-commands'],
    docs: {
      description: 'The workflow, a job or a step sets the environment variable `ACTIONS_ALLOW_UNSECURE_COMMANDS` to true.',
      rationale: 'It re-enables the deprecated `set-env` and `add-path` workflow commands, which any process that can write to the log (for example by printing an issue title) can use to inject environment variables such as `NODE_OPTIONS` or `LD_PRELOAD` into later steps.',
      remediation: 'Remove the variable and write to the `$GITHUB_ENV` / `$GITHUB_PATH` files instead.',
      example: { bad: 'env:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n', good: 'steps:\n- run: echo "FOO=bar" >> "$GITHUB_ENV"\n' },
    },
    fix: 'unsafe',
  }),
  (wf, ctx) => {
    const check = (env: YView, where: string) => {
      const v = env.get('ACTIONS_ALLOW_UNSECURE_COMMANDS');
      if (!v.exists || !/^(true|1|yes|on)$/i.test(v.str ?? '')) return;
      // the only variable: remove the whole (then empty) env: block
      const del = env.entries().length === 1 ? deletePairLines(env, ctx.text) : deletePairLines(v, ctx.text);
      ctx.report({
        loc: v.pairLoc,
        message: `${where}: ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables the set-env and add-path commands, letting anything printed to the log inject environment variables; remove it and use $GITHUB_ENV / $GITHUB_PATH.`,
        fixes: del ? [{ title: 'Remove ACTIONS_ALLOW_UNSECURE_COMMANDS', applicability: 'unsafe', edits: [del] }] : [],
      });
    };
    check(wf.root.get('env'), 'workflow env');
    for (const j of wf.jobs) {
      check(j.view.get('env'), `job '${j.id}'`);
      for (const s of j.steps) check(s.view.get('env'), stepName(s));
    }
  },
);
