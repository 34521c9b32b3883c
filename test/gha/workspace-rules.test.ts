/**
 * RuleTester cases for GHA018, a cross-file rule with a fix (#19): a calling workflow and the
 * reusable workflow it calls, analysed together; the fix edits the caller only (the other files of
 * a case must not change). test/gha/reusable.test.ts has the full set of GHA018's cases.
 */
import { runRuleTests } from '../ruleTester';

const CI = '.github/workflows/ci.yml';
const RELEASE = '.github/workflows/release.yml';
const TEST = '.github/workflows/test.yml';
const test = `name: test
on:
  workflow_call:
    inputs:
      node-version:
        type: string
        default: "22"
jobs:
  unit:
    permissions:
      contents: read
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - run: npm ci && npm test
`;
const ci = (permissions: string, job = '') => `name: ci
on:
  push:
    branches: [main]
${permissions}jobs:
  test:
    uses: ./.github/workflows/test.yml
${job}    with:
      node-version: "22"
`;

runRuleTests('GHA018', {
  valid: [
    { name: 'exactly the scopes the callee declares', files: { [CI]: ci('permissions:\n  contents: read\n'), [TEST]: test } },
    { name: 'the job narrows the workflow\'s write scopes', files: { [CI]: ci('permissions:\n  contents: write\n', '    permissions:\n      contents: read\n'), [TEST]: test } },
    { name: 'a workflow that is only called, without permissions', files: { [TEST]: test, '.github/workflows/nested.yml': 'on: workflow_call\njobs:\n  again:\n    uses: ./.github/workflows/test.yml\n' } },
  ],
  invalid: [
    {
      name: 'workflow-level write scopes reach a callee that reads: a block after uses:, the callee unchanged',
      files: { [CI]: ci('permissions:\n  contents: write # tags\n  packages: write\n'), [TEST]: test },
      errors: [{ file: CI, line: 10, column: 5, endLine: 10, endColumn: 39, severity: 'warning', message: "job 'test' calls ./.github/workflows/test.yml with the workflow's permissions, granting contents: write, packages: write, more than the called workflow's jobs declare (contents: read at most); narrow the job's permissions to { contents: read }." }],
      output: { [CI]: ci('permissions:\n  contents: write # tags\n  packages: write\n', '    permissions:\n      contents: read\n') },
    },
    {
      name: 'two callers in two files, each fixed in its own file',
      files: {
        [CI]: ci('permissions:\n  contents: read\n', '    permissions: write-all\n'),
        [RELEASE]: 'name: release\non:\n  release:\n    types: [published]\npermissions:\n  contents: write\n  id-token: write\njobs:\n  verify:\n    uses: ./.github/workflows/test.yml\n',
        [TEST]: test,
      },
      errors: [
        { file: CI, line: 10, column: 18, severity: 'warning', message: "job 'test' calls ./.github/workflows/test.yml with its permissions, granting actions: write" },
        { file: RELEASE, line: 10, column: 5, severity: 'warning', message: "job 'verify' calls ./.github/workflows/test.yml with the workflow's permissions, granting contents: write, id-token: write" },
      ],
      output: {
        [CI]: ci('permissions:\n  contents: read\n', '    permissions: { contents: read }\n'),
        [RELEASE]: 'name: release\non:\n  release:\n    types: [published]\npermissions:\n  contents: write\n  id-token: write\njobs:\n  verify:\n    uses: ./.github/workflows/test.yml\n    permissions:\n      contents: read\n',
      },
    },
    {
      name: 'the repository default token: the fix is unsafe',
      fix: 'Narrow',
      files: { [CI]: ci(''), [TEST]: test },
      errors: [{ file: CI, line: 7, column: 5, message: "with the repository's default token (no permissions block in the job or the workflow, often read-write on every scope), granting actions: write" }],
      output: { [CI]: ci('').replace('test.yml\n', 'test.yml\n    permissions:\n      contents: read\n') },
    },
    {
      name: 'a callee outside the scan with write-all: an error, no fix',
      files: { [CI]: 'on: push\npermissions: write-all\njobs:\n  build:\n    uses: octo-org/ci/.github/workflows/build.yml@v3\n' },
      errors: [{ file: CI, line: 5, column: 5, severity: 'error', message: "job 'build' calls octo-org/ci/.github/workflows/build.yml@v3 with permissions: write-all (the workflow's): every scope of the token is writable by the called workflow, and octo-org/ci/.github/workflows/build.yml@v3 cannot be read here" }],
    },
  ],
});
