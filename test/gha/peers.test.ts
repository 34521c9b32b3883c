/**
 * Palisade's GitHub Actions rules on the test workflows of zizmor and actionlint (copied under
 * test/gha/fixtures, origin and licence in its README): for each file, the rule and line of every
 * finding of the rules listed, which are the lines those tools flag (differences noted inline).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scanTexts } from '../../server/src/engine/scan';
import { defaultSettings } from '../../server/src/engine/settings';

const DIR = path.join(__dirname, 'fixtures');
/** The rules these fixtures exercise (GHA001/GHA005 also fire on most of them and are tested elsewhere). */
const RULES = /^GHA(00[2346789]|01\d)$/;

function findings(rel: string): string[] {
  const file = path.join(DIR, rel);
  // scanned as a set of one file, so that the workspace rules (GHA018) run too
  const [r] = scanTexts([{ file, text: fs.readFileSync(file, 'utf8') }], defaultSettings());
  assert.deepStrictEqual(r.errors, [], `${rel}: analysis errors`);
  return r.findings.filter((f) => RULES.test(f.ruleId)).map((f) => `${f.ruleId}:${f.range.start.line + 1}:${f.severity}`).sort();
}

const cases: [string, string[]][] = [
  // zizmor: artipacked (an explicit persist-credentials: true is intent, flagged by zizmor's auditor persona only)
  ['zizmor/artipacked.yml', ['GHA009:22:warning']],
  ['zizmor/artipacked/issue-447-repro.yml', []],
  // zizmor: bot-conditions, all eleven spoofable comparisons, not 'notabot'
  ['zizmor/bot-conditions.yml', [11, 15, 19, 23, 32, 37, 42, 47, 52, 56, 60].map((l) => `GHA012:${l}:error`)],
  // zizmor: cache-poisoning
  ['zizmor/cache-poisoning/caching-enabled-by-default.yml', ['GHA016:21:error']],
  ['zizmor/cache-poisoning/caching-disabled-by-default.yml', []],
  ['zizmor/cache-poisoning/caching-opt-in-boolean-toggle.yml', ['GHA016:19:error']],
  ['zizmor/cache-poisoning/caching-opt-out.yml', []],
  ['zizmor/cache-poisoning/no-cache-aware-steps.yml', []],
  ['zizmor/cache-poisoning/publisher-step.yml', ['GHA016:23:error']],
  ['zizmor/cache-poisoning/workflow-tag-trigger.yml', ['GHA016:23:error']],
  ['zizmor/cache-poisoning/workflow-release-branch-trigger.yml', ['GHA016:22:error']],
  ['zizmor/cache-poisoning/issue-343-repro.yml', ['GHA016:28:error', 'GHA016:34:error', 'GHA016:41:error']],
  // caching decided by an expression: a warning here, an error in zizmor
  ['zizmor/cache-poisoning/trigger-heuristics/tag-and-branch.yml', ['GHA016:17:warning', 'GHA016:23:warning']],
  ['zizmor/cache-poisoning/trigger-heuristics/tag-only.yml', ['GHA016:16:warning', 'GHA016:22:warning']],
  // caching turned off for tags, and the workflow publishes only from tags and releases
  ['zizmor/cache-poisoning/trigger-heuristics/tag-and-release.yml', []],
  // zizmor: dependabot-execution
  ['zizmor/dependabot-execution/basic/dependabot.yml', ['GHA017:10:error']],
  // zizmor: excessive-permissions (write-all is GHA004; the unknown scope is also GHA014)
  ['zizmor/excessive-permissions/issue-336-repro.yml', []],
  ['zizmor/excessive-permissions/workflow-read-all.yml', ['GHA013:5:warning']],
  ['zizmor/excessive-permissions/workflow-write-all.yml', ['GHA004:5:error']],
  ['zizmor/excessive-permissions/jobs-broaden-permissions.yml', ['GHA004:20:error', 'GHA013:11:warning']],
  ['zizmor/excessive-permissions/workflow-write-explicit.yml', ['GHA013:7:warning', 'GHA013:8:warning', 'GHA013:9:warning', 'GHA014:9:error']],
  ['zizmor/excessive-permissions.yml', ['GHA004:12:error']],
  // default permissions: zizmor reports these only as pedantic (GHA005, not checked here, reports the workflow)
  ['zizmor/excessive-permissions/workflow-default-perms.yml', []],
  ['zizmor/excessive-permissions/workflow-default-perms-all-jobs-explicit.yml', []],
  ['zizmor/excessive-permissions/workflow-empty-perms.yml', []],
  // reusable-workflow call jobs with the default token (the callee, `$/...`, cannot be read): GHA018 on the
  // job's uses: (zizmor spans the job); zizmor's other findings here, the workflow and the normal job
  // without permissions, are GHA005's one finding on `on:`
  ['zizmor/excessive-permissions/reusable-workflow-call.yml', ['GHA018:10:warning']],
  ['zizmor/excessive-permissions/reusable-workflow-other-triggers.yml', ['GHA018:23:warning']],
  // a workflow only triggered by workflow_call: zizmor reports the call job on line 25 as using the default
  // token; its token is its own caller's, so Palisade reports the permissions at that caller (not here)
  ['zizmor/excessive-permissions/issue-472-repro.yml', []],
  // zizmor: github-env (composite action: bash, pwsh and cmd forms; the static write is not flagged)
  ['zizmor/github-env/action.yml', ['GHA010:10:warning', 'GHA010:15:warning', 'GHA010:20:warning']],
  ['zizmor/github-env/github-path.yml', ['GHA010:17:error']],
  ['zizmor/github-env/issue-397-repro.yml', ['GHA010:17:error']],
  ['zizmor/github_env.yml', ['GHA010:17:error']],
  // zizmor: insecure-commands. zizmor points at the env: key (15, and 18/25 in the action), Palisade at
  // the variable itself (the line below); the dynamic `env: ${{ mystery }}` of the action is not reported.
  ['zizmor/insecure-commands.yml', ['GHA007:16:error', 'GHA007:30:error']],
  ['zizmor/insecure-commands/action.yml', ['GHA007:19:error', 'GHA007:26:error']],
  // zizmor: overprovisioned-secrets (line 31 carries `# zizmor: ignore[overprovisioned-secrets]`, honoured through GHA006's peers)
  ['zizmor/overprovisioned-secrets.yml', ['GHA006:16:warning', 'GHA006:25:warning']],
  // zizmor: secrets-inherit (zizmor points at the job's uses: on line 10, Palisade at `secrets: inherit`)
  ['zizmor/secrets-inherit.yml', ['GHA006:12:warning']],
  // zizmor: template-injection, beyond run:
  ['zizmor/template-injection/codeql-sinks.yml', ['GHA002:17:warning']],
  ['zizmor/template-injection/pwsh-script.yml', ['GHA002:16:warning']],
  ['zizmor/template-injection/static-env.yml', ['GHA002:43:warning', 'GHA002:50:warning', 'GHA002:55:warning']],
  ['zizmor/template-injection/pr-425-backstop/action.yml', ['GHA002:14:info', 'GHA002:20:info', 'GHA002:26:info', 'GHA002:31:info']],
  // zizmor also flags env values copied from step outputs (56, 57, 110, 111) at its lowest level
  ['zizmor/template-injection/issue-883-repro/action.yml', ['GHA002:48:info', 'GHA002:60:info', 'GHA002:65:warning']],
  // the OK / NOT OK comments of these two files: comparisons and contains() carry no text; functions and || do
  ['zizmor/template-injection/dataflow.yml', ['GHA002:21:warning', 'GHA002:22:warning', 'GHA002:23:warning', 'GHA002:28:warning', 'GHA002:29:warning']],
  ['zizmor/template-injection/patterns.yml', ['GHA002:30:error', 'GHA002:31:error', 'GHA002:32:error']],
  // `(github.event.pull_request || github.event.issue).number` is a number (zizmor: informational)
  ['zizmor/template-injection/issue-1903-repro.yml', []],
  ['zizmor/template-injection/false-positive-menagerie.yml', []],
  // zizmor: unredacted-secrets
  ['zizmor/unredacted-secrets.yml', ['GHA015:18:warning', 'GHA015:21:warning']],
  // zizmor: a labeler on pull_request_target, which checks nothing out
  ['zizmor/dangerous-triggers/actions-labeler.yml', []],
  // actionlint: permissions
  ['actionlint/err/invalid_permissions.yaml', [4, 5, 6, 7, 8, 9, 15, 16, 17, 18, 19, 20].map((l) => `GHA014:${l}:error`)],
  ['actionlint/err/issue558_read_write_none_are_not_always_valid_permissions.yaml', ['GHA009:11:warning', 'GHA014:8:error', 'GHA014:9:error']],
  ['actionlint/examples/permissions.yaml', ['GHA014:4:error', 'GHA014:11:error', 'GHA014:13:error', 'GHA014:15:error']],
  ['actionlint/err/issue170_empty_permissions.yaml', []],
  // actionlint: expression (untrusted inputs); the contains() check on line 25 is not injectable
  ['actionlint/examples/untrusted_input.yaml', ['GHA002:10:warning', 'GHA002:19:warning', 'GHA002:22:warning']],
  ['actionlint/err/nested_untrusted_input.yaml', ['GHA002:7:warning']],
  // actionlint reports this one at the block scalar's first line (11) with a column past its end
  ['actionlint/err/github_script_untrusted_input.yaml', ['GHA002:16:error']],
  ['actionlint/ok/untrusted_inputs.yaml', []],
  // actionlint: deprecated-commands, the two that are security-relevant (set-output/save-state are not)
  ['actionlint/err/deprecated_workflow_commands.yaml', ['GHA007:10:warning', 'GHA007:11:warning']],
  ['actionlint/examples/deprecated_workflow_commands.yaml', []],
];

describe('GitHub Actions rules on zizmor and actionlint test workflows', () => {
  for (const [rel, want] of cases) {
    it(rel, () => assert.deepStrictEqual(findings(rel), [...want].sort()));
  }
  it('covers every fixture file', () => {
    const all: string[] = [];
    const walk = (d: string) => { for (const e of fs.readdirSync(path.join(DIR, d), { withFileTypes: true })) { const r = path.posix.join(d, e.name); if (e.isDirectory()) walk(r); else if (/\.ya?ml$/.test(e.name)) all.push(r); } };
    walk('');
    assert.deepStrictEqual(all.sort(), cases.map(([r]) => r).sort());
  });
});
