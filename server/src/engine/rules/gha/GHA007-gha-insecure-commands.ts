import { ruleMeta } from '../../rule';
import { deletePairLines } from '../shared/objects';
import { workflowRule, stepName, expressionsIn, contextPaths, Job } from './workflow';
import type { YView } from '../../yaml/nodes';

const ENABLED = /^(true|1|yes|on)$/i;

/** Matrix values (`matrix.<key>` items, and `include` entries) that set ACTIONS_ALLOW_UNSECURE_COMMANDS, for a step `env: ${{ matrix.<key> }}`. */
function matrixEnables(j: Job, key: string): boolean {
  const m = j.view.at('strategy', 'matrix');
  const values = [...m.get(key).items(), ...m.get('include').items().map((i) => i.get(key))];
  return values.some((v) => v.isMap && ENABLED.test(v.get('ACTIONS_ALLOW_UNSECURE_COMMANDS').str ?? ''));
}

export default workflowRule(
  ruleMeta({
    id: 'GHA007', name: 'gha-insecure-commands', title: 'ACTIONS_ALLOW_UNSECURE_COMMANDS enabled, or set-env/add-path used', severity: 'error', language: 'github-actions',
    peers: ['zizmor:insecure-commands', 'actionlint:deprecated-commands'],
    docs: {
      description: 'The workflow, a job, a step or a composite action step sets the environment variable `ACTIONS_ALLOW_UNSECURE_COMMANDS` to true (directly, or through a matrix value used as the step\'s `env:`); or a `run:` script prints the deprecated `::set-env` / `::add-path` workflow commands (reported as a warning: the runner rejects them unless that variable is set).',
      rationale: 'The variable re-enables the `set-env` and `add-path` commands, which any process that can write to the log (for example by printing an issue title) can use to inject environment variables such as `NODE_OPTIONS`, `BASH_ENV` or `LD_PRELOAD` into later steps.',
      remediation: 'Remove the variable (the quick fix does) and write to the `$GITHUB_ENV` / `$GITHUB_PATH` files instead of printing `::set-env` / `::add-path`.',
      example: { bad: 'env:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n', good: 'steps:\n- run: echo "FOO=bar" >> "$GITHUB_ENV"\n' },
    },
    fix: 'safe',
  }),
  (wf, ctx) => {
    const check = (env: YView, where: string, j?: Job) => {
      if (env.isScalar && j) { // env: ${{ matrix.env }}
        for (const e of expressionsIn(env, ctx.text)) {
          const m = contextPaths(e.inner).map((c) => /^matrix\.([a-z0-9_-]+)$/.exec(c.path)).find(Boolean);
          if (m && matrixEnables(j, m[1])) {
            ctx.report({ loc: env.pairLoc, message: `${where}: env comes from ${e.text}, and the matrix sets ACTIONS_ALLOW_UNSECURE_COMMANDS, which re-enables the set-env and add-path commands, letting anything printed to the log inject environment variables; remove it from the matrix and use $GITHUB_ENV / $GITHUB_PATH.` });
            return;
          }
        }
        return;
      }
      const v = env.get('ACTIONS_ALLOW_UNSECURE_COMMANDS');
      if (!v.exists || !ENABLED.test(v.str ?? '')) return;
      // the only variable: remove the whole (then empty) env: block
      const one = deletePairLines(v, ctx.text);
      const block = env.entries().length === 1 ? deletePairLines(env, ctx.text) : undefined;
      // the block map's range runs to the start of the next line: delete from `env:` to the variable's line end
      const del = block && one ? { start: block.start, end: one.end, newText: '' } : one;
      ctx.report({
        loc: v.pairLoc,
        message: `${where}: ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables the set-env and add-path commands, letting anything printed to the log inject environment variables; remove it and use $GITHUB_ENV / $GITHUB_PATH.`,
        fixes: del ? [{ title: 'Remove ACTIONS_ALLOW_UNSECURE_COMMANDS', applicability: 'safe', edits: [del] }] : [],
      });
    };
    check(wf.root.get('env'), 'workflow env');
    for (const j of wf.jobs) {
      check(j.view.get('env'), `job '${j.id}'`);
      for (const s of j.steps) {
        check(s.view.get('env'), stepName(s), j);
        if (!s.run.isScalar) continue;
        // ::set-env / ::add-path printed by the script (one finding per step)
        const [rs, re] = s.run.loc;
        const m = /::(set-env|add-path)\b/.exec(ctx.text.slice(rs, re));
        if (m) ctx.report({ loc: [rs + m.index, rs + m.index + m[0].length], severity: 'warning', message: `${stepName(s)}: the deprecated '${m[0]}' workflow command is rejected by the runner unless ACTIONS_ALLOW_UNSECURE_COMMANDS is set, which lets anything printed to the log set variables; append to $GITHUB_${m[1] === 'set-env' ? 'ENV' : 'PATH'} instead.` });
      }
    }
  },
);
