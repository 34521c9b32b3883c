/** The GitHub Actions rules of issue #22 (GHA009-GHA017) and the extensions of GHA002/3/6/7: cases, ranges, fixes, severities. */
import * as assert from 'assert';
import { runRuleTests, findingsOf } from '../ruleTester';
import { contextPaths, untrustedIn } from '../../server/src/engine/rules/gha/workflow';

const F = '.github/workflows/ci.yml';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const CO = `actions/checkout@${SHA}`;
/** A one-job workflow; line 9 is the first step's line. */
const wf = (on: string, steps: string, perms = 'permissions:\n  contents: read\n') => `name: ci\non: ${on}\n${perms}jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
const sev = (id: string, code: string, file = F) => findingsOf(id, { code, file }).map((f) => `${f.range.start.line + 1}:${f.severity}`);

describe('GHA expression contexts', () => {
  it('reads indexes, nested indexes and case-insensitive names', () => {
    assert.deepStrictEqual(untrustedIn("github.event.pages[github.event.commits[github.event.issue.title].author.name].page_name"),
      ['github.event.issue.title', 'github.event.commits.*.author.name', 'github.event.pages.*.page_name']);
    assert.deepStrictEqual(untrustedIn("github.EVENT['pull_request']['title']"), ['github.event.pull_request.title']);
    assert.deepStrictEqual(untrustedIn('toJSON(github.event)'), ['github.event']);
    assert.deepStrictEqual(untrustedIn('github.event.commits[0].message'), ['github.event.commits.*.message']);
  });
  it('skips boolean tests and string literals', () => {
    assert.deepStrictEqual(untrustedIn("contains(github.event.pull_request.title, '[skip]')"), []);
    assert.deepStrictEqual(untrustedIn("'github.event.issue.title'"), []);
    assert.deepStrictEqual(contextPaths("format('{0}', toJSON(secrets))").map((c) => c.path), ['secrets']);
    assert.deepStrictEqual(untrustedIn("github.event.issue.title == 'x' && github.event.comment.body"), ['github.event.comment.body']);
    assert.deepStrictEqual(untrustedIn('(github.event.pull_request || github.event.issue).number'), []);
    assert.deepStrictEqual(untrustedIn("(github.event.pull_request || github.event.issue)['title']"), ['github.event.pull_request.title', 'github.event.issue.title']);
  });
});

runRuleTests('GHA002', {
  valid: [
    { name: 'env.X set from a trusted value', file: F, code: wf('pull_request_target', '      - run: echo ${{ env.SHA }}\n').replace('jobs:', 'env:\n  SHA: ${{ github.sha }}\njobs:') },
    { name: 'an action input that is not code', file: F, code: wf('issues', `      - uses: actions/stale@${SHA}\n        with:\n          stale-issue-message: \${{ github.event.issue.title }}\n`) },
  ],
  invalid: [
    {
      name: 'job env read back with ${{ env.X }}: the fix uses the variable already set',
      file: F,
      code: wf('pull_request_target', '      - run: echo "${{ env.TITLE }}"\n').replace('    steps:', '    env:\n      TITLE: ${{ github.event.pull_request.title }}\n    steps:'),
      errors: [{ message: "env.TITLE holds github.event.pull_request.title (set in job 'build' env), attacker-controlled", line: 11, column: 20 }],
      output: wf('pull_request_target', '      - run: echo "${TITLE}"\n').replace('    steps:', '    env:\n      TITLE: ${{ github.event.pull_request.title }}\n    steps:'),
    },
    {
      name: 'azure/cli inlineScript is a code sink (no fix)',
      file: F,
      code: wf('issue_comment', `      - uses: azure/cli@${SHA}\n        with:\n          inlineScript: az group show -n "\${{ github.event.comment.body }}"\n`),
      errors: [{ message: 'the inlineScript input of azure/cli', line: 11, column: 43 }],
    },
  ],
});

describe('GHA002 severity by trigger', () => {
  const step = '      - run: echo ${{ github.event.head_commit.message }}\n';
  it('is an error on pull_request_target, naming the trigger', () => {
    const f = findingsOf('GHA002', { file: F, code: wf('pull_request_target', step) });
    assert.strictEqual(f[0].severity, 'error');
    assert.match(f[0].message, /exploitable: the pull_request_target trigger/);
  });
  it('is at most a warning on push', () => {
    const f = findingsOf('GHA002', { file: F, code: wf('push', step) });
    assert.strictEqual(f[0].severity, 'warning');
    assert.match(f[0].message, /runs on push only/);
  });
  it('keeps the severity the user set', () => {
    const f = findingsOf('GHA002', { file: F, code: wf('push', step), settings: { rules: { GHA002: 'error' } } });
    assert.strictEqual(f[0].severity, 'error');
  });
});

runRuleTests('GHA003', {
  valid: [{ name: 'issue_comment without checkout of the PR', file: F, code: wf('issue_comment', `      - uses: ${CO}\n        with:\n          persist-credentials: false\n`) }],
  invalid: [{
    name: 'issue_comment: refs/pull ref, git fetch of the head SHA',
    file: F,
    code: wf('issue_comment', `      - uses: ${CO}\n        with:\n          ref: refs/pull/\${{ github.event.issue.number }}/head\n      - run: git fetch origin \${{ github.event.workflow_run.head_sha }}\n`),
    errors: [{ message: 'issue_comment workflow', line: 11, column: 16 }, { message: 'fetches the pull request code', line: 12, column: 9 }],
  }],
});

runRuleTests('GHA006', {
  valid: [{ file: F, code: wf('push', '      - run: x\n        env:\n          A: ${{ toJSON(secrets.ONE) }}\n') }],
  invalid: [{
    name: 'toJSON(secrets) in env and in a reusable workflow call, one finding each',
    file: F,
    code: wf('push', '      - run: x\n        env:\n          ALL: ${{ toJSON(secrets) }}\n'),
    errors: [{ message: "toJSON(secrets) puts every secret of the repository and organisation into 'ALL'", line: 11, column: 16 }],
  }],
});

runRuleTests('GHA007', {
  valid: [{ file: F, code: wf('push', '      - run: echo "::add-mask::x"\n') }],
  invalid: [
    {
      name: 'the only variable of an env block: the block goes (a safe fix)',
      file: F,
      code: wf('push', '      - run: make\n').replace('    steps:', '    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: "true"\n    steps:'),
      errors: [{ message: "job 'build': ACTIONS_ALLOW_UNSECURE_COMMANDS", line: 9, column: 7 }],
      output: wf('push', '      - run: make\n'),
    },
    {
      name: '::set-env printed by a script',
      file: F,
      code: wf('push', '      - run: |\n          echo "::set-env name=A::b"\n'),
      errors: [{ message: "the deprecated '::set-env' workflow command", line: 10, column: 17 }],
    },
  ],
});

runRuleTests('GHA009', {
  valid: [
    { file: F, code: wf('push', `      - uses: ${CO}\n        with:\n          persist-credentials: false\n`) },
    { name: 'explicit true is intent', file: F, code: wf('push', `      - uses: ${CO}\n        with:\n          persist-credentials: true\n`) },
  ],
  invalid: [
    {
      name: 'no with: the fix adds it below uses, keeping the comment',
      file: F,
      code: wf('push', `      - uses: ${CO} # v4\n      - run: make\n`),
      errors: [{ message: 'leaves the job\'s token in .git/config', line: 9, column: 9, endLine: 9, endColumn: 72 }],
      output: wf('push', `      - uses: ${CO} # v4\n        with:\n          persist-credentials: false\n      - run: make\n`),
    },
    {
      name: 'named step with with:, and a workspace artifact upload (error)',
      file: F,
      code: wf('push', `      - name: co\n        uses: ${CO}\n        with:\n          fetch-depth: 0\n      - uses: actions/upload-artifact@${SHA}\n        with:\n          path: .\n`),
      errors: [{ message: "uploads the workspace as an artifact", line: 9, column: 9 }],
      output: wf('push', `      - name: co\n        uses: ${CO}\n        with:\n          fetch-depth: 0\n          persist-credentials: false\n      - uses: actions/upload-artifact@${SHA}\n        with:\n          path: .\n`),
    },
    {
      name: 'flow with:',
      file: F,
      code: wf('push', `      - uses: ${CO}\n        with: { fetch-depth: 0 }\n`),
      errors: [{ message: '.git/config', line: 9, column: 9 }],
      output: wf('push', `      - uses: ${CO}\n        with: { fetch-depth: 0, persist-credentials: false }\n`),
    },
  ],
});

describe('GHA009 severity', () => {
  it('is a warning without a workspace upload, an error with one', () => {
    assert.deepStrictEqual(sev('GHA009', wf('push', `      - uses: ${CO}\n`)), ['9:warning']);
    assert.deepStrictEqual(sev('GHA009', wf('push', `      - uses: ${CO}\n      - uses: actions/upload-artifact@${SHA}\n        with:\n          path: \${{ github.workspace }}\n`)), ['9:error']);
  });
});

runRuleTests('GHA010', {
  valid: [
    { name: 'static write under pull_request_target', file: F, code: wf('pull_request_target', '      - run: echo "A=b" >> "$GITHUB_ENV"\n') },
    { name: 'computed value on push (not attacker input)', file: F, code: wf('push', '      - run: echo "V=$(date)" >> "$GITHUB_ENV"\n') },
  ],
  invalid: [
    {
      name: 'output from an untrusted expression on push: a warning',
      file: F,
      code: wf('push', '      - id: t\n        run: echo "msg=${{ github.event.head_commit.message }}" >> $GITHUB_OUTPUT\n'),
      errors: [{ message: 'writes github.event.head_commit.message, attacker-controlled, to GITHUB_OUTPUT', line: 10, column: 9 }],
    },
    {
      name: 'PowerShell env file on workflow_run',
      file: F,
      code: wf('workflow_run', '      - shell: pwsh\n        run: |\n          "X=$env:Y" | Out-File -Append $env:GITHUB_ENV\n'),
      errors: [{ message: 'writes a value computed at run time to GITHUB_ENV', line: 10, column: 9 }],
    },
  ],
});

runRuleTests('GHA011', {
  valid: [
    { name: 'download of this run\'s own artifact', file: F, code: wf('workflow_run', `      - uses: actions/download-artifact@${SHA}\n        with:\n          name: x\n`) },
    { name: 'into the runner\'s temporary directory', file: F, code: wf('workflow_run', `      - uses: actions/download-artifact@${SHA}\n        with:\n          run-id: \${{ github.event.workflow_run.id }}\n          path: \${{ runner.temp }}/artifacts\n`) },
  ],
  invalid: [{
    file: F,
    code: wf('workflow_run', `      - uses: actions/download-artifact@${SHA}\n        with:\n          run-id: \${{ github.event.workflow_run.id }}\n      - uses: dawidd6/action-download-artifact@${SHA}\n        with:\n          path: artifacts\n      - run: gh run download \${{ github.event.workflow_run.id }}\n`),
    errors: [{ message: 'extracted into the workspace', line: 9, column: 15 }, { message: 'downloads artifacts of another run in a workflow_run workflow', line: 12, column: 15 }, { message: 'extracted into the workspace', line: 15, column: 9 }],
  }],
});

describe('GHA011 severity', () => {
  it('a dedicated directory is a warning', () => {
    assert.deepStrictEqual(sev('GHA011', wf('workflow_run', `      - uses: dawidd6/action-download-artifact@${SHA}\n        with:\n          path: out\n`)), ['9:warning']);
  });
});

runRuleTests('GHA012', {
  valid: [
    { file: F, code: wf('pull_request_target', '      - run: x\n        if: github.event.pull_request.user.login == \'dependabot[bot]\'\n') },
    { name: 'negated check', file: F, code: wf('pull_request_target', '      - run: x\n        if: github.actor != \'dependabot[bot]\'\n') },
  ],
  invalid: [{
    name: 'reversed operands inside ${{ }}, combined with another condition',
    file: F,
    code: wf('pull_request_target', "      - run: x\n        if: ${{ github.event_name == 'pull_request_target' && 'renovate[bot]' == github.triggering_actor }}\n"),
    errors: [{ message: "github.triggering_actor == 'renovate[bot]'", line: 10, column: 63, endLine: 10, endColumn: 105 }],
  }],
});

describe('GHA012 severity', () => {
  it('is a warning on push', () => {
    assert.deepStrictEqual(sev('GHA012', wf('push', "      - run: x\n        if: github.actor == 'dependabot[bot]'\n")), ['10:warning']);
  });
});

runRuleTests('GHA013', {
  valid: [
    { name: 'one job: its permissions are the workflow\'s', file: F, code: wf('push', '      - run: x\n', 'permissions:\n  contents: write\n') },
    { name: 'job-level write scopes are the recommended shape', code: `on: push\npermissions: {}\njobs:\n  a:\n    permissions:\n      contents: write\n    runs-on: ubuntu-latest\n    steps:\n    - run: x\n  b:\n    runs-on: ubuntu-latest\n    steps:\n    - run: y\n` },
  ],
  invalid: [
    {
      name: 'read-all at job level: narrowed by the unsafe fix',
      code: `on: pull_request_target\npermissions: {}\njobs:\n  a:\n    permissions: read-all\n    runs-on: ubuntu-latest\n    steps:\n    - run: x\n`,
      errors: [{ message: "job 'a': permissions: read-all broadens", line: 5, column: 18 }],
      output: `on: pull_request_target\npermissions: {}\njobs:\n  a:\n    permissions: { contents: read }\n    runs-on: ubuntu-latest\n    steps:\n    - run: x\n`,
    },
  ],
});

describe('GHA013 severity', () => {
  it('workflow-level write scopes are an error on a privileged trigger', () => {
    const two = (on: string) => `on: ${on}\npermissions:\n  issues: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n    - run: x\n  b:\n    runs-on: ubuntu-latest\n    steps:\n    - run: y\n`;
    assert.deepStrictEqual(sev('GHA013', two('issue_comment'), 'w.yml'), ['3:error']);
    assert.deepStrictEqual(sev('GHA013', two('push'), 'w.yml'), ['3:warning']);
  });
});

runRuleTests('GHA014', {
  valid: [{ file: F, code: wf('push', '      - run: x\n', 'permissions:\n  id-token: write\n  models: read\n  contents: none\n') }],
  invalid: [{
    name: 'wrong case: lower-cased by the fix (quotes kept)',
    file: F,
    code: wf('push', '      - run: x\n', 'permissions:\n  pages: "Write"\n  Checks: read\n'),
    errors: [{ message: '"Write" is invalid as permission of scope "pages" (values are lower case)', line: 4, column: 10 }, { message: 'unknown permission scope "Checks" (did you mean "checks"?)', line: 5, column: 3 }],
    output: wf('push', '      - run: x\n', 'permissions:\n  pages: "write"\n  Checks: read\n'),
  }],
});

runRuleTests('GHA015', {
  valid: [{ file: F, code: wf('push', '      - run: x\n        env:\n          A: ${{ fromJSON(vars.CONFIG).x }}\n') }],
  invalid: [{ file: F, code: wf('push', '      - uses: a/b@' + SHA + '\n        with:\n          k: ${{ fromJSON(secrets[\'CFG\']).key }}\n'), errors: [{ message: 'parses a secret as JSON', line: 11, column: 14 }] }],
});

runRuleTests('GHA016', {
  valid: [
    { name: 'caching in a workflow that does not publish', file: F, code: wf('pull_request', `      - uses: actions/setup-go@${SHA}\n`) },
    { name: 'setup-node without cache', file: F, code: wf('release', `      - uses: actions/setup-node@${SHA}\n        with:\n          node-version: 20\n`) },
  ],
  invalid: [
    {
      name: 'setup-go caches by default on release: the fix turns it off',
      file: F,
      code: wf('release', `      - uses: actions/setup-go@${SHA} # v6\n      - run: goreleaser\n`),
      errors: [{ message: 'actions/setup-go restores a cache in a job that publishes (the release trigger)', line: 9, column: 15 }],
      output: wf('release', `      - uses: actions/setup-go@${SHA} # v6\n        with:\n          cache: false\n      - run: goreleaser\n`),
    },
    {
      name: 'publisher step on push to main, actions/cache (opt-out input added under with:)',
      file: F,
      code: wf('{push: {branches: [main]}}', `      - uses: actions/cache@${SHA}\n        with:\n          path: ~/.npm\n      - uses: pypa/gh-action-pypi-publish@${SHA}\n`),
      errors: [{ message: "its publishing step (job 'build', step 'pypa/gh-action-pypi-publish", line: 9, column: 15 }],
      output: wf('{push: {branches: [main]}}', `      - uses: actions/cache@${SHA}\n        with:\n          path: ~/.npm\n          lookup-only: true\n      - uses: pypa/gh-action-pypi-publish@${SHA}\n`),
    },
  ],
});

runRuleTests('GHA017', {
  valid: [
    { file: '.github/dependabot.yml', code: 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    insecure-external-code-execution: deny\n' },
    { name: 'not Dependabot', file: 'x.yml', code: 'updates:\n  - package-ecosystem: pip\n    insecure-external-code-execution: allow\n' },
  ],
  invalid: [{
    name: 'recognised by content outside .github',
    file: 'config/deps.yml',
    code: 'version: 2\nupdates:\n  - package-ecosystem: mix # elixir\n    directory: /\n    insecure-external-code-execution: allow\n    schedule:\n      interval: weekly\n',
    errors: [{ message: 'Dependabot update for mix in /', line: 5, column: 5 }],
    output: 'version: 2\nupdates:\n  - package-ecosystem: mix # elixir\n    directory: /\n    schedule:\n      interval: weekly\n',
  }],
});

describe('composite actions', () => {
  const action = `name: a\ndescription: d\nruns:\n  using: composite\n  steps:\n    - uses: ${CO}\n    - run: echo "\${{ github.event.issue.title }}"\n      shell: bash\n`;
  it('are audited like a workflow job, without the workflow-only rules', () => {
    const ids = ['GHA002', 'GHA005', 'GHA009', 'GHA013', 'GHA014'].flatMap((id) => findingsOf(id, { file: 'sub/action.yaml', code: action }).map((f) => `${id}:${f.range.start.line + 1}:${f.severity}`));
    assert.deepStrictEqual(ids, ['GHA002:7:warning', 'GHA009:6:warning']);
  });
  it('are recognised by content under another name, not without name and description', () => {
    assert.strictEqual(findingsOf('GHA009', { file: 'x.yml', code: action }).length, 1);
    assert.strictEqual(findingsOf('GHA009', { file: 'x.yml', code: action.replace('name: a\ndescription: d\n', '') }).length, 0);
  });
});

describe('zizmor ignore comments', () => {
  const step = (c: string) => wf('push', `      - run: echo \${{ github.event.issue.title }} ${c}\n`);
  it('suppress the findings of rules with that zizmor peer on the line', () => {
    assert.strictEqual(findingsOf('GHA002', { file: F, code: step('# zizmor: ignore[template-injection]') }).length, 0);
    assert.strictEqual(findingsOf('GHA002', { file: F, code: step('# zizmor: ignore[artipacked, template-injection]') }).length, 0);
  });
  it('leave other audits\' findings alone', () => {
    assert.strictEqual(findingsOf('GHA002', { file: F, code: step('# zizmor: ignore[artipacked]') }).length, 1);
  });
});

describe('GHA009 and actions/checkout v6', () => {
  it('is information from v6 on (by tag, or by the tag commented after a SHA)', () => {
    assert.deepStrictEqual(sev('GHA009', wf('push', '      - uses: actions/checkout@v6\n')), ['9:info']);
    assert.deepStrictEqual(sev('GHA009', wf('push', `      - uses: actions/checkout@${SHA} # v6.0.2\n`)), ['9:info']);
    assert.deepStrictEqual(sev('GHA009', wf('push', `      - uses: actions/checkout@${SHA} # v4.2.2\n`)), ['9:warning']);
    assert.deepStrictEqual(sev('GHA009', wf('push', `      - uses: actions/checkout@${SHA}\n`)), ['9:warning']);
  });
});

/** The before/after examples of zizmor's audit documentation (docs/audits.md, commit in fixtures/README.md). */
describe('zizmor documentation examples', () => {
  it('artipacked', () => {
    const before = 'on: push\n\njobs:\n  artipacked:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n';
    assert.deepStrictEqual(sev('GHA009', before, 'artipacked.yml'), ['7:warning']);
    assert.deepStrictEqual(sev('GHA009', before + '        with:\n          persist-credentials: false\n', 'artipacked.yml'), []);
  });
  it('bot-conditions', () => {
    const doc = (on: string, cond: string) => `on: ${on}\n\njobs:\n  automerge:\n    runs-on: ubuntu-latest\n    if: ${cond} && github.repository == github.event.pull_request.head.repo.full_name\n    steps:\n      - run: gh pr merge --auto --merge "$PR_URL"\n        env:\n          PR_URL: \${{ github.event.pull_request.html_url }}\n          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}\n`;
    assert.deepStrictEqual(sev('GHA012', doc('pull_request_target', "github.actor == 'dependabot[bot]'"), 'bot-conditions.yml'), ['6:error']);
    assert.deepStrictEqual(sev('GHA012', doc('pull_request', "github.event.pull_request.user.login == 'dependabot[bot]'"), 'bot-conditions.yml'), []);
  });
  it('cache-poisoning: caching turned off for tags in a tag-push workflow', () => {
    const doc = (v: string) => `on:\n  push:\n    tags: ['v*']\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: astral-sh/setup-uv@08807647e7069bb48b6ef5acd8ec9567f424441b # v8.1.0\n        with:\n          enable-cache: ${v}\n`;
    assert.deepStrictEqual(sev('GHA016', doc("${{ !startsWith(github.ref, 'refs/tags/') }}"), 'release.yml'), []);
    assert.deepStrictEqual(sev('GHA016', doc('true'), 'release.yml'), ['8:error']);
  });
  it('dependabot-execution', () => {
    const doc = (v: string) => `version: 2\nupdates:\n  - package-ecosystem: "pip"\n    directory: "/"\n    schedule:\n      interval: "daily"\n    insecure-external-code-execution: ${v}\n`;
    assert.deepStrictEqual(sev('GHA017', doc('allow'), '.github/dependabot.yml'), ['7:error']);
    assert.deepStrictEqual(sev('GHA017', doc('deny'), '.github/dependabot.yml'), []);
  });
  it('template-injection: the fix gives the documented "after"', () => {
    const before = 'on: issues\npermissions: {}\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n    - name: Check title\n      run: |\n        title="${{ github.event.issue.title }}"\n        if [[ ! $title =~ ^.*:\\ .*$ ]]; then\n          echo "Bad issue title"\n          exit 1\n        fi\n';
    const f = findingsOf('GHA002', { file: 'ti.yml', code: before });
    assert.deepStrictEqual(f.map((x) => `${x.range.start.line + 1}:${x.severity}`), ['9:error']);
    assert.deepStrictEqual(f[0].fixes[0].edits.map((e) => e.newText), ['${ISSUE_TITLE}', 'env:\n        ISSUE_TITLE: ${{ github.event.issue.title }}\n      ']);
  });
});
