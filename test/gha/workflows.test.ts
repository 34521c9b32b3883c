import * as assert from 'assert';
import { runRuleTests } from '../ruleTester';
import { shellQuoteAt, envName } from '../../server/src/engine/rules/gha/GHA002-gha-script-injection';
import { analyzeText } from '../../server/src/engine/analyze';

const F = '.github/workflows/ci.yml';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const wf = (on: string, job: string, perms = 'permissions:\n  contents: read\n') => `name: ci\non: ${on}\n${perms}jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${job}`;

runRuleTests('GHA001', {
  valid: [
    { file: F, code: wf('push', `      - uses: actions/checkout@${SHA} # v4\n      - uses: ./local-action\n      - uses: docker://alpine@sha256:${'a'.repeat(64)}\n`) },
    { name: 'not a workflow', code: 'steps:\n- uses: actions/checkout@v4\n' },
  ],
  invalid: [
    {
      file: F,
      code: wf('push', '      - uses: actions/checkout@v4\n      - uses: "owner/tool/sub@main" # pinned later\n'),
      errors: [
        { message: "'actions/checkout@v4' is pinned to the mutable ref 'v4'", line: 9, column: 15, endLine: 9, endColumn: 34 },
        { message: "mutable ref 'main'", line: 10, column: 15 },
      ],
      output: wf('push', '      - uses: actions/checkout@${1:sha} # v4\n      - uses: "owner/tool/sub@${1:sha}" # pinned later\n'),
    },
    {
      name: 'shape detection outside .github, reusable workflow and docker image',
      code: 'on: [push]\npermissions: {}\njobs:\n  call:\n    uses: org/repo/.github/workflows/build.yml@v1\n  img:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: docker://alpine:3\n',
      errors: [{ message: "job 'call'", line: 5, column: 11 }, { message: 'not pinned to a digest', line: 9, column: 13 }],
      output: 'on: [push]\npermissions: {}\njobs:\n  call:\n    uses: org/repo/.github/workflows/build.yml@${1:sha} # v1\n  img:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: docker://alpine:3\n',
    },
  ],
});

runRuleTests('GHA002', {
  valid: [
    { file: F, code: wf('issues', '      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: echo "$TITLE ${{ github.sha }}"\n') },
    { name: 'Helm-like braces in a non-workflow', code: 'run: echo ${{ github.event.issue.title }}\n' },
  ],
  invalid: [
    {
      file: F,
      code: wf('issues', '      - name: greet # say hi\n        run: |\n          echo "Title: ${{ github.event.issue.title }}"\n          echo ${{ github.head_ref }} \'${{ github.event.issue.title }}\'\n'),
      errors: [
        { message: 'github.event.issue.title is attacker-controlled', line: 11, column: 24, endLine: 11, endColumn: 55 },
        { message: 'github.head_ref', line: 12, column: 16, endLine: 12, endColumn: 38 },
        { message: 'github.event.issue.title', line: 12, column: 40 },
      ],
      output: wf('issues', '      - name: greet # say hi\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n          HEAD_REF: ${{ github.head_ref }}\n        run: |\n          echo "Title: ${ISSUE_TITLE}"\n          echo "$HEAD_REF" "$ISSUE_TITLE"\n'),
    },
    {
      name: 'existing env block, one-line run',
      file: F,
      code: wf('pull_request', '      - env:\n          A: 1\n        run: echo ${{ github.event.pull_request.body }}\n'),
      errors: [{ message: 'github.event.pull_request.body', line: 11, column: 19 }],
      output: wf('pull_request', '      - env:\n          A: 1\n          PR_BODY: ${{ github.event.pull_request.body }}\n        run: echo "$PR_BODY"\n'),
    },
    {
      name: 'github-script (no fix: JavaScript)',
      file: F,
      code: wf('issue_comment', `      - uses: actions/github-script@${SHA}\n        with:\n          script: console.log("\${{ github.event.comment.body }}")\n`),
      errors: [{ message: 'via process.env', line: 11, column: 32 }],
    },
  ],
});

runRuleTests('GHA003', {
  valid: [{ file: F, code: wf('pull_request', `      - uses: actions/checkout@${SHA}\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n`) }],
  invalid: [{
    file: F,
    code: wf('pull_request_target', `      - uses: actions/checkout@${SHA}\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n      - run: gh pr checkout \${{ github.event.number }}\n`),
    errors: [{ message: 'checks out the pull request head in a pull_request_target workflow', line: 11, column: 16 }, { message: "fetches the pull request code ('gh pr checkout')", line: 12, column: 9 }],
  }],
});

runRuleTests('GHA004', {
  valid: [{ file: F, code: wf('push', '      - run: make\n') }],
  invalid: [{ file: F, code: wf('push', '      - run: make\n', 'permissions: write-all\n'), errors: [{ message: 'permissions: write-all', line: 3, column: 14, endLine: 3, endColumn: 23 }], output: wf('push', '      - run: make\n', 'permissions: { contents: read }\n') }],
});

runRuleTests('GHA005', {
  valid: [
    { file: F, code: wf('push', '      - run: make\n') },
    { name: 'every job sets permissions', code: 'on: push\njobs:\n  a:\n    permissions: {contents: read}\n    runs-on: ubuntu-latest\n    steps:\n    - run: make\n' },
  ],
  invalid: [{
    code: '# CI\non:\n  push:\njobs:\n    test:\n        runs-on: ubuntu-latest\n        steps:\n        - run: make test\n',
    errors: [{ message: "job 'test' gets the repository's default token permissions", line: 2, column: 1, endLine: 2, endColumn: 3 }],
    output: '# CI\non:\n  push:\npermissions:\n    contents: read\njobs:\n    test:\n        runs-on: ubuntu-latest\n        steps:\n        - run: make test\n',
  }],
});

runRuleTests('GHA006', {
  valid: [
    { file: F, code: wf('push', `      - uses: someone/deploy@${SHA}\n        with:\n          token: \${{ secrets.DEPLOY }}\n      - run: npm publish\n        env:\n          TOKEN: \${{ secrets.NPM }}\n`) },
  ],
  invalid: [{
    file: F,
    code: wf('push', '      - uses: someone/deploy@v1\n        with:\n          token: ${{ secrets.DEPLOY }}\n      - run: echo "${{ secrets.NPM }}" | base64\n      - run: ./x ${{ toJSON(secrets) }}\n'),
    errors: [
      { message: "a secret is passed in with.token to 'someone/deploy@v1'", line: 11, column: 18 },
      { message: 'the secret is printed to the log', line: 12, column: 20 },
      { message: 'toJSON(secrets) puts every secret', line: 13, column: 18 },
    ],
  }],
});

runRuleTests('GHA007', {
  valid: [{ file: F, code: wf('push', '      - run: make\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: false\n') }],
  invalid: [{
    file: F,
    code: wf('push', '      - run: make\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n          X: 1\n'),
    errors: [{ message: 'ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables', line: 11, column: 11, endLine: 11, endColumn: 48 }],
    output: wf('push', '      - run: make\n        env:\n          X: 1\n'),
  }],
});

runRuleTests('GHA008', {
  valid: [{ file: F, code: wf('push', '      - run: make\n').replace('ubuntu-latest', '[self-hosted, linux]') }],
  invalid: [{ file: F, code: wf('[pull_request]', '      - run: make\n').replace('ubuntu-latest', '[self-hosted, linux]'), errors: [{ message: 'triggered by pull_request', line: 7, column: 15, endLine: 7, endColumn: 26 }] }],
});

describe('GitHub Actions helpers', () => {
  it('tracks shell quoting', () => {
    const s = 'echo "a $x" \'b\' # "c\n"d';
    assert.strictEqual(shellQuoteAt(s, 8), '"');
    assert.strictEqual(shellQuoteAt(s, 14), "'");
    assert.strictEqual(shellQuoteAt(s, 12), '');
    assert.strictEqual(shellQuoteAt(s, s.length - 1), '"');
  });
  it('names env variables after the context', () => {
    assert.strictEqual(envName('github.event.pull_request.head.ref'), 'PR_HEAD_REF');
    assert.strictEqual(envName('github.head_ref'), 'HEAD_REF');
  });
  it('reads the YAML 1.1 key on (boolean true) and workflows outside .github by shape', () => {
    const f = analyzeText('ci.yaml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@v4\n').findings.map((x) => x.ruleId);
    assert.deepStrictEqual(f.sort(), ['GHA001', 'GHA005', 'GHA009']);
  });
});

describe('GitHub Actions recognition', () => {
  const ids = (file: string, text: string) => analyzeText(file, text).findings.map((f) => f.ruleId).filter((id) => /^(GHA|FAL|SPF)/.test(id));
  it('does not treat other CI systems or embedded text as workflows', () => {
    // CircleCI: jobs with steps, but no `on`, outside .github/workflows
    assert.deepStrictEqual(ids('.circleci/config.yml', 'version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:20.0\n    steps:\n      - checkout\n      - run: echo ${{ github.event.issue.title }}\n'), []);
    // a workflow as text inside a ConfigMap
    assert.deepStrictEqual(ids('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wf\ndata:\n  ci.yml: |\n    on: push\n    jobs:\n      a:\n        runs-on: ubuntu-latest\n        steps:\n        - uses: actions/checkout@v4\n'), []);
    // a Kubernetes object whose spec happens to have on/jobs
    assert.deepStrictEqual(ids('x.yaml', 'apiVersion: example.com/v1\nkind: Pipeline\nmetadata:\n  name: p\non: push\njobs:\n  a:\n    steps:\n    - uses: actions/checkout@v4\n'), []);
  });
  it('recognises composite steps only in workflows (an Ansible task list is not Falco or GHA)', () => {
    assert.deepStrictEqual(ids('site.yml', '- hosts: all\n  tasks:\n  - name: install\n    apt: {name: nginx}\n'), []);
  });
});
